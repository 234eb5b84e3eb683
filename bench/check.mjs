// bench/check: the full `eas-doctor check` sweep (DNS -> TCP -> TLS -> OPTIONS ->
// authenticated OPTIONS -> the ActiveSync conversation -> Autodiscover) against loopback
// servers, through the built CLI. Target: under 1 s. Then the same against a server that
// accepts and stalls: it must end at the deadline given with --timeout. Then `check --user`
// against Z-Push (a real ActiveSync server, ../shared/peers) behind a TLS terminator, with
// the time per conversation step: target under 2 s. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const cliPath = join(root, 'dist', 'cli.js');
if (!existsSync(cliPath)) {
  console.error('bench/check: dist/cli.js is missing; run "npm run build" first');
  process.exit(2);
}

// The loopback servers are the tests' own helpers, bundled on the fly (they are TypeScript).
const work = mkdtempSync(join(tmpdir(), 'eas-doctor-bench-'));
const out = join(work, 'servers.mjs');
await build({
  stdin: {
    contents: "export * from './certs.ts'; export * from './dns-server.ts'; export * from './eas-server.ts'; export * from './hostile-servers.ts'; export * from './z-push.ts';",
    resolveDir: join(root, 'test', 'helpers'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const h = await import(pathToFileURL(out).href);

const certs = h.testCerts();
const eas = await h.startEasServer();
const dns = await h.startDnsServer(h.contosoZone());
const stalled = await h.startHostile('silent');

const home = mkdtempSync(join(tmpdir(), 'eas-doctor-bench-home-'));
function cli(args, env = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH, EAS_DOCTOR_PASSWORD: 'Secret-Pa55', NO_COLOR: '1', EAS_DOCTOR_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout, ms: performance.now() - started }));
  });
}

const sweep = ['check', `mail.contoso.test:${eas.port}`, '--ca', certs.files.rootCa, '--resolver', dns.spec, '--user', 'user1', '--domain', 'CONTOSO', '--email', 'user1@contoso.test', '--json'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await cli(sweep); // warm the file cache
const runs = [];
for (let i = 0; i < 7; i++) runs.push(await cli(sweep));
const verdicts = new Set(runs.map((r) => `${r.code}:${JSON.parse(r.stdout).verdict}`));
const wall = median(runs.map((r) => r.ms));
const inner = median(runs.map((r) => JSON.parse(r.stdout).totalMs));
const stepMs = JSON.parse(runs[0].stdout).steps.map((s) => `${s.step} ${s.durationMs}`).join(', ');

const deadline = 800;
const stall = await cli(['check', `127.0.0.1:${stalled.port}`, '--timeout', String(deadline), '--json']);
const stallOut = JSON.parse(stall.stdout);

console.log(`check, full sweep on loopback (${JSON.parse(runs[0].stdout).steps.length} steps, 7 runs): median ${wall.toFixed(0)} ms wall incl. node start-up, ${inner} ms inside the sweep; target < 1000 ms; verdicts ${[...verdicts].join(' ')}`);
console.log(`  per step (first run, ms): ${stepMs}`);
console.log(`check, stalled server (accepts, never answers), --timeout ${deadline}: ${stall.ms.toFixed(0)} ms wall, ended at ${stallOut.problem?.step}: ${stallOut.problem?.classification}; limit ${deadline + 1000} ms`);

await Promise.all([eas.close(), dns.close(), stalled.close()]);

// check --user against Z-Push: the conversation a phone holds, per step.
process.env.EAS_DOCTOR_PEERS ??= [join(root, '..', 'shared', 'peers'), join(root, '..', '..', 'shared', 'peers')].find((p) => existsSync(join(p, 'z-push', 'serve.sh')));
let zOk = false;
if (!process.env.EAS_DOCTOR_PEERS) {
  console.log('check --user against Z-Push: skipped, ../shared/peers/z-push not found');
} else {
  const z = await h.startZPush();
  try {
    const args = ['check', `localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--json'];
    const env = { EAS_DOCTOR_PASSWORD: z.password };
    await cli(args, env); // the first run creates the partnership and Z-Push's state files
    const zRuns = [];
    for (let i = 0; i < 5; i++) zRuns.push(await cli(args, env));
    const outs = zRuns.map((r) => JSON.parse(r.stdout));
    const zWall = median(zRuns.map((r) => r.ms));
    const zVerdicts = new Set(zRuns.map((r, i) => `${r.code}:${outs[i].verdict}`));
    const per = (step) => median(outs.map((o) => o.steps.find((s) => s.step === step)?.durationMs ?? NaN));
    const conversationSteps = ['provision', 'foldersync', 'settings', 'sync'];
    console.log(`check --user against Z-Push (5 runs): median ${zWall.toFixed(0)} ms wall incl. node start-up, ${median(outs.map((o) => o.totalMs))} ms inside the sweep; target < 2000 ms; verdicts ${[...zVerdicts].join(' ')}`);
    console.log(`  conversation per step (median ms): ${conversationSteps.map((s) => `${s} ${per(s)}`).join(', ')}; the rest: ${outs[0].steps.filter((s) => !conversationSteps.includes(s.step)).map((s) => `${s.step} ${s.durationMs}`).join(', ')}`);
    console.log(`  commands (first run, ms): ${outs[0].steps.filter((s) => conversationSteps.includes(s.step)).flatMap((s) => (s.evidence?.commands ?? []).map((c) => `${c.cmd} ${c.httpStatus} ${c.ms}`)).join(', ')}`);
    zOk = zWall < 2000 && zVerdicts.size === 1 && zVerdicts.has('0:pass');
  } finally {
    await z.close();
  }
}
rmSync(work, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
const ok = wall < 1000 && stall.ms < deadline + 1000 && verdicts.size === 1 && verdicts.has('0:pass') && (zOk || !process.env.EAS_DOCTOR_PEERS);
process.exitCode = ok ? 0 : 1;
