// Sorted output is the same on every desk: a helpdesk in Stockholm and one in Seattle diff the
// same `validate --json` (CI, ticket attachments), so the order must not follow LANG.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';

ensureBuilt();

test('validate lists diagnostics in one order whatever the locale', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-sort-'));
  // Swedish sorts "ä" after "z"; English sorts it beside "a". Code-unit order puts it last everywhere.
  for (const name of ['ä.yaml', 'z.yaml', 'a.yaml']) writeFileSync(path.join(dir, name), 'id: broken\n  title: [\n');
  const files = async (lang: string) => {
    const r = await runCli(['validate', dir, '--json'], { env: { LANG: lang, LC_ALL: lang } });
    return (JSON.parse(r.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => path.basename(d.file));
  };
  const sv = await files('sv_SE.UTF-8');
  const en = await files('en_US.UTF-8');
  expect(sv.length).toBeGreaterThanOrEqual(3);
  expect(sv).toEqual(en);
  expect([...new Set(sv)]).toEqual(['a.yaml', 'z.yaml', 'ä.yaml']);
});
