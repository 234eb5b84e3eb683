// One output contract: every command's --json document, made from real input, starts with
// "format": "eas-doctor.KIND" and "version" and validates against schema/KIND.schema.json.
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JSON_KINDS, type JsonKind } from '../../src/cli/json.js';
import { root } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaOf = (kind: string) => JSON.parse(readFileSync(path.join(root, 'schema', `${kind}.schema.json`), 'utf8')) as object;
const home = mkdtempSync(path.join(tmpdir(), 'eas-json-'));
const env = { EAS_DOCTOR_HOME: home, EAS_DOCTOR_RESOLVER: '127.0.0.1:9' };
let server: net.Server;
let port = 0;
let session = '';
let transcript = '';

beforeAll(async () => {
  server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
  const walk = await cli(['run', 'net', '--answers', '-', '--journal', '--json'], env, 'no\ndid-not-help\nhost=mail.contoso.com\nport=443\n');
  session = (JSON.parse(walk.stdout) as { session: string }).session;
  transcript = path.join(home, 'walk.json');
  await cli(['export', session, '--format', 'json', '-o', transcript], env);
});
afterAll(() => server.close());

/** Each kind, made by a real run of its command. */
const RUNS: Record<JsonKind, () => string[]> = {
  validate: () => ['validate', '--json'],
  list: () => ['list', '--causes', '--json'],
  search: () => ['search', 'port', '--json'],
  show: () => ['show', 'net', '--json'],
  graph: () => ['graph', 'net', '--json'],
  test: () => ['test', '--json'],
  walk: () => ['run', 'net', '--answers', '-', '--json'],
  new: () => ['new', 'json-check', '--dir', path.join(home, 'trees'), '--json'],
  sessions: () => ['sessions', '--json'],
  replay: () => ['replay', transcript, '--json'],
  log: () => ['log', path.join(root, 'test', 'fixtures', 'logs', 'seed-000-cas2010.log'), '--json'],
  check: () => ['check', `127.0.0.1:${port}`, '--json', '--timeout', '2000'],
  probe: () => ['probe', 'tcp.connect', '--param', 'host=127.0.0.1', '--param', `port=${port}`, '--json'],
};

describe('every --json document', () => {
  test('every kind has a schema, and every schema but the editors\' is a kind or the transcript', () => {
    const files = readdirSync(path.join(root, 'schema')).filter((f) => f.endsWith('.schema.json'));
    for (const kind of JSON_KINDS) expect(files).toContain(`${kind}.schema.json`);
    expect(files.filter((f) => !/^(tree|tree-test|transcript)\.schema\.json$/.test(f)).map((f) => f.replace('.schema.json', '')).sort()).toEqual([...JSON_KINDS].sort());
  });

  test.for(JSON_KINDS)('%s: format, version, and its schema', async (kind) => {
    const r = await cli(RUNS[kind](), env, 'no\n');
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('wrote'))).toEqual([]);
    const doc = JSON.parse(r.stdout) as { format: string; version: number };
    expect(Object.keys(doc).slice(0, 2)).toEqual(['format', 'version']);
    expect(doc).toMatchObject({ format: `eas-doctor.${kind}`, version: 1 });
    const validate = ajv.compile(schemaOf(kind));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  test('the transcript export keeps its own schema, with the same format naming', async () => {
    const doc = JSON.parse(readFileSync(transcript, 'utf8')) as { format: string };
    expect(doc.format).toBe('eas-doctor.transcript');
    const validate = ajv.compile(schemaOf('transcript'));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  test('times are ISO-8601 strings, never epoch numbers', async () => {
    const walk = JSON.parse((await cli(RUNS.walk(), env, 'no\n')).stdout) as { path: Array<{ at: unknown }> };
    expect(walk.path.length).toBeGreaterThan(0);
    for (const step of walk.path) expect(step.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
