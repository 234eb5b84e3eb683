// `eas-doctor show TREE` over the shipped pack and over an override in a temp --trees folder;
// `list` naming the bundled tree an override replaces.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { OutlineNode } from '../../src/tree/outline.js';
import { root, runCli } from '../helpers/cli.js';

interface ShowDoc {
  format: string;
  tree: string;
  start: string;
  nodes: OutlineNode[];
}

const show = async (args: string[]): Promise<ShowDoc> => {
  const r = await runCli(['show', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ShowDoc;
};

describe('eas-doctor show', () => {
  test('every shipped tree: each node but the start is entered from a node that exists and leads there', async () => {
    const list = JSON.parse((await runCli(['list', '--json'])).stdout) as { trees: { id: string }[] };
    const docs = new Map<string, ShowDoc>();
    for (const { id } of list.trees) docs.set(id, await show([id]));
    expect(docs.size).toBeGreaterThan(5);
    let crossTree = 0;
    for (const [id, doc] of docs) {
      const ids = new Set(doc.nodes.map((n) => n.id));
      expect(doc.nodes.filter((n) => n.start).map((n) => n.id), id).toEqual([doc.start]);
      for (const n of doc.nodes) {
        expect(['question', 'fix', 'escalate'], `${id}#${n.id}`).toContain(n.kind);
        expect(n.text.length, `${id}#${n.id}`).toBeGreaterThan(0);
        if (!n.start) expect(n.from.length + n.entries.length, `${id}#${n.id} is entered from somewhere`).toBeGreaterThan(0);
        for (const f of n.from) expect(ids, `${id}#${n.id} from ${f.node}`).toContain(f.node);
        for (const e of n.entries) {
          expect(e.tree).not.toBe(id);
          expect(docs.get(e.tree)?.nodes.map((m) => m.id), `${id}#${n.id} from ${e.tree}#${e.node}`).toContain(e.node);
          crossTree++;
        }
      }
    }
    // The pack is linked: triage hands over to the other trees.
    expect(crossTree).toBeGreaterThan(0);
    expect([...docs.values()].some((d) => d.nodes.some((n) => n.entries.some((e) => e.tree === 'triage')))).toBe(true);
  });

  test('text: one line per node with its kind and question, then where it is entered from', async () => {
    const doc = await show(['ssl']);
    const r = await runCli(['show', 'ssl']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`ssl: Certificate warnings on the device  (${doc.nodes.length} nodes, starts at ${doc.start})`);
    const start = doc.nodes.find((n) => n.start)!;
    expect(r.stdout).toMatch(new RegExp(`\\n${start.id} +question +${start.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const entered = doc.nodes.find((n) => n.entries.length)!;
    const e = entered.entries[0]!;
    expect(r.stdout).toContain(`${e.tree}#${e.node} (${e.via})`);
  });

  test('an override from --trees: its own text, controls shown as escapes; list says it replaces the bundled tree', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-show-'));
    const yaml = readFileSync(path.join(root, 'trees', 'ssl.yaml'), 'utf8').replace('title: Certificate warnings on the device', 'title: "Our own \\e[31mcertificate\\e[0m tree"');
    writeFileSync(path.join(dir, 'ssl.yaml'), yaml);
    const r = await runCli(['show', 'ssl', '--trees', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout.split('\n')[0]).toMatch(/^ssl: Our own \\x1b\[31mcertificate\\x1b\[0m tree /);
    const l = await runCli(['list', '--trees', dir]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain(`${path.join(dir, 'ssl.yaml')}: replaces bundled ssl`);
    expect(l.stdout).not.toContain('\x1b');
  });

  test('a tree that is not there: a usage error that suggests the nearest id', async () => {
    const r = await runCli(['show', 'sll']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no tree "sll". Did you mean "ssl"?');
    expect((await runCli(['show'])).code).toBe(2);
  });
});
