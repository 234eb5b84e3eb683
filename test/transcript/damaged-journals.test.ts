// Journals and inputs that are damaged or not files at all: every damaged journal is listed
// with what is wrong and never stops the others; a FIFO or a device is refused at once, never
// opened in a way that blocks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

const fifoOk = process.platform !== 'win32';
let home: string;
let sessions: string;
const start = (id: string, at: number) => JSON.stringify({ type: 'start', at, id, tree: 'triage', node: 'start', ticket: `T-${id}`, trees: {} });
const note = (at: number) => JSON.stringify({ type: 'note', at, node: 'triage/start', text: 'n' });
const T = Date.UTC(2024, 4, 1);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'eas-damaged-'));
  sessions = path.join(home, 'sessions');
  mkdirSync(sessions);
  const put = (id: string, text: string) => writeFileSync(path.join(sessions, `${id}.jsonl`), text);
  put('20240501-good01', `${start('20240501-good01', T)}\n${note(T + 1)}\n`);
  put('20240501-time01', `${start('20240501-time01', 1e300)}\n${note(T + 1)}\n`);
  put('20240501-late01', `${start('20240501-late01', T + 5)}\n${note(1e300)}\n`);
  put('20240501-mid001', `${start('20240501-mid001', T + 2)}\n{"type":"note","at":\n${note(T + 3)}\n`);
  put('20240501-torn01', `${start('20240501-torn01', T + 4)}\n{"type":"note","at":17`);
  put('20240501-empty1', '');
  if (fifoOk) execFileSync('mkfifo', [path.join(sessions, '20240501-fifo01.jsonl')]);
});

describe('sessions with damaged journals', () => {
  test('text: every journal is listed, the damaged ones with what is wrong', async () => {
    const r = await runCli(['sessions'], { env: { EAS_DOCTOR_HOME: home }, timeoutMs: 10_000 });
    expect(r.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/20240501-good01 +T-20240501-good01/);
    expect(r.stdout).toMatch(/20240501-mid001\* +T-20240501-mid001/);
    expect(r.stdout).toContain('20240501-mid001: line 2 is damaged and ignored: it is not JSON');
    expect(r.stdout).toContain('20240501-late01: line 2 is damaged and ignored: its time ("at": 1e+300) is not a valid time');
    expect(r.stdout).toContain('20240501-torn01: line 2 was cut off while it was written');
    expect(r.stdout).toMatch(/20240501-time01: .*does not begin with the session's start \(line 1 is damaged and ignored: its time \("at": 1e\+300\) is not a valid time\)/);
    expect(r.stdout).toMatch(/20240501-empty1: .*\(it is empty\)/);
    if (fifoOk) expect(r.stdout).toMatch(/20240501-fifo01: .*is a named pipe \(FIFO\), not a file/);
  });

  test('--json: valid JSON, sessions and damaged journals both listed', async () => {
    const r = await runCli(['sessions', '--json'], { env: { EAS_DOCTOR_HOME: home }, timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.sessions.map((s: { id: string }) => s.id).sort()).toEqual(['20240501-good01', '20240501-late01', '20240501-mid001', '20240501-torn01']);
    expect(out.damaged.map((d: { id: string }) => d.id).sort()).toEqual(['20240501-empty1', ...(fifoOk ? ['20240501-fifo01'] : []), '20240501-time01']);
    expect(out.sessions.find((s: { id: string }) => s.id === '20240501-mid001').problems).toEqual(['line 2 is damaged and ignored: it is not JSON']);
  });

  test.skipIf(!fifoOk)('resume and export of a FIFO journal: refused at once', async () => {
    for (const args of [['resume', '20240501-fifo01', '--answers', '-'], ['export', '20240501-fifo01']]) {
      const r = await runCli(args, { env: { EAS_DOCTOR_HOME: home }, timeoutMs: 10_000 });
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.code, args.join(' ')).not.toBeNull();
      expect(r.stderr).toMatch(/named pipe \(FIFO\)/);
    }
  });
});

describe.skipIf(!fifoOk)('log on what is not a file', () => {
  test.for(['fifo', '/dev/zero', '/dev/urandom'])('%s: refused with a clear message, exit 2', async (what) => {
    let file = what;
    if (what === 'fifo') {
      file = path.join(home, 'u_ex240501.log');
      execFileSync('mkfifo', [file]);
    }
    const r = await runCli(['log', file], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(what === 'fifo' ? /is a named pipe \(FIFO\), not a log file/ : /is a character device, not a log file/);
  });
});
