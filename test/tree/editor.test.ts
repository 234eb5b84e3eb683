// Editor support, tested the way editors use it: yaml-language-server over stdio (what the
// VS Code YAML extension, Neovim's yamlls and others run), given shipped trees copied to a temp
// folder. Their modeline names the schema by the URL the published package is served from; the
// client answers the server's content request for it from schema/ (as VS Code does, fetching
// it itself), so nothing leaves this machine, and the test sees which URL was asked for.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { TEST_SCHEMA_FILE, TREE_SCHEMA_FILE, schemaBaseUrl } from '../../src/tree/json-schema.js';
import { VERSION } from '../../src/version.js';
import { root } from '../helpers/cli.js';
import { startYamlLanguageServer, type LspClient } from '../helpers/lsp-client.js';

interface Diagnostic {
  range: { start: { line: number; character: number } };
  message: string;
  severity?: number;
}
interface CompletionItem {
  label: string;
}

const base = schemaBaseUrl(VERSION);
const dir = mkdtempSync(path.join(tmpdir(), 'eas-editor-'));
const asked: string[] = [];
let lsp: LspClient;
let version = 0;

const yamlSettings = { validate: true, completion: true, hover: true, schemaStore: { enable: false }, format: { enable: false } };

beforeAll(async () => {
  for (const f of ['ssl.yaml', 'ssl.test.yaml']) cpSync(path.join(root, 'trees', f), path.join(dir, f));
  lsp = startYamlLanguageServer((method, params) => {
    if (method === 'workspace/configuration') return (params as { items: { section?: string }[] }).items.map((i) => (i.section === 'yaml' ? yamlSettings : i.section === 'http' ? {} : null));
    if (method === 'vscode/content') {
      const uri = (Array.isArray(params) ? params[0] : params) as string;
      asked.push(uri);
      if (!uri.startsWith(base)) throw new Error(`not ours: ${uri}`);
      return readFileSync(path.join(root, 'schema', uri.slice(base.length)), 'utf8');
    }
    return null;
  });
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'trees' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { completion: { completionItem: { snippetSupport: false } } } },
  });
  lsp.notify('initialized', {});
  // What the VS Code extension sends: it fetches http(s) schemas for the server.
  lsp.notify('yaml/registerContentRequest', null);
  lsp.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
}, 30_000);

afterAll(async () => {
  await lsp?.close();
});

/** Opens `text` as a file of the temp folder; resolves with the diagnostics the server publishes. */
async function open(name: string, text: string): Promise<Diagnostic[]> {
  const uri = pathToFileURL(path.join(dir, name)).href;
  const published = lsp.next<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
  return (await published).diagnostics;
}

/** Completions at the `|` in `text`. */
async function complete(name: string, marked: string): Promise<string[]> {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  await open(name, text);
  const r = await lsp.request<{ items: CompletionItem[] } | CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: pathToFileURL(path.join(dir, name)).href },
    position: { line: before.length - 1, character: before.at(-1)!.length },
  });
  return (Array.isArray(r) ? r : r.items).map((i) => i.label);
}

const ssl = () => readFileSync(path.join(dir, 'ssl.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('yaml-language-server with a copied tree', () => {
  test('a shipped tree copied elsewhere has no diagnostics, its schema found by the URL the package is served from', async () => {
    expect(await open('ssl.yaml', ssl())).toEqual([]);
    expect(asked).toContain(base + TREE_SCHEMA_FILE);
    expect(asked.every((u) => u.startsWith(base))).toBe(true);
  });

  test('a copied test file has no diagnostics', async () => {
    expect(await open('ssl.test.yaml', readFileSync(path.join(dir, 'ssl.test.yaml'), 'utf8'))).toEqual([]);
    expect(asked).toContain(base + TEST_SCHEMA_FILE);
  });

  test('flags a misspelled probe id, an unknown parameter and an impossible classification where they stand', async () => {
    const text = ssl().replace('use: tls.certificate', 'use: tls.certificat');
    const diags = await open('bad-use.yaml', text);
    expect(diags.map((d) => d.range.start.line)).toContain(lineOf(text, 'use: tls.certificat'));
    expect(diags.find((d) => d.range.start.line === lineOf(text, 'use: tls.certificat'))!.message).toMatch(/tls\.certificate/);

    const withBad = ssl().replace("with: {host: '{{host}}', port: 443}", "with: {hots: '{{host}}', port: 443}").replace('expired: expired', 'expird: expired');
    const d2 = await open('bad-with.yaml', withBad);
    const lines = d2.map((d) => d.range.start.line);
    expect(lines).toContain(lineOf(withBad, 'hots:'));
    expect(lines).toContain(lineOf(withBad, 'expird:'));
    expect(d2.find((d) => d.range.start.line === lineOf(withBad, 'expird:'))!.message).toMatch(/not allowed|expird/i);
  });

  test('flags a test stub whose classification the probe never gives', async () => {
    const text = readFileSync(path.join(dir, 'ssl.test.yaml'), 'utf8').replace('probes: {tls.certificate: expired}', 'probes: {tls.certificate: expird}');
    const diags = await open('bad.test.yaml', text);
    expect(diags.map((d) => d.range.start.line)).toContain(lineOf(text, 'expird'));
  });

  test('completes probe ids after use:', async () => {
    const labels = await complete('c-use.yaml', ssl().replace('use: tls.certificate', 'use: |'));
    expect(labels).toEqual(expect.arrayContaining([...probeCatalog.keys()]));
  });

  test("completes the probe's own parameters in with: and its classifications in map:", async () => {
    const withText = ssl().replace("      with: {host: '{{host}}', port: 443}\n", '      with:\n        |\n');
    const params = await complete('c-with.yaml', withText);
    expect(params).toEqual(expect.arrayContaining(Object.keys(probeCatalog.get('tls.certificate')!.params)));
    expect(params).not.toContain('email');

    const mapText = ssl().replace('        expired: expired\n', '        |\n');
    const classes = await complete('c-map.yaml', mapText);
    // Those not mapped yet (the editor leaves out keys already there), the universal ones included.
    expect(classes).toEqual(expect.arrayContaining(['expired', 'handshake-failed', 'connect-failed', 'timeout', 'error']));
    expect(classes).not.toContain('refused');
    expect(classes).not.toContain('weak');
  });
});
