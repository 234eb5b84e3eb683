// A deterministic session over the transcript fixture tree: fixed clock and id, a stub probe
// that is handed the password (and, like a careless probe could, would echo it if asked to).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import type { Session } from '../../src/session/session.js';
import { openSessionStore, type SessionStore, type StoreDeps } from '../../src/transcript/store.js';
import { compileFixtures } from '../helpers/load-trees.js';

export const PASSWORD = 'Tr0ub4dor&3-transcript';
export const compiled = await compileFixtures('trees/transcript');
export const catalog = probeCatalog;

/** Inputs by name, given whenever the view asks. */
export const INPUTS: Record<string, string> = {
  server: 'mail.contoso.com',
  port: '443',
  user: 'CONTOSO\\jdoe',
  email: 'jdoe@contoso.com',
  password: PASSWORD,
};

/** eas.options, stubbed: checks the password it is given, reports like the real probe. */
export const stubRunner: ProbeRunner = async (id, params, ctx) => {
  if (ctx.secrets?.password !== PASSWORD) return { classification: 'bad-credentials', summary: 'wrong password', evidence: { status: 401 }, durationMs: 12 };
  return {
    classification: 'ok',
    summary: `ActiveSync answers for ${String(params.user)}: server 15.1, protocol versions 14.1, 16.1`,
    evidence: { url: `http://${String(params.host)}:${String(params.port)}/Microsoft-Server-ActiveSync`, status: 200, user: params.user, msServerActiveSync: '15.1', versions: ['14.1', '16.1'], peer: '10.20.30.40' },
    durationMs: 42,
  };
};

export function fixedDeps(runner: ProbeRunner = stubRunner, id = 'S-0001'): StoreDeps {
  let t = Date.UTC(2026, 10, 20, 9, 0, 0);
  return { compiled, catalog, runner, now: () => (t += 7_000), newId: () => id };
}

export function tempStore(): { store: SessionStore; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-transcript-'));
  return { store: openSessionStore({ dataDir: dir }), dir };
}

/** Gives every input the view asks for. */
export function give(s: Session): void {
  for (let v = s.view(); v.kind === 'input'; v = s.view()) s.input(v.input.name, INPUTS[v.input.name]!);
}

/**
 * The walk the snapshots show: the check's inputs, a probe run with the password that gives
 * the first answer, a note, an answer taken back, a fix (asking the input its commands use)
 * that did not help, and the escalation.
 */
export async function walkToEscalation(s: Session): Promise<void> {
  give(s);
  let v = s.view();
  if (v.kind === 'question' && v.probe?.missing.length) for (const i of v.probe.missing) s.input(i.name, INPUTS[i.name]!);
  await s.runProbe();
  v = s.view();
  if (v.kind !== 'question' || !v.probe?.suggested) throw new Error(`expected a probe suggestion, got ${v.kind}`);
  s.answer(v.probe.suggested, true);
  s.note('User says it started after the password change; the phone is on 192.168.1.20.');
  give(s);
  s.answer('yes');
  s.back();
  s.answer('no');
  // The fix asks what its commands use (the mailbox's address) just before it shows.
  give(s);
  s.notFixed();
}

/** Two open sessions: S-FIX left at the fix "Reset the password of CONTOSO\jdoe" (ticket INC-9), S-ASK at a question. */
export async function stopAtFixAndAtQuestion(store: SessionStore): Promise<{ atFix: Session; atQuestion: Session }> {
  const atFix = await store.create(fixedDeps(undefined, 'S-FIX'), { tree: 'mailbox', ticket: 'INC-9' });
  give(atFix);
  atFix.answer('no');
  give(atFix);
  const atQuestion = await store.create(fixedDeps(undefined, 'S-ASK'), { tree: 'mailbox' });
  give(atQuestion);
  atQuestion.answer('yes');
  return { atFix, atQuestion };
}
