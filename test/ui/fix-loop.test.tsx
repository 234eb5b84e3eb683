// A walk whose "did not help" comes back to a fix already tried stops there, as it does at a
// question already answered, instead of showing the two fixes in turn for ever.
import { describe, expect, test, vi } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { createProgressChannel, WalkScreen } from '../../src/ui/walk/index.js';
import { compileFixtures, loadFixtures } from '../helpers/load-trees.js';
import { renderUi } from './render.js';

const compiled = await compileFixtures('trees/fix-loop');

function start(): Session {
  let t = 1_790_000_000_000;
  return Session.start({ compiled, catalog: probeCatalog, runner: async () => ({ classification: 'error', summary: '', evidence: {}, durationMs: 0 }), now: () => (t += 1000), newId: () => 'F1' }, { tree: 'fix-loop' });
}

describe('a fix already tried on the path', () => {
  test('the validator warns at the route that closes the circle', async () => {
    const r = await loadFixtures('trees/fix-loop');
    expect(r.diagnostics.items.map((d) => [d.code, d.line, d.message])).toEqual([['ROUTE_CYCLE', 29, '"unresolved" of fix "restart-phone" leads back to "fix-loop#re-add", a fix this walk has already shown: fix-loop#re-add -> fix-loop#restart-phone -> fix-loop#re-add']]);
  });

  test('the session ends escalated at it, naming it; b takes back the last "did not help"', () => {
    const s = start();
    s.answer('no');
    s.notFixed();
    expect(s.view()).toMatchObject({ kind: 'fix', key: 'fix-loop/restart-phone' });
    s.notFixed();
    expect(s.status).toBe('escalated');
    expect(s.view()).toMatchObject({ kind: 'end', status: 'escalated', key: 'fix-loop/re-add', loop: 'Re-add the account', loopAt: 'fix' });
    expect(s.history().at(-1)).toMatchObject({ type: 'end', loop: true, node: 'fix-loop/re-add' });
    s.back();
    expect(s.status).toBe('open');
    expect(s.view()).toMatchObject({ kind: 'fix', key: 'fix-loop/restart-phone' });
  });

  test('the end screen says the walk came back to a fix already tried', async () => {
    const s = start();
    const services = { copy: vi.fn(async () => ''), exportTranscript: vi.fn(async () => ''), progress: createProgressChannel() };
    const ui = renderUi(<WalkScreen session={s} compiled={compiled} services={services} onExit={vi.fn()} />);
    await ui.press('1');
    await ui.waitFor('Did not help — go on');
    await ui.press('2');
    await ui.waitFor('Restart the phone');
    await ui.press('2');
    await ui.waitFor('came back to a fix already tried');
    expect(ui.frame().replace(/\s+/g, ' ')).toContain('("Re-add the account"): escalate with the evidence gathered, or b to change the last answer.');
  });
});
