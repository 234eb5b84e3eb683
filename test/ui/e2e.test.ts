// The real built CLI in a real pseudo-terminal (tmux, 80x24): what a helpdesk engineer sees.
// Trees come from test/fixtures/trees/ui (EAS_DOCTOR_TREES replaces the bundled ones, so the
// walk does not change when the shipped trees do); sessions go to a temporary data folder.
// The only network is a loopback server on 127.0.0.1.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { compileTrees } from '../../src/compile/compile.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { itemKey } from '../../src/ui/select/use-select-state.js';
import { formatSource } from '../../src/tree/sources.js';
import { hasTmux, Pty } from '../helpers/pty.js';

// A real terminal on a shared machine: screens may take seconds under the whole suite's load.
vi.setConfig({ testTimeout: 180_000 });

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const trees = path.join(root, 'test', 'fixtures', 'trees', 'ui');
const tmux = await hasTmux();
const built = existsSync(cli);

let home: string;
const open: Pty[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  if (home) rmSync(home, { recursive: true, force: true });
});

async function wizard(args: string[], env: Record<string, string> = {}, size: { width?: number; height?: number } = {}) {
  const pty = await Pty.start({ command: ['node', cli, ...args], cwd: root, env: { EAS_DOCTOR_HOME: home, EAS_DOCTOR_TREES: trees, NO_COLOR: undefined as unknown as string, ...env }, ...size });
  open.push(pty);
  return pty;
}

/** Sends one key and waits for what it should bring. */
async function step(pty: Pty, key: string | string[], want: string | RegExp) {
  await pty.keys(...(Array.isArray(key) ? key : [key]));
  return pty.waitFor(want);
}

describe.skipIf(!tmux || !built)('the wizard in a terminal', () => {
  beforeAll(() => {
    if (!built) throw new Error('run "npm run build" first');
  });
  const fresh = () => (home = mkdtempSync(path.join(os.tmpdir(), 'eas-ui-e2e-')));

  test('triage to the expired-certificate fix, using back and restart; the fix shows its commands', async () => {
    fresh();
    const pty = await wizard([]);
    await pty.waitFor('› Not sure — start the general triage');
    await step(pty, 'Enter', 'Not sure yet › step 1');
    await step(pty, '2', 'Does the phone show a certificate warning?');
    await step(pty, '1', 'the fix is above');
    await step(pty, 'b', /› 1\. Yes\n/);
    // The fix card above no longer stands, and the screen says so, with the answer taken back.
    const back = (await pty.screen()).replace(/\s+/g, ' ');
    expect(back).toContain('↶ Back one step');
    expect(back).toContain('Does the phone show a certificate warning? → Yes (taken back)');
    expect(back).toContain('✗ Renew the Exchange certificate (shown above) no longer stands');
    // A restart from the fix takes back every answer, each by its question, and the fix with them.
    await step(pty, '1', 'the fix is above');
    await step(pty, 'r', 'Restart from the first question?');
    const restarted = (await step(pty, 'y', /⟲ Restarted from the first question[^]*› 1\. Yes, but some is missing/)).replace(/\s+/g, ' ');
    const undone = restarted.slice(restarted.lastIndexOf('⟲ Restarted'));
    expect(undone).toContain('Does the phone receive any mail at all? → No, nothing arrives (taken back)');
    expect(undone).toContain('Does the phone show a certificate warning? → Yes (taken back)');
    expect(undone).toContain('✗ Renew the Exchange certificate (shown above) no longer stands');
    // The question's text is still on screen in the lines above: wait for the live breadcrumb.
    await step(pty, '2', /Not sure yet › step 2\n/);
    await step(pty, 'Left', /› 2\. No, nothing arrives\n/);
    await step(pty, '2', /Not sure yet › step 2\n/);
    const screen = await step(pty, '1', 'Copy the commands');
    expect(screen).toContain(' FIX  Renew the Exchange certificate');
    expect(screen).toMatch(/╭─ ems ─+╮/);
    expect(screen).toContain('│ Get-ExchangeCertificate | fl Thumbprint,Subject,NotAfter,Services');
    expect(screen).toContain('│ Enable-ExchangeCertificate -Thumbprint THUMBPRINT -Services IIS');
    expect(screen).toContain('1. Copy the commands  (2)');
    // The live area fits the terminal: its footer is on screen, nothing is cut.
    expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    expect(screen).toContain('q quit');
    const copied = await step(pty, 'Enter', /also saved\s+in\s+\S+/);
    expect(copied.replace(/\n/g, '')).toContain(path.join(home, 'commands'));
    const exported = await step(pty, 'e', /Transcript written:[^]*\.html/);
    expect(exported.replace(/\n/g, '')).toContain(path.join(home, 'exports'));
    await step(pty, '2', 'Resolved: the fix worked.');
    await pty.keys('Enter');
    expect(await pty.exitCode()).toBe(0);
    const after = await pty.waitFor('[tty sane]', { history: true });
    expect(after).toMatch(/Session \S+ resolved\./);
    expect(await pty.cursorVisible()).toBe(true);
  });

  test('a probe runs against a loopback server and pre-selects the answer it maps to', async () => {
    fresh();
    let connections = 0;
    const server = net.createServer((sock) => {
      connections++;
      sock.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const pty = await wizard(['run', 'reach', '--ticket', 'INC-42']);
      // The question only names the values: nothing is asked until the check runs.
      const question = await pty.waitFor('Run check: connect to the server address the devices use (asked next)');
      expect(question.replace(/\s+/g, ' ')).toContain('Does the server address the devices use accept connections on port the port to check?');
      expect(question).not.toContain('The fix needs this first');
      expect(question).not.toContain('> ');
      // One list: the check heads the answers, selected; no "Answer myself" gate.
      expect(question).toContain('› 1. Run check');
      expect(question).toContain('2. Yes, it accepts them');
      expect(question).toContain('3. No');
      expect(question).not.toContain('Answer myself');
      await step(pty, 'Enter', 'The check needs this first');
      await pty.waitFor('The server address the devices use');
      await pty.type('https://127.0.0.1/owa');
      await pty.waitFor('> https://127.0.0.1/owa');
      await step(pty, 'Enter', 'without "https://"');
      await step(pty, 'C-u', 'for example mail.contoso.com');
      await pty.type('127.0.0.1');
      await pty.waitFor('> 127.0.0.1');
      await step(pty, 'Enter', 'The port to check');
      await pty.type(String(port));
      await pty.waitFor(`> ${port}`);
      // The last value given, the check runs at once.
      const result = await step(pty, 'Enter', '[PASS] TCP connection');
      expect(result).toContain('› 1. Yes, it accepts them  (the check says so)');
      expect(connections).toBe(1);
      const fix = await step(pty, 'Enter', 'the fix is above');
      expect(fix).toContain('FIX  Remove and add the account on the phone again');
      expect(fix).toContain('→ Yes, it accepts them (from the check)');
    } finally {
      server.close();
    }
  });

  test('a list longer than nine: every entry has a key (letters after 9), the footer says which; a long command on a narrow terminal', async () => {
    fresh();
    // Narrower than 80 columns: the command box is 60 wide, the quoted path 55 characters.
    const pty = await wizard(['run', 'many'], {}, { width: 72 });
    const screen = await pty.waitFor('Which mail app does the failing device use?');
    for (const line of ['› 1. iOS Mail', '9. BlackBerry Hub', 'a. TouchDown', 'c. Another app', "d. I don't know"]) expect(screen).toContain(line);
    expect(screen).toContain('↑↓ 1-9 a-d Enter choose');
    await step(pty, 'c', 'the fix is above');
    const fix = await pty.screen(true);
    expect(fix).toContain("FIX  Ask the app's vendor for its ActiveSync settings");
    expect(fix).toContain('→ Another app');
    // The long command breaks between words, never inside the quoted path, and each line but
    // the last ends with PowerShell's continuation mark: copied off the screen, it still runs.
    const box = fix.split('\n').filter((l) => /^\s*│ /.test(l)).map((l) => l.replace(/^\s*│ /, '').replace(/\s*│\s*$/, ''));
    expect(box.length).toBeGreaterThan(1);
    for (const line of box.slice(0, -1)) expect(line).toMatch(/ `$/);
    expect(box.at(-1)).not.toMatch(/`$/);
    expect(box.some((l) => l.includes('"EXCH01\\Microsoft-Server-ActiveSync (Default Web Site)"'))).toBe(true);
    expect(box.slice(1).every((l) => l.startsWith('  ')), JSON.stringify(box)).toBe(true);
    // Joined as PowerShell joins continued lines, the screen's lines are the command as written.
    const joined = box.map((l, i) => (i < box.length - 1 ? l.slice(0, -2) : l).trim()).join(' ');
    expect(joined).toBe('Set-ActiveSyncVirtualDirectory -Identity "EXCH01\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl "https://mail.contoso.com/Microsoft-Server-ActiveSync" -BasicAuthEnabled $true');
  });

  test('the key that picks "Run check" does not leak into the field the check asks for', async () => {
    fresh();
    const pty = await wizard(['run', 'quick']);
    await pty.waitFor('› 1. Run check: connect to');
    const asked = await step(pty, '1', 'The check needs this first');
    expect(asked).toContain('> for example mail.contoso.com');
    await pty.type('x');
    const typed = await pty.waitFor(/> 1?x/);
    expect(typed).not.toContain('> 1x');
  });

  test('Ctrl-C mid-walk keeps the session and restores the terminal; the start screen resumes it', async () => {
    fresh();
    const first = await wizard(['run', 'triage', '--ticket', 'INC-7']);
    await first.waitFor('Not sure yet › step 1');
    await step(first, '2', 'Does the phone show a certificate warning?');
    await first.keys('C-c');
    expect(await first.exitCode()).toBe(130);
    const end = await first.waitFor('[tty sane]', { history: true });
    expect(end).not.toMatch(/Error|at .*\.js:\d+/);
    const id = /Interrupted\. Session (\S+) is kept/.exec(end.replace(/\n/g, ''))?.[1];
    expect(id).toBeTruthy();
    expect(await first.cursorVisible()).toBe(true);

    const again = await wizard([]);
    await again.waitFor('Resume an open session:');
    expect(await again.screen()).toMatch(new RegExp(`Not sure yet  ${id} · ticket INC-7`));
    await step(again, 'Up', new RegExp(`› Not sure yet  ${id}`));
    const resumed = await step(again, 'Enter', 'Does the phone show a certificate warning?');
    expect(resumed).toContain(`Resumed session ${id} (ticket INC-7)`);
    expect(resumed).toContain('→ No, nothing arrives');
    expect(await step(again, '1', 'the fix is above')).toContain('Renew the Exchange certificate');
    await step(again, 'C-c', '[tty sane]');

    // Left at a fix, it is listed as "fix proposed" with the fix's title.
    const listed = await wizard([], {}, { width: 100 });
    await listed.waitFor('Resume an open session:');
    expect(await listed.screen()).toMatch(new RegExp(`Not sure yet  ${id} · fix proposed: Renew the Exchange certificate · ticket INC-7`));

    const byId = await wizard(['resume', id!]);
    const there = await byId.waitFor('the fix is above');
    expect(there).toContain('Renew the Exchange certificate');
  });

  test('killed with SIGTERM, it leaves like Ctrl-C: terminal restored, session kept', async () => {
    fresh();
    const pty = await wizard(['run', 'triage']);
    await pty.waitFor('Not sure yet › step 1');
    await pty.signal('SIGTERM');
    expect(await pty.exitCode()).toBe(130);
    const end = await pty.waitFor('[tty sane]', { history: true });
    expect(end).toMatch(/Interrupted\. Session \S+ is kept/);
    expect(await pty.cursorVisible()).toBe(true);
  });

  test('NO_COLOR: no colour escapes; without it, colours', async () => {
    fresh();
    const plain = await wizard(['run', 'triage'], { NO_COLOR: '1' });
    await plain.waitFor('Not sure yet › step 1');
    expect(await plain.screen(false, true)).not.toMatch(/\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m/);
    const colored = await wizard(['run', 'triage', '--trees', trees]);
    await colored.waitFor('Not sure yet › step 1');
    expect(await colored.screen(false, true)).toMatch(/\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m/);
    const flag = await wizard(['run', 'triage', '--no-color']);
    await flag.waitFor('Not sure yet › step 1');
    expect(await flag.screen(false, true)).not.toMatch(/\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m/);
  });

  test('adapts to a narrower terminal', async () => {
    fresh();
    const pty = await wizard(['run', 'triage']);
    await pty.waitFor('q quit');
    await pty.resize(50, 20);
    const narrow = await pty.waitFor((s) => s.includes('q quit') && s.split('\n').every((l) => l.length <= 50) && s.includes('restart'));
    expect(narrow).toContain('Does the phone receive any mail at all?');
  });
});

// The shipped trees, when they load cleanly: a walk from triage to a seed cause's fix, driven
// by answer keys. The test walks a session of its own alongside, so it knows which number
// each key has on screen and what the next screen must show, whatever the trees' wording.
const bundled = await (async () => {
  const r = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
  return r.diagnostics.errorCount === 0 && r.set.trees.has('triage') ? compileTrees(r.set) : undefined;
})();
const typed: Record<string, string> = { host: 'mail.contoso.com', server: 'EX01', user: 'jdoe', domain: 'CONTOSO', email: 'jdoe@contoso.com' };

describe.skipIf(!tmux || !built || !bundled)('the shipped trees in a terminal', () => {
  test('seed 001, expired certificate: triage to the renewal fix and its commands, answering checks by hand', async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'eas-ui-e2e-'));
    const model = Session.start({ compiled: bundled!, catalog: probeCatalog, runner: async () => ({ classification: 'error', summary: 'not run', evidence: {}, durationMs: 0 }), now: Date.now }, { tree: 'triage' });
    const pty = await Pty.start({ command: ['node', cli, 'run'], cwd: root, env: { EAS_DOCTOR_HOME: home, EAS_DOCTOR_TREES: path.join(root, 'trees') } });
    open.push(pty);
    /** Types what the walk asks for (never a real host: the checks are answered by hand). */
    const giveInputs = async () => {
      for (let v = model.view(); v.kind === 'input'; v = model.view()) {
        await pty.waitFor(v.input.ask.slice(0, 40));
        const value = typed[v.input.name] ?? v.input.example ?? 'x';
        model.input(v.input.name, value);
        await pty.type(value);
        await pty.waitFor(`> ${value}`);
        await pty.keys('Enter');
      }
    };
    await pty.waitFor('› Not sure — start the general triage');
    await pty.keys('Enter');
    for (const key of ['onprem-older', 'cert-warning', 'yes', 'expired']) {
      await giveInputs();
      const v = model.view();
      if (v.kind !== 'question') throw new Error(`expected a question for "${key}", the walk is at ${v.kind}`);
      await pty.waitFor(v.text.slice(0, 40));
      // A question with a check lists "Run check" first, then the answers: one key answers.
      const n = v.answers.findIndex((a) => a.key === key) + (v.probe ? 1 : 0);
      expect(n, `answer "${key}" at ${v.key}`).toBeGreaterThanOrEqual(0);
      await pty.keys(itemKey(n)!);
      model.answer(key);
    }
    await giveInputs();
    const fix = model.view();
    expect(fix).toMatchObject({ kind: 'fix', key: 'ssl/fix-renew-cert' });
    const screen = await pty.waitFor('the fix is above');
    const commands = fix.kind === 'fix' ? fix.steps.flatMap((s) => (s.run ? [s.run] : [])) : [];
    expect(commands.length).toBeGreaterThan(0);
    const last = commands.at(-1)!;
    // Its box is labelled by its shell (the label may have scrolled up past the replace list).
    expect(await pty.screen(true)).toContain(`╭─ ${last.shell} `);
    // The last command's first words are on the final screen, filled with what was typed.
    expect(screen.replace(/[│\s]+/g, ' ')).toContain(last.code.split(/\s+/).slice(0, 3).join(' '));
    // Its sources read as a person can follow them (title, publisher, year, URL), never as the
    // registry id the tree writes.
    const node = fix.kind === 'fix' ? bundled!.nodes.get(fix.key) : undefined;
    const ids = node?.kind === 'fix' ? node.sources.filter((id) => bundled!.set.sources?.has(id)) : [];
    expect(ids.length).toBeGreaterThan(0);
    const card = (await pty.screen(true)).replace(/\s+/g, ' ');
    for (const [i, id] of ids.entries()) {
      const source = bundled!.set.sources!.get(id)!;
      expect(card).toContain(`${i === 0 ? 'Sources: ' : ''}${source.title}`);
      expect(card).toContain(formatSource(source));
      expect(card).not.toMatch(new RegExp(`Sources:[^]*\\b${id}\\b`));
    }
  });
});

describe.skipIf(!built)('without a terminal', () => {
  test.for([[['run']], [[]]] as const)('eas-doctor %o with stdin not a terminal says to use run --answers and exits 2', async ([args]) => {
    const child = promisify(execFile)('node', [cli, ...args], { cwd: root, env: { ...process.env, EAS_DOCTOR_TREES: trees, EAS_DOCTOR_HOME: path.join(os.tmpdir(), 'eas-ui-none') } });
    child.child.stdin?.end();
    const err = await child.then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain('the wizard needs a terminal');
    expect(err?.stderr).toContain('--answers');
    expect(err?.stderr).not.toMatch(/Raw mode|at .*\.js:\d+/);
  });
});
