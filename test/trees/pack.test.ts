// The shipped tree pack, checked through the built CLI the way a helpdesk uses it: it
// validates clean with --strict, its tests reach every fix and escalation, every cause in
// the field documents (../shared/seeds) is reached from triage by hand in at most 8
// answers, the nodes that `check` and `log` point at exist, and every fix is complete.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { modeline } from '../../src/tree/json-schema.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');
const treesDir = path.join(root, 'trees');
const MAX_ANSWERS = 8;

/** Inputs given ahead of every scripted walk, so no walk stops to ask for one. */
const INPUTS = {
  host: 'mail.contoso.com',
  server: 'EX01',
  user: 'jmartin',
  netbios: 'CONTOSO',
  domain: 'contoso.com',
  email: 'jmartin@contoso.com',
  legacy: 'EX2007',
  legacyhost: 'legacy.contoso.com',
  device: 'ApplC39GQ0V1DTD3',
  devicetype: 'iPhone',
  logfile: '',
};

/** Each cause the field documents describe: the document, the fix node it must reach, and the answers from triage. */
const SEED_CAUSES: Array<{ seed: string; cause: string; fix: string; answers: string[] }> = [
  { seed: '000_ab06feac10fb37a8.txt', cause: 'devices send no domain; default logon domain on the CAS', fix: 'auth#fix-default-domain', answers: ['onprem-older', 'password-prompt', 'yes', 'yes', 'newer', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'no internet on the device', fix: 'connectivity#fix-device-internet', answers: ['onprem-older', 'cannot-connect', 'no', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'DNS on the device', fix: 'connectivity#fix-device-dns', answers: ['onprem-older', 'cannot-connect', 'no', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'wrong server address', fix: 'connectivity#fix-server-address', answers: ['onprem-older', 'cannot-connect', 'yes', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'firewall, port 443', fix: 'connectivity#fix-firewall-443', answers: ['onprem-older', 'cannot-connect', 'yes', 'yes', 'yes', 'no', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'IIS down, restart it', fix: 'connectivity#fix-restart-iis', answers: ['onprem-older', 'cannot-connect', 'yes', 'yes', 'yes', 'no', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'device clock wrong', fix: 'ssl#fix-device-clock', answers: ['onprem-older', 'cert-warning', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'expired certificate', fix: 'ssl#fix-renew-cert', answers: ['onprem-older', 'cert-warning', 'yes', 'expired'] },
  { seed: '001_25121ff90c942795.txt', cause: 'untrusted root (self-signed / internal CA)', fix: 'ssl#fix-install-root', answers: ['onprem-older', 'cert-warning', 'yes', 'untrusted'] },
  { seed: '001_25121ff90c942795.txt', cause: 'certificate name mismatch', fix: 'ssl#fix-reissue-cert', answers: ['onprem-older', 'cert-warning', 'yes', 'wrong-name', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'IP address instead of the name', fix: 'ssl#fix-use-host-name', answers: ['onprem-older', 'cert-warning', 'yes', 'wrong-name', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'FBA on Exchange 2003', fix: 'auth#fix-disable-fba', answers: ['onprem-older', 'password-prompt', 'yes', 'yes', 'exchange-2003', 'yes', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'FBA kept: Exchange-OMA virtual directory', fix: 'auth#fix-exchange-oma-vdir', answers: ['onprem-older', 'password-prompt', 'yes', 'yes', 'exchange-2003', 'yes', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'IWA missing on the back end', fix: 'auth#fix-iwa-backend', answers: ['onprem-older', 'password-prompt', 'yes', 'yes', 'exchange-2003', 'no', 'yes'] },
  { seed: '001_25121ff90c942795.txt', cause: 'ActiveSync not enabled on the mailbox / no policy', fix: 'provisioning#fix-enable-eas', answers: ['onprem-older', 'some-fail', 'some-users', 'no-log', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'no autodiscover CNAME', fix: 'dns#fix-autodiscover-cname', answers: ['onprem-older', 'autodiscover', 'no'] },
  { seed: '001_25121ff90c942795.txt', cause: 'ExternalUrl not set', fix: 'dns#fix-external-url', answers: ['onprem-older', 'autodiscover', 'yes', 'no'] },
  { seed: '002_1a1792eb8d326c5e.txt', cause: 'Nokia / Android cannot apply the policy: 449', fix: 'provisioning#policy-449', answers: ['onprem-older', 'some-fail', 'device-kind', 'not-provisioned'] },
  { seed: '003_6bdc5df3cffd329f.txt', cause: 'standalone CA: certificate name mapping', fix: 'cert-mapping#fix-name-mapping', answers: ['onprem-older', 'cert-devices', 'unauthorized', 'standalone'] },
  { seed: '004_56d02391b629760a.txt', cause: 'two legacy namespaces in one site', fix: 'coexistence#fix-one-namespace', answers: ['onprem-older', 'after-change', 'legacy-fails', 'on-legacy-via-2013', 'yes'] },
  { seed: '004_56d02391b629760a.txt', cause: 'CBA role services and settings', fix: 'cert-mapping#fix-cba-config', answers: ['onprem-older', 'cert-devices', 'password', 'no'] },
];

/** Most answers from triage to a cause of Exchange 2016/2019/SE, hybrid and Exchange Online. */
const MAX_MODERN_ANSWERS = 6;

/** The causes of issue 20 (../shared/docs/eas-modern.md): the fix each must reach from triage, by hand. */
const MODERN_CAUSES: Array<{ cause: string; fix: string; answers: string[] }> = [
  { cause: 'Extended Protection Required on the front end', fix: 'modern#fix-ep-required', answers: ['onprem-modern', 'prompts', 'fe-required'] },
  { cause: 'Extended Protection with SSL offloading', fix: 'modern#fix-ep-offload', answers: ['onprem-modern', 'prompts', 'on', 'offload'] },
  { cause: 'Extended Protection, bridging with another certificate', fix: 'modern#fix-ep-lb-cert', answers: ['onprem-modern', 'prompts', 'on', 'other-cert'] },
  { cause: 'TLS settings differ between servers', fix: 'modern#fix-tls-mismatch', answers: ['onprem-modern', 'prompts', 'on', 'same-cert', 'yes'] },
  { cause: 'old devices after TLS 1.0/1.1 were turned off', fix: 'ssl#fix-tls-legacy', answers: ['onprem-modern', 'old-devices', 'no'] },
  { cause: 'AutoBlock', fix: 'modern#fix-autoblock', answers: ['onprem-modern', 'blocked', 'autoblock'] },
  { cause: 'partnership limit (177) on 2016+', fix: 'provisioning#fix-partnership-limit', answers: ['onprem-modern', 'limits', 'partnerships'] },
  { cause: 'throttling (503) on 2016+', fix: 'provisioning#throttled', answers: ['onprem-modern', 'limits', 'throttled'] },
  { cause: 'reset device, new DeviceId, quarantined on-premises', fix: 'provisioning#fix-allow-device', answers: ['onprem-modern', 'blocked', 'global'] },
  { cause: 'Basic authentication retired in Exchange Online', fix: 'online#fix-basic-auth-retired', answers: ['exchange-online', 'password', 'basic'] },
  { cause: 'device access in Exchange Online: default level or lists', fix: 'online#fix-exo-allow-device', answers: ['exchange-online', 'blocked', 'individual-or-global'] },
  { cause: 'device access rule in Exchange Online', fix: 'online#fix-exo-access-rule', answers: ['exchange-online', 'blocked', 'device-rule'] },
  { cause: 'Conditional Access or Intune block', fix: 'online#escalate-conditional-access', answers: ['exchange-online', 'managed'] },
  { cause: 'Outlook for iOS and Android in Exchange Online', fix: 'online#fix-outlook-mobile-exo', answers: ['exchange-online', 'outlook-app', 'exchange-online'] },
  { cause: 'Outlook for iOS and Android, hybrid Modern Authentication', fix: 'online#fix-outlook-hma', answers: ['onprem-modern', 'outlook-app', 'on-premises'] },
  { cause: 'hybrid move: no 451 (organization relationship)', fix: 'online#fix-hybrid-target-url', answers: ['moving', 'no'] },
  { cause: 'hybrid move: Android prefix not in the redirect list', fix: 'online#fix-android-redirect-prefix', answers: ['moving', 'yes', 'android'] },
  { cause: 'hybrid move: device ignores 451', fix: 'online#fix-recreate-account', answers: ['moving', 'yes', 'other'] },
];

/** Nodes the `check` and `log` commands send the user to. */
const ENTRY_NODES = [
  'dns#start',
  'ssl#cert-state',
  'auth#fba',
  'auth#basic-missing',
  'auth#bad-credentials',
  'auth#default-domain',
  'auth#inheritance',
  'provisioning#policy-449',
  'provisioning#device-blocked',
  'provisioning#policy-refresh',
  'provisioning#user-disabled',
  'provisioning#throttled',
  'coexistence#redirect-451',
  'online#start',
];

const AREAS = ['triage', 'connectivity', 'dns', 'ssl', 'auth', 'provisioning', 'coexistence', 'cert-mapping', 'modern', 'online'];

/** The five field documents, cited by their titles (trees/sources.yaml). */
const SEED_TITLES: Record<string, string> = {
  '000_ab06feac10fb37a8.txt': "ActiveSync devices ask for authentication",
  '001_25121ff90c942795.txt': "Troubleshooting Exchange ActiveSync",
  '002_1a1792eb8d326c5e.txt': "ActiveSync doesn't work for specific devices",
  '003_6bdc5df3cffd329f.txt': "Exchange Active Sync with Certificate Authentication does not Work with Standalone CA",
  '004_56d02391b629760a.txt': "Multiple ActiveSync virtual directories with Certificate Based Authentication in Exchange 2007 to 2013 coexistence",
};

type RawTree = { id: string; start: string; nodes: Record<string, Record<string, unknown>> };

function loadPack(): Map<string, RawTree> {
  const trees = new Map<string, RawTree>();
  for (const f of readdirSync(treesDir)) {
    if (!f.endsWith('.yaml') || f.endsWith('.test.yaml') || f === 'sources.yaml') continue;
    const t = parse(readFileSync(path.join(treesDir, f), 'utf8')) as RawTree;
    trees.set(t.id, t);
  }
  return trees;
}

// Scripted walks journal their sessions; keep them out of the user's data folder.
const work = mkdtempSync(path.join(tmpdir(), 'eas-pack-'));
// The pack is checked as shipped: nothing from the environment may add or replace trees.
const env = { ...process.env, EAS_DOCTOR_TREES: treesDir, EAS_DOCTOR_HOME: work, NO_COLOR: '1' };

function runCli(args: string[], input?: string) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8', input, timeout: 30_000 });
}

beforeAll(() => {
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the tree pack', () => {
  test('has triage and the nine areas, each file named after its id with the schema modeline', () => {
    for (const id of AREAS) {
      const file = path.join(treesDir, `${id}.yaml`);
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe(modeline(VERSION));
      expect((parse(text) as RawTree).id).toBe(id);
    }
  });

  test('validates clean with --strict', () => {
    const r = runCli(['validate', treesDir, '--strict', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { errors: number; warnings: number; diagnostics: Array<{ file: string; line: number; code: string; message: string }> };
    expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(0);
    expect(r.status).toBe(0);
  });

  test('its tests pass and reach every fix and escalation', () => {
    const r = runCli(['test', treesDir, '--strict', '--json']);
    const report = JSON.parse(r.stdout) as { passed: number; failed: number; results: Array<{ name: string; passed: boolean }>; unreached: Array<{ key: string }> };
    expect(report.results.filter((t) => !t.passed).map((t) => t.name)).toEqual([]);
    expect(report.unreached.map((u) => u.key)).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });

  test('every node that check and log point at exists', () => {
    const trees = loadPack();
    for (const target of ENTRY_NODES) {
      const [tree, node] = target.split('#') as [string, string];
      const t = trees.get(tree);
      expect(t, `tree ${tree}`).toBeDefined();
      const id = node === 'start' ? t!.start : node;
      expect(t!.nodes[id], target).toBeDefined();
      const n = t!.nodes[id]!;
      expect('question' in n || 'fix' in n, `${target} is a question or a fix`).toBe(true);
    }
  });

  test('every fix says what is wrong, why, what to do, how to verify, where it comes from and what next', () => {
    const missing: string[] = [];
    for (const t of loadPack().values()) {
      for (const [id, n] of Object.entries(t.nodes)) {
        if (!('fix' in n)) continue;
        for (const key of ['cause', 'why', 'steps', 'verify', 'sources', 'unresolved']) {
          const v = n[key];
          if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) missing.push(`${t.id}#${id}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('every source a shipped fix cites is registered with a title, a publisher and a year; no file names', () => {
    const registry = parse(readFileSync(path.join(treesDir, 'sources.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    const problems: string[] = [];
    for (const t of loadPack().values()) {
      for (const [id, n] of Object.entries(t.nodes)) {
        if (!('fix' in n)) continue;
        for (const s of n.sources as string[]) {
          const entry = registry[s];
          if (!entry) problems.push(`${t.id}#${id}: "${s}" is not in sources.yaml`);
          else for (const key of ['title', 'publisher', 'year']) if (typeof entry[key] !== 'string' || entry[key] === '') problems.push(`${s}: no ${key}`);
        }
      }
    }
    for (const [id, entry] of Object.entries(registry)) if (/\.(txt|md|html?)$/i.test(String(entry.title))) problems.push(`${id}: cited by file name`);
    expect(problems).toEqual([]);
    // The five field documents are cited by their titles.
    const titles = Object.values(registry).map((e) => e.title);
    expect(titles).toEqual(expect.arrayContaining(['Troubleshooting Exchange ActiveSync', 'ActiveSync devices ask for authentication', "ActiveSync doesn't work for specific devices", 'Exchange Active Sync with Certificate Authentication does not Work with Standalone CA']));
  });

  test('list --sources prints the registry as text and JSON', () => {
    const text = runCli(['list', '--sources']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('troubleshooting-eas\n  Troubleshooting Exchange ActiveSync. field document, n.d.');
    expect(text.stdout).toContain('ms-ashttp-451\n  [MS-ASHTTP] 2.2.2.1.1 Status Line (451, X-MS-Location). Microsoft Open Specifications, 2025. https://learn.microsoft.com/');
    const json = JSON.parse(runCli(['list', '--sources', '--json']).stdout) as { format: string; version: number; sources: Array<Record<string, string>> };
    expect(json).toMatchObject({ format: 'eas-doctor.list', version: 1 });
    expect(json.sources.find((s) => s.id === 'veldhuis-specific-devices')).toEqual({ id: 'veldhuis-specific-devices', title: "ActiveSync doesn't work for specific devices", publisher: 'Johan Veldhuis (johanveldhuis.nl)', year: '2011', url: 'http://johanveldhuis.nl/activesync-doesnt-work-with-specific-devices/' });
  });

  test("README's table of causes is the output of list --causes --format md", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = /<!-- section:trees-table -->([\s\S]*?)<!-- \/section:trees-table -->/.exec(readme)?.[1] ?? '';
    const table = section.split('\n').filter((l) => l.startsWith('|')).join('\n');
    const r = runCli(['list', '--causes', '--format', 'md']);
    expect(r.status).toBe(0);
    expect(table).toBe(r.stdout.split('\n').filter((l) => l.startsWith('|')).join('\n'));
  });

  test('the seed table names every field document', () => {
    const seeds = new Set(SEED_CAUSES.map((c) => c.seed));
    expect([...seeds].sort()).toEqual(['000_ab06feac10fb37a8.txt', '001_25121ff90c942795.txt', '002_1a1792eb8d326c5e.txt', '003_6bdc5df3cffd329f.txt', '004_56d02391b629760a.txt']);
  });

  // The IIS log lines of the field documents (test/fixtures/logs) answer the log questions
  // with the iis.log probe run for real, from the node the log command points at.
  test.for([
    { seed: '000_ab06feac10fb37a8.txt', start: 'auth#default-domain', fix: 'auth#fix-default-domain', log: 'seed-000-cas2010.log', lines: ['user=User2', 'netbios=DOMAIN'] },
    { seed: '002_1a1792eb8d326c5e.txt', start: 'provisioning', fix: 'provisioning#policy-449', log: 'seed-002-pasted.txt', lines: ['user=Username'] },
  ])('seed $seed: its own IIS log leads from $start to its fix', ({ start, fix, log, lines }) => {
    const file = path.join(work, `evidence-${start.replace('#', '_')}.txt`);
    writeFileSync(file, ['host=mail.contoso.com', ...lines, `logfile=${path.join(root, 'test', 'fixtures', 'logs', log)}`].join('\n') + '\n');
    const r = runCli(['run', start, '--answers', file, '--run-probes', '--json']);
    const walk = JSON.parse(r.stdout) as { path: Array<{ node: string; byProbe: boolean }>; end?: { node: string } };
    expect(walk.end?.node).toBe(fix);
    expect(walk.path.at(-1)?.byProbe).toBe(true);
    expect(r.status).toBe(0);
  });

  test.for(MODERN_CAUSES)('$cause is reached from triage in at most 6 answers', ({ fix, answers }) => {
    expect(answers.length).toBeLessThanOrEqual(MAX_MODERN_ANSWERS);
    const file = path.join(work, `modern-${fix.replace('#', '_')}-${answers.length}.txt`);
    writeFileSync(file, [...Object.entries(INPUTS).map(([k, v]) => `${k}=${v}`), ...answers].join('\n') + '\n');
    const r = runCli(['run', 'triage', '--answers', file, '--json']);
    expect(r.stderr).toBe('');
    const walk = JSON.parse(r.stdout) as { path: Array<{ byProbe: boolean }>; end?: { kind: string; node: string; sources?: string[] } };
    expect(walk.end?.node).toBe(fix);
    if (walk.end?.kind === 'fix') expect(walk.end.sources?.length).toBeGreaterThan(0);
    expect(walk.path.filter((s) => !s.byProbe).length).toBe(answers.length);
    expect(r.status).toBe(0);
  });

  test.for(SEED_CAUSES)('seed $seed: $cause is reached from triage in at most 8 answers', ({ seed, fix, answers }) => {
    expect(answers.length).toBeLessThanOrEqual(MAX_ANSWERS);
    const file = path.join(work, `${fix.replace('#', '_')}.txt`);
    const lines = [...Object.entries(INPUTS).map(([k, v]) => `${k}=${v}`), ...answers];
    writeFileSync(file, lines.join('\n') + '\n');
    const r = runCli(['run', 'triage', '--answers', file, '--json']);
    expect(r.stderr).toBe('');
    const walk = JSON.parse(r.stdout) as { path: Array<{ node: string; byProbe: boolean }>; end?: { kind: string; node: string; sources: string[] } };
    expect(walk.end?.kind).toBe('fix');
    expect(walk.end?.node).toBe(fix);
    // The run shows the source as a person can follow it: title, publisher, year (never the file name).
    expect(walk.end?.sources).toContainEqual(expect.stringMatching(new RegExp(`^${SEED_TITLES[seed]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. .+, .+`)));
    expect(walk.end?.sources.join(' ')).not.toContain(seed);
    const byHand = walk.path.filter((s) => !s.byProbe).length;
    expect(byHand).toBe(answers.length);
    expect(byHand).toBeLessThanOrEqual(MAX_ANSWERS);
    expect(r.status).toBe(0);
  });
});
