// The fix of test/fixtures/trees/fixcard/choose.yaml as the wizard shows it: text to replace in
// its commands (SITE) and a step done one of two ways.
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { compileFixtures } from '../helpers/load-trees.js';

export const compiled = await compileFixtures('trees/fixcard');

/** A session at the fix, with the legacy server named EX2010. */
export function chooseSession(): Session {
  let t = 1_790_000_000_000;
  const s = Session.start({ compiled, catalog: probeCatalog, runner: async () => ({ classification: 'error', summary: '', evidence: {}, durationMs: 0 }), now: () => (t += 1000), newId: () => 'S1' }, { tree: 'choose', ticket: 'INC-7' });
  s.answer('yes');
  if (s.view().kind === 'input') s.input('legacy', 'EX2010');
  return s;
}

export function chooseFix() {
  const v = chooseSession().view();
  if (v.kind !== 'fix') throw new Error(`expected the fix, got ${v.kind}`);
  return v;
}
