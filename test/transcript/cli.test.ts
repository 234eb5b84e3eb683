// The built CLI as a helpdesk engineer runs it: a scripted walk killed with SIGKILL between
// steps (and mid-write), then resumed; exports and replay through the real commands; a
// password sent by a real probe to a loopback server, then searched for in every artifact.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readJournalText } from '../../src/transcript/journal.js';
import { bin, root, runCli } from '../helpers/cli.js';

const PASSWORD = 'Kill-9-Pa55word!';
const SAMPLE = ['--trees', 'test/fixtures/trees/sample'];
const MAILBOX = ['--trees', 'test/fixtures/trees/transcript'];
const WALK = ['yes', 'host=mail.contoso.com', 'port=443', 'note: user on hotel Wi-Fi', 'closed', 'fixed'];

let tmp: string;
let env: Record<string, string>;
beforeAll(() => {
  // `npm test` builds first; alone, this file builds only when dist/ is missing.
  if (!fs.existsSync(bin)) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stderr}`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-cli-transcript-'));
  fs.mkdirSync(path.join(tmp, 'no-bundled-trees'));
  // Only the fixture trees: the bundled ones are not what these tests are about.
  env = { EAS_DOCTOR_TREES: path.join(tmp, 'no-bundled-trees') };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const journalIn = (dataDir: string) => {
  const dir = path.join(dataDir, 'sessions');
  // A walk killed with SIGKILL leaves its lock (`<id>.lock`) beside the journal: the next resume takes it over.
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [];
  return files.length === 1 ? path.join(dir, files[0]!) : undefined;
};
const eventCount = (file: string | undefined) => (file && fs.existsSync(file) ? readJournalText(fs.readFileSync(file, 'utf8')).events.length : 0);
// The steps of a journal; the `resume` line a resume adds is checked apart from them.
const shape = (file: string) =>
  readJournalText(fs.readFileSync(file, 'utf8')).events.filter((e) => e.type !== 'resume').map((e) => [e.type, 'node' in e ? e.node : '', 'answer' in e ? e.answer : '', 'name' in e ? e.name : '', 'value' in e ? e.value : '', 'text' in e ? e.text : ''].join(' ').trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the journal');
    await sleep(10);
  }
}

/** Starts `run net --answers -`, feeds `lines` one at a time (each after the journal grew), then kills it. */
async function runAndKill(dataDir: string, lines: string[], opts: { killMidLine?: boolean } = {}): Promise<string> {
  const child = spawn(process.execPath, [bin, 'run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', dataDir, '--ticket', 'INC-9'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await until(() => eventCount(journalIn(dataDir)) >= 1);
  for (const line of lines) {
    const before = eventCount(journalIn(dataDir));
    child.stdin.write(line + '\n');
    await until(() => eventCount(journalIn(dataDir)) > before);
  }
  if (opts.killMidLine) child.stdin.write('clo'); // half a line: never a step
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return journalIn(dataDir)!;
}

describe('kill -9 and resume', () => {
  test('a session killed between steps keeps every step taken, and resumes to the same end as an uninterrupted one', async () => {
    const whole = path.join(tmp, 'whole');
    const straight = await runCli(['run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', whole, '--ticket', 'INC-9'], { input: WALK.join('\n') + '\n', env });
    expect(straight.code).toBe(0);

    const killed = path.join(tmp, 'killed');
    const file = await runAndKill(killed, WALK.slice(0, 4), { killMidLine: true });
    const id = path.basename(file, '.jsonl');
    expect(shape(file)).toEqual(shape(journalIn(whole)!).slice(0, 5));

    const listed = await runCli(['sessions', '--data-dir', killed, '--json'], { env });
    expect(JSON.parse(listed.stdout)).toMatchObject({ format: 'eas-doctor.sessions', version: 1, sessions: [{ id, ticket: 'INC-9', tree: 'net', status: 'open', lastStep: { text: 'note at net#port-open' } }], damaged: [] });

    const resumed = await runCli(['resume', id, '--answers', '-', ...SAMPLE, '--data-dir', killed], { input: WALK.slice(4).join('\n') + '\n', env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('END: resolved at net#fix-firewall');
    expect(shape(file)).toEqual(shape(journalIn(whole)!));
    expect(readJournalText(fs.readFileSync(file, 'utf8')).events.filter((e) => e.type === 'resume')).toHaveLength(1);

    // The two sessions export the same walk (ids, times and the resume line aside).
    const strip = (s: string) => s.replace(/\d{8}-[a-z0-9]{6}/g, 'ID').replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+Z| UTC)/g, 'TIME').replace(/\d+ s\b|\d+ min \d+ s/g, 'DURATION');
    const a = await runCli(['export', id, '--format', 'md', ...SAMPLE, '--data-dir', killed], { env });
    const b = await runCli(['export', path.basename(journalIn(whole)!, '.jsonl'), '--format', 'md', ...SAMPLE, '--data-dir', whole], { env });
    expect(a.stdout).toMatch(/^- .* resume: session resumed$/m);
    expect(strip(a.stdout.replace(/^- .* resume: session resumed\n/m, ''))).toEqual(strip(b.stdout));
  });

  test.for([5, 20, 35])('killed %i ms into a fast walk: the journal reads back as a prefix of the walk, and resume finishes it', async (ms) => {
    const reference = path.join(tmp, `reference-${ms}`);
    expect((await runCli(['run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', reference, '--ticket', 'INC-9'], { input: WALK.join('\n') + '\n', env })).code).toBe(0);
    const full = shape(journalIn(reference)!);

    const dir = path.join(tmp, `moment-${ms}`);
    const child = spawn(process.execPath, [bin, 'run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', dir, '--ticket', 'INC-9'], { cwd: root, env: { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1', ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => eventCount(journalIn(dir)) >= 1);
    const feeding = (async () => {
      for (const line of WALK) {
        if (child.killed) return;
        child.stdin.write(line + '\n');
        await sleep(8);
      }
    })();
    await sleep(ms);
    child.kill('SIGKILL');
    await Promise.all([exited, feeding]);

    const file = journalIn(dir)!;
    const read = readJournalText(fs.readFileSync(file, 'utf8'));
    expect(read.problems.every((p) => p.kind === 'torn-line' && p.line === read.events.length + 1)).toBe(true);
    const got = shape(file);
    expect(got).toEqual(full.slice(0, got.length));
    if (got.length === full.length) return; // the walk finished before the kill
    const rest = WALK.slice(got.length - 1); // one event per answers line after the start
    const resumed = await runCli(['resume', path.basename(file, '.jsonl'), '--answers', '-', ...SAMPLE, '--data-dir', dir], { input: rest.join('\n') + '\n', env });
    expect(resumed.code).toBe(0);
    expect(shape(file)).toEqual(full);
  });

  test('a torn last line is reported, never fatal, and cut off by resume', async () => {
    const dir = path.join(tmp, 'torn');
    const file = await runAndKill(dir, WALK.slice(0, 3));
    fs.appendFileSync(file, '{"type":"note","at":1,"node":"net/po'); // what a kill mid-write leaves
    const listed = await runCli(['sessions', '--data-dir', dir], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/\* lines of the journal were skipped/);
    expect(listed.stdout).toMatch(/: line 5 was cut off while it was written/);
    const id = path.basename(file, '.jsonl');
    const resumed = await runCli(['resume', id, '--answers', '-', ...SAMPLE, '--data-dir', dir], { input: 'closed\nfixed\n', env });
    expect(resumed.stderr).toMatch(/journal: line 5 was cut off while it was written/);
    expect(resumed.code).toBe(0);
    const read = readJournalText(fs.readFileSync(file, 'utf8'));
    expect(read.problems).toEqual([]);
    expect(read.events.map((e) => e.type)).toEqual(['start', 'answer', 'input', 'input', 'resume', 'answer', 'fix-result', 'end']);
  });

  test('a session another process walks is refused (exit 2, its pid named); a lock left by a dead one is taken over', async () => {
    const dir = path.join(tmp, 'locked');
    const started = await runCli(['run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', dir], { input: 'yes\nhost=mail.contoso.com\n', env });
    expect(started.code).toBe(1);
    const file = journalIn(dir)!;
    const id = path.basename(file, '.jsonl');
    const lock = path.join(dir, 'sessions', `${id}.lock`);
    expect(fs.existsSync(lock)).toBe(false); // released when the walk ended
    const before = fs.readFileSync(file, 'utf8');
    const walker = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: walker.pid, host: os.hostname(), at: Date.now() }));
      const refused = await runCli(['resume', id, '--answers', '-', ...SAMPLE, '--data-dir', dir], { input: 'port=443\nclosed\nfixed\n', env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`session ${id} is being walked by another process (pid ${walker.pid} on ${os.hostname()}`);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    } finally {
      walker.kill('SIGKILL');
    }
    await new Promise((r) => walker.once('exit', r));
    // The holder is gone now: its lock is stale, and the resume takes it over and walks to the end.
    const resumed = await runCli(['resume', id, '--answers', '-', ...SAMPLE, '--data-dir', dir], { input: 'port=443\nclosed\nfixed\n', env });
    expect(resumed.code).toBe(0);
    expect(readJournalText(fs.readFileSync(file, 'utf8')).events.at(-1)).toMatchObject({ type: 'end', status: 'resolved' });
    expect(fs.existsSync(lock)).toBe(false);
  });

  test.for(['SIGTERM', 'SIGINT'] as const)('a scripted walk stopped with %s releases its lock', async (signal) => {
    const dir = path.join(tmp, `stopped-${signal}`);
    const child = spawn(process.execPath, [bin, 'run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', dir], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('yes\n'); // standard input stays open: the walk waits for the next line
    const sessions = path.join(dir, 'sessions');
    const locks = () => (fs.existsSync(sessions) ? fs.readdirSync(sessions).filter((f) => f.endsWith('.lock')) : []);
    await until(() => locks().length === 1 && eventCount(journalIn(dir)) >= 2);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(locks()).toEqual([]);
  });
});

describe('commands', () => {
  test.for([
    [['resume'], 2, /which session\? give its ID/],
    [['resume', 'nope', '--answers', '-', ...SAMPLE], 2, /no session "nope"/],
    [['resume', 'x'], 2, /the wizard needs a terminal/],
    [['export', 'nope', ...SAMPLE], 2, /no session "nope"/],
    [['export', 'x', '--format', 'pdf'], 2, /--format must be one of: md, json, html/],
    [['replay'], 2, /which transcript\?/],
    [['replay', 'missing.json'], 2, /cannot read "missing.json": no such file/],
    [['replay', 'package.json'], 2, /not an eas-doctor transcript/],
    [['sessions', '--status', 'done'], 2, /--status must be one of: open, resolved, escalated, abandoned/],
  ] as const)('%j exits %i with a clear message', async ([args, code, message]) => {
    const r = await runCli([...args, ...(args[0] === 'replay' ? [] : ['--data-dir', path.join(tmp, 'empty')])], { env });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(code);
  });

  test('export -o then replay: exit 0 on the same trees, 1 when a tree sends the walk elsewhere', async () => {
    const dir = path.join(tmp, 'replay');
    const run = await runCli(['run', 'net', '--answers', '-', '--journal', ...SAMPLE, '--data-dir', dir], { input: WALK.join('\n') + '\n', env });
    expect(run.code).toBe(0);
    const id = path.basename(journalIn(dir)!, '.jsonl');
    const out = path.join(dir, 'walk.json');
    const exp = await runCli(['export', id, '-o', out, ...SAMPLE, '--data-dir', dir], { env });
    expect(exp.stderr).toMatch(/wrote .*walk\.json \(json\)/);
    const byPath = await runCli(['export', journalIn(dir)!, '--format', 'md', ...SAMPLE], { env });
    expect(byPath.stdout).toContain('Resolved: fix "Open port 443 to the Exchange server" (net#fix-firewall)');
    const same = await runCli(['replay', out, ...SAMPLE], { env });
    expect(same.stdout).toMatch(/^same .*: still ends at net#fix-firewall \(resolved\)/);
    expect(same.code).toBe(0);

    // Today's tree sends "closed" to the escalation instead of the firewall fix.
    const changed = path.join(dir, 'changed');
    fs.mkdirSync(changed);
    fs.copyFileSync(path.join(root, 'test/fixtures/trees/sample/cert.yaml'), path.join(changed, 'cert.yaml'));
    const net = fs.readFileSync(path.join(root, 'test/fixtures/trees/sample/net.yaml'), 'utf8');
    fs.writeFileSync(path.join(changed, 'net.yaml'), net.replace('closed: {label: No, goto: fix-firewall}', 'closed: {label: No, goto: escalate-network}').replace('version: 2', 'version: 3'));
    const diff = await runCli(['replay', out, '--trees', changed], { env });
    expect(diff.stdout).toMatch(/^DIFF .*: ended at net#fix-firewall \(resolved\), now at net#escalate-network/);
    expect(diff.stdout).toContain('trees changed since the transcript: net');
    expect(diff.code).toBe(1);
  });
});

describe('a real probe with a password', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    // A loopback ActiveSync endpoint: 401 without credentials, 200 with the right ones.
    server = http.createServer((req, res) => {
      const auth = req.headers.authorization;
      const ok = auth === `Basic ${Buffer.from(`CONTOSO\\jdoe:${PASSWORD}`).toString('base64')}`;
      if (req.method === 'OPTIONS' && ok) {
        res.writeHead(200, { 'MS-Server-ActiveSync': '15.1', 'MS-ASProtocolVersions': '14.1,16.1', 'MS-ASProtocolCommands': 'Sync,FolderSync' });
      } else res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="mail"' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('the password reaches the server and no artifact: journal, md, json, html, plain and redacted', async () => {
    const dir = path.join(tmp, 'secret');
    const answers = ['server=127.0.0.1', `port=${port}`, 'user=CONTOSO\\jdoe', `password=${PASSWORD}`, 'email=jdoe@contoso.com', `note: called from 127.0.0.1`, 'no', 'did-not-help'];
    const run = await runCli(['run', 'mailbox', '--answers', '-', '--journal', '--run-probes', '--insecure', ...MAILBOX, '--data-dir', dir, '--ticket', 'INC-77'], { input: answers.join('\n') + '\n', env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/mailbox#signin .* -> Yes \(from the probe\) \[eas\.options: ok/);
    expect(run.code).toBe(0);
    const file = journalIn(dir)!;
    const id = path.basename(file, '.jsonl');
    const artifacts: Record<string, string> = { journal: fs.readFileSync(file, 'utf8') };
    for (const format of ['md', 'json', 'html']) {
      for (const redact of [false, true]) {
        const out = path.join(dir, `t${redact ? '.redacted' : ''}.${format}`);
        const r = await runCli(['export', id, '--format', format, '-o', out, ...(redact ? ['--redact'] : []), ...MAILBOX, '--data-dir', dir], { env });
        expect(r.code).toBe(0);
        artifacts[path.basename(out)] = fs.readFileSync(out, 'utf8');
      }
    }
    expect(Object.keys(artifacts)).toHaveLength(7);
    for (const [name, text] of Object.entries(artifacts)) expect({ name, leaks: text.includes(PASSWORD) }).toEqual({ name, leaks: false });
    expect(artifacts['t.redacted.md']).not.toMatch(/127\.0\.0\.1|jdoe|CONTOSO/);
    expect(artifacts['t.redacted.md']).toContain('Does ActiveSync on ip-1 accept the credentials of domain-1\\\\user-1?');
  });
});
