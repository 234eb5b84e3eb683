// A walk that comes back to a question already answered stops there and says so on screen.
import { expect, test, vi } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { createProgressChannel, WalkScreen } from '../../src/ui/walk/index.js';
import { compileFixtures } from '../helpers/load-trees.js';
import { renderUi } from './render.js';

const compiled = await compileFixtures('trees/unknown');

test('the loop end names the question it came back to; b goes back to the last answer', async () => {
  let t = 1_790_000_000_000;
  const s = Session.start({ compiled, catalog: probeCatalog, runner: async () => ({ classification: 'error', summary: '', evidence: {}, durationMs: 0 }), now: () => (t += 1000), newId: () => 'L1' }, { tree: 'loop' });
  const services = { copy: vi.fn(async () => ''), exportTranscript: vi.fn(async () => ''), progress: createProgressChannel() };
  const ui = renderUi(<WalkScreen session={s} compiled={compiled} services={services} onExit={vi.fn()} />);
  await ui.press('1');
  await ui.waitFor('Does the phone sync the calendar?');
  await ui.press('1');
  await ui.waitFor('came back to a question already answered');
  expect(ui.frame().replace(/\s+/g, ' ')).toContain('("Does the phone sync mail?"): escalate with the evidence gathered, or b to change the last answer.');
  await ui.press('b');
  await ui.waitFor('› 1. Yes');
  expect(s.status).toBe('open');
});
