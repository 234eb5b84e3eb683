import { describe, expect, test } from 'vitest';
import { CODE_PAGES, FIRST_TOKEN } from '../../src/probes/lib/wbxml/code-pages.js';
import { decodeWbxml } from '../../src/probes/lib/wbxml/decode.js';
import { el, encodeWbxml, type OutElement } from '../../src/probes/lib/wbxml/encode.js';
import { find, textOf, type WbxmlNode } from '../../src/probes/lib/wbxml/node.js';
import { toXml } from '../../src/probes/lib/wbxml/to-xml.js';

/** The XML a tree we encode should decode back to. */
function outXml(e: OutElement | string | Uint8Array, indent = ''): string {
  if (typeof e === 'string') return `${indent}${e}`;
  if (e instanceof Uint8Array) return `${indent}[opaque ${e.length} bytes]`;
  if (!e.children.length) return `${indent}<${e.name}/>`;
  if (e.children.length === 1 && !(typeof e.children[0] === 'object' && 'name' in e.children[0]!)) return `${indent}<${e.name}>${outXml(e.children[0]!)}</${e.name}>`;
  return [`${indent}<${e.name}>`, ...e.children.map((c) => outXml(c, `${indent}  `)), `${indent}</${e.name}>`].join('\n');
}

function decodeOk(bytes: Uint8Array) {
  const r = decodeWbxml(bytes);
  if (!r.ok) throw new Error(`decode failed: ${r.error.code} at ${r.error.offset}: ${r.error.message}`);
  return r;
}

describe('code pages round-trip', () => {
  test.for([...CODE_PAGES.values()].map((p) => [p.namespace, p] as const))('%s: every tag encodes and decodes to itself', ([, p]) => {
    // Every tag of the page, each with text, under the page's first tag, with a foreign page between.
    const names = p.tags.filter(Boolean);
    const root = el(`${p.namespace}:${names[0]}`, ...names.map((n, i) => (i % 5 === 4 ? el(`${p.namespace}:${n}`) : el(`${p.namespace}:${n}`, `v${i} ü`))), el('Ping:Status', '1'), el(`${p.namespace}:${names[1]}`, new Uint8Array([0, 1, 2, 255])));
    const bytes = encodeWbxml(root);
    const r = decodeOk(bytes);
    expect(r.unknown).toEqual([]);
    expect(toXml(r.root)).toBe(outXml(root));
    // The tokens are where the tables put them.
    p.tags.forEach((n, i) => {
      if (!n) return;
      const one = decodeOk(encodeWbxml(el(`${p.namespace}:${n}`)));
      expect(one.root.token).toBe(i + FIRST_TOKEN);
      expect(one.root.page).toBe(p.page);
    });
  });
});

describe('byte-exact documents', () => {
  test('FolderSync request with SyncKey 0 is the bytes MS-ASWBXML prescribes', () => {
    const bytes = encodeWbxml(el('FolderHierarchy:FolderSync', el('FolderHierarchy:SyncKey', '0')));
    // 03 01 6a 00 header; SWITCH_PAGE 7; FolderSync 0x16|0x40; SyncKey 0x12|0x40; STR_I "0"; END END
    expect(Buffer.from(bytes).toString('hex')).toBe('03016a00000756520330000101');
  });

  test('a Provision response with the policy document decodes', () => {
    const doc = el(
      'Provision:Provision',
      el('Provision:Status', '1'),
      el('Provision:Policies', el('Provision:Policy', el('Provision:PolicyType', 'MS-EAS-Provisioning-WBXML'), el('Provision:Status', '1'), el('Provision:PolicyKey', '1307199584'), el('Provision:Data', el('Provision:EASProvisionDoc', el('Provision:DevicePasswordEnabled', '1'), el('Provision:RequireDeviceEncryption', '1'))))),
    );
    const r = decodeOk(encodeWbxml(doc));
    expect(textOf(find(r.root, 'Provision:Policies', 'Provision:Policy', 'Provision:PolicyKey'))).toBe('1307199584');
    expect(textOf(find(r.root, 'Provision:Policies', 'Provision:Policy', 'Provision:Data', 'Provision:EASProvisionDoc', 'Provision:RequireDeviceEncryption'))).toBe('1');
  });
});

describe('what the tables do not know', () => {
  test('an unknown page and an unknown token decode and are listed with their offsets', () => {
    // FolderSync, then page 99 token 0x20 with text, then page 7 token 0x3f (undefined) empty.
    const bytes = Uint8Array.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x00, 0x63, 0x60, 0x03, 0x78, 0x00, 0x01, 0x00, 0x07, 0x3f, 0x01]);
    const r = decodeOk(bytes);
    expect(r.unknown).toEqual([
      { name: 'page 99:0x20', page: 99, token: 0x20, offset: 9 },
      { name: 'page 7:0x3f', page: 7, token: 0x3f, offset: 16 },
    ]);
    expect(toXml(r.root)).toContain('<page 99:0x20>x</page 99:0x20>');
  });

  test('opaque data is kept as bytes and counted, never turned into text', () => {
    const r = decodeOk(encodeWbxml(el('AirSync:Sync', el('AirSync:ApplicationData', Uint8Array.from([0x1b, 0x5b, 0x32, 0x4a])))));
    const data = find(r.root, 'AirSync:ApplicationData')!;
    expect(data.children[0]).toMatchObject({ kind: 'opaque', bytes: Uint8Array.from([0x1b, 0x5b, 0x32, 0x4a]) });
    expect(r.opaqueBytes).toBe(4);
    expect(toXml(r.root)).not.toContain('\x1b');
  });
});

describe('bad bodies end in a positioned error', () => {
  const good = encodeWbxml(el('Provision:Provision', el('Provision:Status', '1'), el('Provision:Policies', el('Provision:Policy', el('Provision:PolicyKey', '42')))));

  test('every truncation of a valid body is "truncated" (or an empty body), never a throw', () => {
    for (let n = 0; n < good.length; n++) {
      const r = decodeWbxml(good.subarray(0, n));
      expect(r.ok, `prefix ${n}`).toBe(false);
      if (!r.ok) expect(['truncated', 'empty', 'no-root']).toContain(r.error.code);
      if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(n);
    }
  });

  test.for([
    ['HTML instead of WBXML', Buffer.from('<html><body>Error</body></html>'), 'bad-header'],
    ['a string with no NUL', Uint8Array.from([3, 1, 0x6a, 0, 0x45, 0x03, 0x41, 0x41]), 'truncated'],
    ['an integer longer than 5 bytes', Uint8Array.from([3, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 'bad-integer'],
    ['opaque longer than the body', Uint8Array.from([3, 1, 0x6a, 0, 0x45, 0xc3, 0x7f, 1, 2]), 'truncated'],
    ['attributes on a tag', Uint8Array.from([3, 1, 0x6a, 0, 0xc5, 0x01, 0x01]), 'attributes'],
    ['an extension token', Uint8Array.from([3, 1, 0x6a, 0, 0x45, 0xc0, 0x01]), 'unsupported-token'],
    ['bytes after the document', Uint8Array.from([3, 1, 0x6a, 0, 0x45, 0x01, 0x45, 0x01]), 'trailing-data'],
    ['text before any element', Uint8Array.from([3, 1, 0x6a, 0, 0x03, 0x41, 0x00]), 'no-root'],
  ] as const)('%s -> %s', ([, bytes, code]) => {
    const r = decodeWbxml(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  test('nesting without end is capped, not followed to the stack limit', () => {
    const deep = Uint8Array.from([3, 1, 0x6a, 0, ...new Array(100_000).fill(0x45)]);
    const r = decodeWbxml(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('too-deep');
  });

  test('random garbage never throws and always ends', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
      bytes[0] = 3;
      const r = decodeWbxml(bytes);
      if (r.ok) expect(r.root.kind).toBe('element');
      else expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
    }
  });
});

// Node type check for the helpers above.
export type _N = WbxmlNode;
