// Bugs the fuzz suite found, each pinned by the smallest input that showed it.
import { describe, expect, test } from 'vitest';
import { DiagnosticBag, formatDiagnostic } from '../../src/tree/diagnostics.js';
import { loadTree } from '../../src/tree/load.js';

describe('found by fuzzing: trees', () => {
  // Seed 20261206, tree case 22: `x9: [[[[...` 20,000 deep. yaml's composer overflows the stack
  // and reported it as the engine's "Maximum call stack size exceeded (RESOURCE_EXHAUSTION)".
  test('collections nested thousands deep: a positioned YAML_SYNTAX that says what is wrong, not an engine error', () => {
    const diag = new DiagnosticBag();
    const text = `id: t\ntitle: T\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    loadTree('/trees/t.yaml', new TextEncoder().encode(text), diag, 't');
    const d = diag.items.find((x) => x.code === 'YAML_SYNTAX');
    expect(d).toMatchObject({ line: 3 });
    const shown = formatDiagnostic(d!, text);
    expect(shown).toMatch(/nest too deeply/);
    expect(shown).toMatch(/hint: .*close the brackets/);
    expect(shown).not.toMatch(/call stack|RESOURCE_EXHAUSTION/);
  });
});
