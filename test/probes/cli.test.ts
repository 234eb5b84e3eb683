// The built CLI (`node dist/cli.js`) against loopback servers: what a helpdesk user sees.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testCerts } from '../helpers/certs.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { startHostile } from '../helpers/hostile-servers.js';
import type { Running } from '../helpers/tls-servers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PASSWORD = 'Secret-Pa55';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let eas: EasServer;
let expired: EasServer;
let silent: Running;
let dns: DnsServer;
let ca: string;

beforeAll(async () => {
  // `npm test` builds first; a run of this file alone builds only when dist/ is missing
  // (rebuilding under other test files that spawn dist/cli.js at the same time would break them).
  if (!existsSync(CLI)) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stderr}`);
  }
  const c = testCerts();
  ca = c.files.rootCa;
  [eas, expired, silent, dns] = await Promise.all([
    startEasServer(),
    startEasServer({ certPem: c.expired.certPem, keyPem: c.expired.keyPem }),
    startHostile('silent'),
    startDnsServer(contosoZone({ 'old.contoso.test': { A: ['127.0.0.1'] } })),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([eas?.close(), expired?.close(), silent?.close(), dns?.close()]);
});

describe('eas-doctor check', () => {
  test('all pass: exit 0, every step in the JSON, the device side next, the password nowhere', async () => {
    const r = await cli(['check', `mail.contoso.test:${eas.port}`, '--ca', ca, '--resolver', dns.spec, '--user', 'user1', '--domain', 'CONTOSO', '--email', 'user1@contoso.test', '--json'], { EAS_DOCTOR_PASSWORD: PASSWORD });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('pass');
    expect(out.continueAt).toBe('provisioning#start');
    expect(out.steps.map((s: { step: string; status: string; classification: string }) => `${s.step}:${s.status}:${s.classification}`)).toEqual([
      'dns:pass:resolved',
      'tcp:pass:connected',
      'tls:pass:ok',
      'tls-versions:pass:legacy-refused',
      'options:pass:auth-required',
      'auth:pass:ok',
      'provision:pass:ok',
      'foldersync:pass:ok',
      'settings:pass:ok',
      'sync:pass:ok',
      'autodiscover:pass:found',
      'autodiscover-url:skip:undefined',
    ]);
    expect(out.steps.at(-2).evidence.easUrl).toBe(eas.easUrl);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  test('all pass, but Autodiscover sends the mailbox to Exchange Online: continue in the online tree', async () => {
    const own = eas.easUrl;
    eas.easUrl = 'https://outlook.office365.com/Microsoft-Server-ActiveSync';
    try {
      const args = ['check', `mail.contoso.test:${eas.port}`, '--ca', ca, '--resolver', dns.spec, '--user', 'user1', '--domain', 'CONTOSO', '--email', 'user1@contoso.test'];
      const json = await cli([...args, '--json'], { EAS_DOCTOR_PASSWORD: PASSWORD });
      const out = JSON.parse(json.stdout);
      expect(out.verdict).toBe('pass');
      expect(out.steps.at(-2)).toMatchObject({ step: 'autodiscover', status: 'pass', classification: 'found-exchange-online' });
      expect(out.steps.at(-1)).toMatchObject({ step: 'autodiscover-url', status: 'skip' });
      expect(out.continueAt).toBe('online#start');
      const text = await cli(args, { EAS_DOCTOR_PASSWORD: PASSWORD });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('Autodiscover says the mailbox is in Exchange Online: continue at online#start.');
    } finally {
      eas.easUrl = own;
    }
  });

  test('an expired certificate: the checklist, the verdict, and ssl#cert-state; no password over that TLS', async () => {
    expired.requests.length = 0;
    const r = await cli(['check', `mail.contoso.test:${expired.port}`, '--ca', ca, '--resolver', dns.spec, '--user', 'user1', '--domain', 'CONTOSO'], { EAS_DOCTOR_PASSWORD: PASSWORD });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[pass\] DNS +mail\.contoso\.test resolves to 127\.0\.0\.1/);
    expect(r.stdout).toMatch(/\[pass\] TCP +mail\.contoso\.test:\d+ accepted the connection/);
    expect(r.stdout).toMatch(/\[FAIL\] TLS +the certificate of mail\.contoso\.test:\d+ expired on/);
    expect(r.stdout).toMatch(/\[FAIL\] OPTIONS as user +credentials were not sent: the TLS certificate .* failed verification \(CERT_HAS_EXPIRED\)/);
    expect(r.stdout).toContain('Verdict: problem found at TLS: expired.');
    expect(r.stdout).toContain('Continue at: ssl#cert-state');
    expect(expired.requests.every((q) => !q.authorization)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  test('--insecure is stated in the output', async () => {
    const r = await cli(['check', `mail.contoso.test:${expired.port}`, '--resolver', dns.spec, '--insecure', '--timeout', '2000']);
    expect(r.stdout).toContain('--insecure: the password may be sent over unverified TLS or plain HTTP in this run');
  });

  test('a stalled server ends at the deadline', async () => {
    const r = await cli(['check', `127.0.0.1:${silent.port}`, '--timeout', '500', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.problem).toMatchObject({ step: 'tls', classification: 'timeout' });
    expect(out.continueAt).toBe('ssl#start');
    expect(r.ms).toBeLessThan(4000);
  });

  test('a name DNS does not know: dns#start', async () => {
    const r = await cli(['check', 'nowhere.contoso.test', '--resolver', dns.spec]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does not exist in DNS');
    expect(r.stdout).toContain('[skip] TCP');
    expect(r.stdout).toContain('Continue at: dns#start');
  });
});

describe('eas-doctor probe', () => {
  test('runs one probe with typed params and prints JSON', async () => {
    const r = await cli(['probe', 'tls.certificate', '--param', 'host=mail.contoso.test', '--param', `port=${eas.port}`, '--param', `ca=${ca}`, '--param', `resolver=${dns.spec}`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ probe: 'tls.certificate', classification: 'ok', verdict: 'pass', evidence: { protocol: 'TLSv1.3' } });
  });

  test('human output: badge, classification, summary, evidence', async () => {
    eas.behaviour = 'basic-missing';
    const r = await cli(['probe', 'eas.options', '-p', 'host=mail.contoso.test', '-p', `port=${eas.port}`, '-p', `ca=${ca}`, '-p', `resolver=${dns.spec}`]);
    eas.behaviour = 'exchange';
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}ActiveSync OPTIONS: basic-missing\n {6}the server asks for Negotiate, NTLM but does not offer Basic/);
    expect(r.stdout).toContain('authSchemes: Negotiate, NTLM');
  });

  test('the password comes from EAS_DOCTOR_PASSWORD and is never printed', async () => {
    const r = await cli(['probe', 'eas.options', '-p', 'host=mail.contoso.test', '-p', `port=${eas.port}`, '-p', `ca=${ca}`, '-p', `resolver=${dns.spec}`, '-p', 'user=user1@contoso.test', '--json'], { EAS_DOCTOR_PASSWORD: PASSWORD });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).classification).toBe('ok');
    expect(r.stdout).not.toContain(PASSWORD);
  });
});

describe('bad input: exit 2, a message that says how to fix it, no stack trace', () => {
  test.for([
    [['check'], 'which host?'],
    [['check', 'https://mail.contoso.com/owa'], 'looks like a URL'],
    [['check', 'mail.contoso.com:99999'], 'port "99999" is not a number between 1 and 65535'],
    [['check', 'mail', '--timeout', 'soon'], '--timeout: "soon" is not a time in milliseconds'],
    [['check', 'mail', '--resolver', 'dns.google'], 'use IP or IP:PORT'],
    [['check', 'mail', '--ca', 'no-such-root.pem'], '--ca: cannot read "no-such-root.pem"'],
    [['check', 'mail', '--ca', 'package.json'], '--ca: "package.json" holds no PEM certificate'],
    [['check', 'mail', '--email', 'jdoe'], '--email: "jdoe" is not an e-mail address'],
    [['check', 'mail', '--password', 'x'], 'passwords are never taken from the command line'],
    [['check', 'mail', '--domain', 'CONTOSO'], '--domain only qualifies --user'],
    [['check', 'mail:0', '--timeout', '5', '--email', 'x'], 'port "0" is not a number between 1 and 65535'],
    [['check', 'mail', '--bogus'], 'unknown option --bogus'],
    [['check', 'mail', '--user', 'jdoe'], 'no password for jdoe: run in a terminal to be asked, or set EAS_DOCTOR_PASSWORD'],
    [['probe'], 'which probe?'],
    [['probe', 'tls.certificat'], 'unknown probe "tls.certificat". Did you mean "tls.certificate"?'],
    [['probe', 'tls.certificate', '--param', 'hots=mail'], 'unknown parameter "hots" for tls.certificate; did you mean "host"? Valid parameters: host, port, ca, resolver'],
    [['probe', 'tcp.connect', '--param', 'host=mail', '--param', 'port=http'], 'port: "http" is not a port number (1-65535)'],
    [['probe', 'tcp.connect', '--param', 'host'], '--param "host" must be key=value'],
    [['probe', 'eas.options', '--param', 'host=mail', '--param', 'password=x'], 'password: secrets are never taken from the command line'],
  ] as const)('%j', async ([args, message]) => {
    const r = await cli([...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
