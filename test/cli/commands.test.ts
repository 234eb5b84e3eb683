// The real bin, spawned for each authoring command, with good and bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { modeline } from '../../src/tree/json-schema.js';
import { VERSION } from '../../src/version.js';
import { commands } from '../../src/cli/main.js';
import { runCli, root } from '../helpers/cli.js';

const sample = path.join(root, 'test', 'fixtures', 'trees', 'sample');
const env = { EAS_DOCTOR_TREES: sample };
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

describe('eas-doctor (the built bin)', () => {
  test('--version prints the package version; --help lists the commands', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['validate', 'graph', 'test', 'run', 'list', 'new']) expect(help.stdout).toContain(`  ${c} `);
  });

  test('every command has --help with examples', async () => {
    for (const c of Object.keys(commands)) {
      const r = await runCli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/Examples?:\s+eas-doctor /);
    }
  });

  test('probe ID --help lists that probe\'s parameters and every classification a tree can map', async () => {
    const r = await runCli(['probe', 'tcp.connect', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}host +hostname +Host name or IP address to connect to \(required\)$/m);
    expect(r.stdout).toMatch(/^ {2}port +port +TCP port \(default 443\)$/m);
    for (const c of ['connected', 'refused', 'timeout', 'unreachable', 'dns-failed', 'error']) expect(r.stdout).toMatch(new RegExp(`^  ${c} +(pass|fail)`, 'm'));
    expect(r.stdout.match(/^ {2}timeout /gm)).toHaveLength(1);
  });

  test('an unknown command suggests the closest one and exits 2', async () => {
    const r = await runCli(['valdiate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean "validate"?');
  });

  test('an unknown option is a usage error, exit 2, no stack trace', async () => {
    const r = await runCli(['validate', '--strikt'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --strikt; did you mean --strict?');
    expect(r.stderr).toContain('eas-doctor validate --help');
    noStack(r.stderr);
  });

  test('validate: clean trees exit 0; a broken tree prints every problem with caret and hint, exit 1', async () => {
    expect((await runCli(['validate'], { env })).code).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'id: bad\ntitle: Bad\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Works?\n    answers:\n      yes: nowhere\n      no: "net#fix-firewal"\n    unknown: false\n');
    const r = await runCli(['validate', dir], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'bad.yaml')}:9:12: error UNKNOWN_TARGET`);
    expect(r.stderr).toContain('hint: did you mean "net#fix-firewall"?');
    expect(r.stderr).toMatch(/ {3}9 \| {7}yes: nowhere\n {5}\| {12}\^{7}\n/);
    expect(r.stderr).toMatch(/1 file\(s\), 3 tree\(s\): 2 error\(s\)/);
    noStack(r.stderr);
    const json = JSON.parse((await runCli(['validate', dir, '--format', 'json'], { env })).stdout) as { errors: number; diagnostics: Array<{ code: string; line: number; column: number }> };
    expect(json.errors).toBe(2);
    expect(json.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['UNKNOWN_TARGET', 9, 12],
      ['UNKNOWN_TARGET', 10, 11],
    ]);
  });

  test('validate --strict fails on warnings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'warn.yaml'), 'id: warn\ntitle: W\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Works?\n    answers: {yes: e, no: e}\n  e:\n    escalate: Up\n    to: Tier 2\n  orphan:\n    escalate: Lost\n    to: Nobody\n');
    expect((await runCli(['validate', dir], { env })).code).toBe(0);
    const strict = await runCli(['validate', dir, '--strict'], { env });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('warning UNREACHABLE node "orphan"');
  });

  test('validate --strict fails on a user tree that asks a shared input differently from the pack, naming the pack\'s definition', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'ours.yaml'), 'id: ours\ntitle: O\nversion: 1\ninputs:\n  host: {ask: Our host, format: hostname}\nstart: q\nnodes:\n  q:\n    question: Is {{host}} up?\n    answers: {yes: e, no: e}\n    unknown: e\n  e:\n    escalate: Up\n    to: Tier 2\n');
    expect((await runCli(['validate', '--trees', dir], { env: {} })).code).toBe(0);
    const r = await runCli(['validate', '--strict', '--trees', dir], { env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'ours.yaml')}:5:3: warning INPUT_DIFFERS input "host" is defined differently than in tree "auth": ask "Our host" here, "The server address the devices use (the Outlook Web App host name)" there; example none here`);
    expect(r.stderr).toMatch(/\n {2}"host" in tree "auth": trees\/auth\.yaml:\d+:3\n/);
    const json = JSON.parse((await runCli(['validate', '--trees', dir, '--json'], { env: {} })).stdout);
    expect(json.diagnostics.filter((d: { code: string }) => d.code === 'INPUT_DIFFERS')).toMatchObject([{ related: [{ file: 'trees/auth.yaml', column: 3, note: '"host" in tree "auth"' }] }]);
  });

  test('validate --strict fails on answers that come back round across user trees, positioned in text and JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    const escalate = '  e:\n    escalate: Up\n    to: Tier 2\n';
    writeFileSync(path.join(dir, 'ours-a.yaml'), `id: ours-a\ntitle: A\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Works?\n    answers: {yes: e, no: "ours-b#start"}\n    unknown: e\n${escalate}`);
    writeFileSync(path.join(dir, 'ours-b.yaml'), `id: ours-b\ntitle: B\nversion: 1\nstart: p\nnodes:\n  p:\n    question: Really?\n    answers: {yes: e, no: e}\n    unknown: "ours-a#q"\n${escalate}`);
    const file = path.join(dir, 'ours-b.yaml');
    for (const how of [{ args: ['--trees', dir], env: {} }, { args: [], env: { EAS_DOCTOR_TREES: `+${dir}` } }]) {
      expect((await runCli(['validate', ...how.args], { env: how.env })).code).toBe(0);
      const r = await runCli(['validate', '--strict', ...how.args], { env: how.env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:9:14: warning ROUTE_CYCLE "unknown" of "p" leads back to "ours-a#q", a question this walk has already asked: ours-a#q -> ours-b#p -> ours-a#q`);
      expect(r.stderr).toMatch(/ {3}9 \| {5}unknown: "ours-a#q"\n {5}\| {14}\^{8}\n {2}hint: lead it to a node that is not upstream of "p"/);
      expect(r.stderr).toMatch(/0 error\(s\), 1 warning\(s\) \(warnings fail with --strict\)/);
      noStack(r.stderr);
      const json = JSON.parse((await runCli(['validate', '--json', '--strict', ...how.args], { env: how.env })).stdout) as { warnings: number; diagnostics: Array<{ code: string; file: string; line: number; column: number; severity: string }> };
      expect(json.diagnostics).toEqual([expect.objectContaining({ code: 'ROUTE_CYCLE', severity: 'warning', file: path.relative(root, file), line: 9, column: 14 })]);
    }
  });

  test('validate PATH shows a circle that a tree under PATH closes through a tree outside it', async () => {
    // The shipped set leads b -> a; the override of a under PATH leads a -> b: the circle closes in b.yaml.
    const shipped = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    const ours = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    const escalate = '  e:\n    escalate: Up\n    to: Tier 2\n';
    const tree = (id: string, start: string, answers: string) => `id: ${id}\ntitle: ${id}\nversion: 1\nstart: ${start}\nnodes:\n  ${start}:\n    question: Works?\n    answers: {${answers}}\n    unknown: e\n${escalate}`;
    writeFileSync(path.join(shipped, 'a.yaml'), tree('a', 'q', 'yes: e, no: e'));
    writeFileSync(path.join(shipped, 'b.yaml'), tree('b', 'p', 'yes: e, no: "a#start"'));
    writeFileSync(path.join(ours, 'a.yaml'), tree('a', 'q', 'yes: e, no: "b#start"'));
    const shippedOnly = { EAS_DOCTOR_TREES: shipped };
    expect((await runCli(['validate', '--strict'], { env: shippedOnly })).code).toBe(0);
    const r = await runCli(['validate', ours, '--strict'], { env: shippedOnly });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(shipped, 'b.yaml')}:8:27: warning ROUTE_CYCLE answer "no" of "p" leads back to "a#q", a question this walk has already asked: a#q -> b#p -> a#q`);
    expect(r.stderr).toContain(`  through: ${path.join(ours, 'a.yaml')}\n`);
    const json = JSON.parse((await runCli(['validate', ours, '--json'], { env: shippedOnly })).stdout) as { diagnostics: Array<{ code: string; through?: string[] }> };
    expect(json.diagnostics).toEqual([expect.objectContaining({ code: 'ROUTE_CYCLE', through: [path.relative(root, path.join(ours, 'a.yaml'))] })]);
  });

  test('validate: a path that does not exist is a positioned error', async () => {
    const r = await runCli(['validate', 'no/such/dir'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/dir:1:1: error BAD_VALUE no such file or folder');
  });

  test('list shows trees with symptoms and fix counts; --causes --format md is a table', async () => {
    const r = await runCli(['list'], { env });
    expect(r.stdout).toMatch(/net +The server cannot be reached {2}\(2 fixes\)/);
    expect(r.stdout).toContain('symptoms: cannot connect, no connection');
    const md = await runCli(['list', '--causes', '--format', 'md'], { env });
    expect(md.stdout.split('\n').slice(0, 3)).toEqual(['| Tree | Cause | Fix | Sources |', '|---|---|---|---|', '| `cert` | The device clock is wrong | Set the device\'s clock (`cert#fix-clock`) | 001_25121ff90c942795.txt |']);
  });

  test('graph draws Mermaid and DOT with node ids, probes, answers, exits to and entries from other trees', async () => {
    const m = await runCli(['graph', 'net'], { env });
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/\nflowchart TB\n/);
    expect(m.stdout).toContain('q1_port_open{"port-open<br/>Does {{host}} accept connections<br/>on port {{port}}?<br/>probe: tcp.connect"}');
    expect(m.stdout).toContain('q1_port_open -->|"Yes, it accepts them<br/>(connected)"| e6_cert_start');
    expect(m.stdout).toContain('f3_fix_firewall -.->|"did not help"| e4_escalate_network');
    expect(m.stdout).toContain('e5_escalate_network[/"entry<br/>from cert#35;fix-renew"/]');
    const dot = await runCli(['graph', 'net', '--format', 'dot', '--direction', 'LR'], { env });
    expect(dot.stdout).toMatch(/^digraph "net" \{\n {2}rankdir=LR;/);
    expect(dot.stdout).toContain('"n:fix-firewall" -> "n:escalate-network" [label="did not help", style=dashed];');
    expect(dot.stdout).toContain('"e:escalate-network" -> "n:escalate-network" [style=dashed];');
    const direction = await runCli(['graph', 'net', '--direction', 'up'], { env });
    expect(direction.code).toBe(2);
    expect(direction.stderr).toContain('TB, LR');
    const bad = await runCli(['graph', 'nett'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Did you mean "net"?');
  });

  test('test runs tree tests and lists fixes no test reaches; --strict fails on them', async () => {
    const r = await runCli(['test'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  ok    net: port closed, found by the probe');
    expect(r.stdout).toMatch(/No test reaches these 1 fix\(es\) and escalation\(s\):\n {2}test\/fixtures\/trees\/sample\/cert\.yaml:21:3: fix cert#fix-renew/);
    expect((await runCli(['test', '--strict'], { env })).code).toBe(1);
  });

  test('test reports a failing walk with its position and where it stopped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'net.test.yaml'), 'tree: net\ntests:\n  - name: wrong expectation\n    answers: [no]\n    expect: fix-firewall\n');
    const r = await runCli(['test', dir, '--trees', sample], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL  net: wrong expectation\n        ${path.relative(root, path.join(dir, 'net.test.yaml'))}:3:5: expected the walk to end at "net#fix-firewall", it stopped at "net#fix-device-network"`);
  });

  test('test reports a bad answer at that answer, not at the test', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'net.test.yaml'), 'tree: net\ntests:\n  - name: bad answer\n    answers:\n      - yes\n      - maybe\n    inputs: {host: mail.contoso.com, port: "443"}\n    expect: fix-firewall\n');
    const r = await runCli(['test', dir, '--trees', sample], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path.relative(root, path.join(dir, 'net.test.yaml'))}:6:9: "maybe" is not an answer to "port-open"`);
  });

  test('validate checks test stubs at the stub: probe id, classification, probe on the walk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    const file = path.join(dir, 'net.test.yaml');
    writeFileSync(
      file,
      [
        'tree: net',
        'tests:',
        '  - name: misspelled probe',
        '    answers: [yes]',
        '    probes: {tcp.conect: refused}',
        '    expect: fix-firewall',
        '  - name: impossible classification',
        '    answers: [yes]',
        '    probes: {tcp.connect: expired}',
        '    expect: fix-firewall',
        '  - name: probe not on the walk',
        '    answers: [yes]',
        '    probes: {dns.lookup: nxdomain}',
        '    expect: fix-firewall',
        '  - name: a stub by node id is fine',
        '    answers: [yes]',
        '    probes: {port-open: refused}',
        '    expect: fix-firewall',
        '',
      ].join('\n'),
    );
    const r = await runCli(['validate', dir, '--trees', sample], { env });
    expect(r.code).toBe(1);
    const rel = file;
    expect(r.stdout + r.stderr).toContain(`${rel}:5:14: error UNKNOWN_PROBE test "misspelled probe" stubs "tcp.conect"`);
    expect(r.stdout + r.stderr).toContain('did you mean "tcp.connect"?');
    expect(r.stdout + r.stderr).toContain(`${rel}:9:27: error UNKNOWN_CLASSIFICATION test "impossible classification": probe "tcp.connect" never returns "expired"`);
    expect(r.stdout + r.stderr).toContain(`${rel}:13:14: error UNUSED_STUB test "probe not on the walk" stubs probe "dns.lookup"`);
    expect(r.stdout + r.stderr).not.toContain('a stub by node id');
  });

  test('new writes a starter tree that validates and passes its tests', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    const r = await runCli(['new', 'vpn-check', '--dir', dir], { env });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'vpn-check.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(modeline(VERSION));
    expect((await runCli(['validate', dir, '--strict'], { env })).code).toBe(0);
    const t = await runCli(['test', dir, '--strict'], { env });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Every fix and escalation is reached by a test.');
    const again = await runCli(['new', 'vpn-check', '--dir', dir], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('pass --force');
    expect((await runCli(['new', 'Bad_Id'], { env })).code).toBe(2);
  });

  test('--trees replaces a bundled tree with the same id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'cert.yaml'), readFileSync(path.join(sample, 'cert.yaml'), 'utf8').replace('title: Certificate warnings', 'title: Our own certificate tree'));
    const r = await runCli(['list', '--trees', dir], { env });
    expect(r.stdout).toContain('Our own certificate tree');
    expect(r.stdout).not.toMatch(/cert {2}Certificate warnings/);
    const v = await runCli(['validate', '--trees', dir], { env });
    expect(v.stdout).toContain(`${path.join(dir, 'cert.yaml')}: replaces bundled cert`);
    // Scripts see the override too, not only people reading the text.
    const vj = JSON.parse((await runCli(['validate', '--trees', dir, '--json'], { env })).stdout) as { replaced: { id: string; file: string; bundled: boolean }[] };
    expect(vj.replaced).toEqual([expect.objectContaining({ id: 'cert', file: path.join(dir, 'cert.yaml'), bundled: true })]);
    const lj = JSON.parse((await runCli(['list', '--trees', dir, '--json'], { env })).stdout) as { trees: { id: string; file: string; replaces?: { bundled: boolean } }[] };
    const cert = lj.trees.find((t) => t.id === 'cert')!;
    expect(cert.file).toBe(path.join(dir, 'cert.yaml'));
    expect(cert.replaces).toEqual(expect.objectContaining({ bundled: true }));
    expect(lj.trees.filter((t) => t.id !== 'cert').every((t) => t.replaces === undefined)).toBe(true);
    expect(lj.trees.length).toBeGreaterThan(1);
  });

  test('EAS_DOCTOR_TREES=+DIR adds a folder beside the bundled trees; DIR alone replaces them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'extra.yaml'), readFileSync(path.join(root, 'test', 'fixtures', 'trees', 'ui', 'quick.yaml'), 'utf8').replace('id: quick', 'id: extra'));
    const added = await runCli(['list', '--json'], { env: { EAS_DOCTOR_TREES: `+${dir}` } });
    const ids = (JSON.parse(added.stdout) as { trees: { id: string }[] }).trees.map((t) => t.id);
    expect(ids).toContain('extra');
    expect(ids).toContain('triage');
    const replaced = await runCli(['list', '--json'], { env: { EAS_DOCTOR_TREES: dir } });
    expect((JSON.parse(replaced.stdout) as { trees: { id: string }[] }).trees.map((t) => t.id)).toEqual(['extra']);
  });
});

describe('run --answers (scripted walk)', () => {
  test('walks to a fix and prints the path and the fix with its commands', async () => {
    const r = await runCli(['run', 'net', '--answers', '-'], { env, input: 'yes\nhost=mail.contoso.com\nport=443\nclosed\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  net#port-open  Does mail.contoso.com accept connections on port 443? -> No');
    expect(r.stdout).toContain('FIX net#fix-firewall: Open port 443 to the Exchange server');
    expect(r.stdout).toContain('      [powershell] Test-NetConnection mail.contoso.com -Port 443');
  });

  test('--json gives the path, inputs and the end', async () => {
    // Inputs may come before the step that uses them: the escalation asks none, but fills what is known.
    const r = await runCli(['run', 'net', '--answers', '-', '--json'], { env, input: 'host=mail.contoso.com\nport=443\nno\ndid-not-help\n' });
    const walk = JSON.parse(r.stdout) as { status: string; path: Array<{ node: string; answer: string }>; end: { kind: string; node: string } };
    expect(walk.path.map((p) => [p.node, p.answer])).toEqual([
      ['net#internet', 'no'],
      ['net#fix-device-network', 'did-not-help'],
    ]);
    expect(walk.end).toMatchObject({ kind: 'escalate', node: 'net#escalate-network' });
    expect(walk.status).toBe('escalated');
    expect(walk.end).toMatchObject({ attach: ['the output of Test-NetConnection mail.contoso.com -Port 443'] });
  });

  test('a wrong answer points at the answers file line and lists the valid answers, exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cli-'));
    writeFileSync(path.join(dir, 'walk.txt'), '# my walk\nyes\nhost=mail.contoso.com\nport=443\n  maybe\n');
    const r = await runCli(['run', 'net', '--answers', path.join(dir, 'walk.txt')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'walk.txt')}:5:3: error "maybe" is not an answer to "port-open"; answers: open, closed`);
    noStack(r.stderr);
  });

  test('a bad input value says to change that line, not to add one that is there', async () => {
    const r = await runCli(['run', 'net', '--answers', '-'], { env, input: 'yes\nhost=https://mail.contoso.com/owa\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:2:1: error /m);
    expect(r.stderr).toContain("hint: change this line's value, for example host=mail.contoso.com");
    expect(r.stderr).not.toContain('add a line');
    // A missing input (the fix's command needs the host) still gets the hint to add it.
    const missing = await runCli(['run', 'net', '--answers', '-'], { env, input: 'yes\nclosed\nfixed\n' });
    expect(missing.stderr).toContain('hint: add a line "host=VALUE" (for example host=mail.contoso.com) before it');
  });

  test('a scripted walk leaves no session behind unless --journal asks for one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-journal-'));
    const plain = await runCli(['run', 'net', '--answers', '-', '--data-dir', dir], { env, input: 'yes\n' });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('(not journaled; --journal keeps it)');
    const none = await runCli(['sessions', '--data-dir', dir, '--json'], { env });
    expect(JSON.parse(none.stdout).sessions).toEqual([]);
    const kept = await runCli(['run', 'net', '--answers', '-', '--journal', '--data-dir', dir], { env, input: 'yes\n' });
    expect(kept.stdout).not.toContain('not journaled');
    const id = /Session (\S+):/.exec(kept.stdout)![1];
    const listed = await runCli(['sessions', '--data-dir', dir, '--json'], { env });
    expect(JSON.parse(listed.stdout).sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[id, 'open']]);
  });

  test('answers that run out stop at the question, exit 1; a missing file is exit 2', async () => {
    const r = await runCli(['run', 'net', '--answers', '-'], { env, input: 'yes\nclosed\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('STOPPED: input "host" is needed');
    // A question that only names an input asks nothing: the walk stops at it.
    const q = await runCli(['run', 'net', '--answers', '-'], { env, input: 'yes\n' });
    expect(q.code).toBe(1);
    expect(q.stdout).toContain('STOPPED: the answers ran out at net#port-open: Does the external name of the EAS server accept connections on port the port?');
    const missing = await runCli(['run', 'net', '--answers', 'nope.txt'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read answers file "nope.txt": no such file');
  });

  test('the shipped pack: a question that names the host asks nothing; the fix whose step uses it asks it', async () => {
    const shipped = { EAS_DOCTOR_TREES: undefined };
    const stop = await runCli(['run', 'connectivity#server-address', '--answers', '-'], { env: shipped, input: 'no\n' });
    expect(stop.code).toBe(1);
    expect(stop.stdout).toContain("connectivity#server-address  Is the server address in the device's Exchange account exactly the server address the devices use, with no https://");
    expect(stop.stdout).toContain('STOPPED: input "host" is needed: The server address the devices use');
    expect(stop.stdout).not.toMatch(/\{\{|‹/);
    const fix = await runCli(['run', 'connectivity#server-address', '--answers', '-'], { env: shipped, input: 'no\nhost=mail.contoso.com\n' });
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain('FIX connectivity#fix-server-address');
    expect(fix.stdout).toContain('set Server to mail.contoso.com (no https://');
  });

  test('start at a node with tree#node; an unknown tree is a usage error', async () => {
    const r = await runCli(['run', 'cert#clock', '--answers', '-'], { env, input: 'no\n' });
    expect(r.stdout).toContain('FIX cert#fix-clock');
    const bad = await runCli(['run', 'nope', '--answers', '-'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no tree "nope"; trees: ');
  });

  test('--run-probes answers a question from a real probe against a loopback server', async () => {
    const net = await import('node:net');
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runCli(['run', 'net', '--answers', '-', '--run-probes'], { env, input: `yes\nhost=127.0.0.1\nport=${port}\nno\n` });
      expect(r.stdout).toContain(`Does 127.0.0.1 accept connections on port ${port}? -> Yes, it accepts them (from the probe) [tcp.connect: connected — 127.0.0.1:${port} accepted the connection`);
      expect(r.stdout).toContain('FIX cert#fix-clock');
    } finally {
      server.close();
    }
  });

  test('without --answers and without a terminal, run says how to script it, exit 2', async () => {
    const r = await runCli(['run', 'net'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('eas-doctor run TREE --answers FILE');
  });
});

describe('large tree sets', () => {
  test('a set too large for one thread is parsed on worker threads, with the same positions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-large-'));
    const tree = (id: string, pairs: number, broken: number) => {
      const lines = [`id: ${id}`, 'title: Large', 'version: 1', 'start: q0', 'nodes:'];
      for (let i = 0; i < pairs; i++) {
        lines.push(`  q${i}:`, `    question: Is step ${i} fine? ${'Padding text to make the file large. '.repeat(3)}`, '    answers:', `      yes: ${i + 1 < pairs ? `q${i + 1}` : 'esc'}`, `      no: ${i === broken ? 'nowhere' : `f${i}`}`);
        lines.push(`  f${i}:`, `    fix: Fix ${i}`, '    cause: Broken', '    why: Synthetic.', '    steps: [Do it]', '    verify: Works.', '    sources: [bench]', '    unresolved: esc');
      }
      lines.push('  esc:', '    escalate: Up', '    to: Tier 2');
      return lines.join('\n') + '\n';
    };
    writeFileSync(path.join(dir, 'a.yaml'), tree('a', 1500, -1));
    writeFileSync(path.join(dir, 'b.yaml'), tree('b', 1500, 1200));
    const r = await runCli(['validate', dir, '--format', 'json'], { env });
    const json = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; column: number }> };
    const lineOf = tree('b', 1500, 1200).split('\n').findIndex((l) => l === '      no: nowhere') + 1;
    expect(json.diagnostics.filter((d) => d.code === "UNKNOWN_TARGET").map((d) => [path.basename(d.file), d.code, d.line, d.column])).toEqual([['b.yaml', 'UNKNOWN_TARGET', lineOf, 11]]);
  });
});

describe('output into a closed pipe', () => {
  test('a reader that goes away (| head) ends the output without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { bin } = await import('../helpers/cli.js');
    // Thousands of lines: far more than a pipe holds, so writes go on after the reader left.
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-pipe-'));
    const fixes = Array.from({ length: 3000 }, (_, i) => `  f${i}:\n    fix: Fix number ${i} of many\n    why: W.\n    steps: [S]\n    verify: V.`).join('\n');
    writeFileSync(path.join(dir, 'big.yaml'), `id: big\ntitle: Big\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Q?\n    answers: {yes: f0, no: f1}\n${fixes}\n`);
    const child = spawn(process.execPath, [bin, 'list', '--causes'], { env: { PATH: process.env.PATH, EAS_DOCTOR_TREES: dir, XDG_CACHE_HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('the wizard with CI set', () => {
  test('says why it would be blank and how to start it, instead of drawing nothing', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli/main.js');
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await main(['run'], { stdin, stdout, stderr, env: { CI: 'true', EAS_DOCTOR_TREES: sample }, cwd: root, now: Date.now });
    expect(code).toBe(2);
    expect(err).toContain('CI is set in this environment');
    expect(err).toContain('env -u CI eas-doctor');
  });
});

test('validate: a file named on the command line is read as a tree whatever its name', async () => {
  const r = await runCli(['validate', '/dev/null'], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('/dev/null:1:1: error EMPTY_FILE the file holds no tree');
});
