// The WebAssembly line kernel against line-parser.ts: the same outcome and the same record for
// every line it answers, real lines, generated ones and damaged ones; the scanner reads alike
// with and without it; and the committed module is what the kernel source compiles to.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LineScanner } from '../../src/evidence/index.js';
import { layoutFromFields, parseFieldsDirective, type Layout } from '../../src/evidence/fields.js';
import { ASK_JS, borrowKernel, giveBackKernel, type LineKernel } from '../../src/evidence/line-kernel.js';
import { PARSED, newRecord, parseLine, type RequestRecord } from '../../src/evidence/line-parser.js';
import { FIELDS_14, FIELDS_15, line, logText, type Req } from './helpers.js';

const FIXTURES = ['public-lines.log', 'seed-000-cas2010.log', 'seed-000-cas2013-W3SVC1.log', 'seed-002-pasted.txt'].map((f) => `test/fixtures/logs/${f}`);

const RECORD_KEYS = [
  'lineS', 'lineE', 'ts', 'options', 'proxy', 'port', 'status', 'substatus', 'userS', 'userE', 'devS', 'devE', 'typeS', 'typeE', 'cmdS', 'cmdE',
  'nameS', 'nameE', 'logged', 'cipS', 'cipE', 'errS', 'errE', 'asS', 'asE', 'easS', 'easE', 'mbxS', 'mbxE', 'prxS', 'prxE',
] as const satisfies readonly (keyof RequestRecord)[];

function withKernel<T>(use: (k: LineKernel) => T): T {
  const kernel = borrowKernel();
  if (kernel === null) throw new Error('the line kernel did not load: this Node has no WebAssembly SIMD?');
  try {
    return use(kernel);
  } finally {
    giveBackKernel(kernel);
  }
}

interface Compared {
  /** The kernel's answer: an outcome, or ASK_JS. */
  kernel: number;
  js: number;
  /** Record fields that differ on a line both parsed. */
  diff: string[];
}

/** Parses `text` at `at` in the kernel's memory both ways. */
function compare(k: LineKernel, text: string, layout: Layout, at = 0): Compared {
  const work = k.work;
  const n = work.write(text, at, 'latin1');
  // Whatever follows the line is read by both (look-ahead past a parameter's name).
  work.fill(0x41, at + n, Math.min(work.length, at + n + 64));
  const a = newRecord();
  const b = newRecord();
  const kernel = k.parse(at, at + n, layout, a);
  const js = parseLine(work, at, at + n, layout, b);
  const diff = kernel === PARSED && js === PARSED ? RECORD_KEYS.filter((key) => a[key] !== b[key]).map((key) => `${key}: ${String(a[key])} != ${String(b[key])}`) : [];
  return { kernel, js, diff };
}

/** Seeded, so that a failure names a line that fails again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    s = (s ^ (s >>> 13)) >>> 0;
    return s / 2 ** 32;
  };
}

const LOGS = [
  'V141_Sst4_Error:DeviceNotProvisioned_As:BlockedP_Mbx:MB1.contoso.local_',
  'PrxFrom:10.0.1.10_V160_HH:mail.contoso.com_As:AllowedG_Mbx:MBX4.contoso.com_S143_Throttle:0',
  'S1_Error:UserPrincipalCouldNotBeFound_',
  'Error:UserDisabledForSync_As:BlockedG_S12x_',
  'As:Quarantined_Sst2_S3_S05_',
  '',
];

/** Well-formed lines in a layout, of every kind the reader tells apart. */
function requests(): Req[] {
  const out: Req[] = [];
  const rnd = random(7);
  for (let i = 0; i < 400; i++) {
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    out.push({
      at: `10:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
      user: pick(['alice', 'bob', 'carol@contoso.com', 'd', 'user1234']),
      device: pick(['ApplC39GQ1ZKDTFD', 'ANDROIDC1234', 'x']),
      type: pick(['iPhone', 'Android', 'WindowsMail']),
      cmd: pick(['Sync', 'Ping', 'FolderSync', 'Provision', 'Settings']),
      method: pick(['POST', 'POST', 'OPTIONS', 'GET']),
      status: pick([200, 401, 403, 449, 451, 500, 503]),
      sub: pick([0, 1, 2]),
      name: pick(['-', 'CONTOSO\\alice', 'contoso.local\\bob', 'bob@contoso.com']),
      log: rnd() < 0.8 ? pick(LOGS) : undefined,
      proxy: rnd() < 0.5,
    });
  }
  return out;
}

/** Variants a copy and paste or an odd server makes: case, a `?`, empty values, no User=. */
function oddLines(): string[] {
  const base = line({ at: '10:00:00', user: 'alice', log: 'Error:X_As:Y_S9_Mbx:M_PrxFrom:P_' });
  return [
    base,
    base.replace('/Microsoft-Server-ActiveSync/', '/MICROSOFT-SERVER-ACTIVESYNC/'),
    base.replace('/Microsoft-Server-ActiveSync/default.eas', '/Microsoft-Server-ActiveSync/PROXY/default.eas'),
    base.replace('/Microsoft-Server-ActiveSync/default.eas', '/Microsoft-Server-ActiveSync'),
    base.replace('/Microsoft-Server-ActiveSync/default.eas', '/owa/service.svc'),
    base.replace('User=alice', '?User=alice'),
    base.replace('User=alice&', ''),
    base.replace('User=alice', 'User='),
    base.replace('Log=Error:X_As:Y_S9_Mbx:M_PrxFrom:P_', 'Log=Error:X\\_As:Y'),
    base.replace('Log=Error:X_As:Y_S9_Mbx:M_PrxFrom:P_', 'Log=__Error:_As:'),
    base.replace('&DeviceId', '&amp;DeviceId'),
    base.replace('&DeviceId', '&amp'),
    base.replace('&DeviceId', '\\&DeviceId'),
    base.replace('User=alice&DeviceId=DEVALICE&DeviceType=iPhone&Cmd=Sync&Log=Error:X_As:Y_S9_Mbx:M_PrxFrom:P_', '-'),
    base.replace('2024-05-01', '2024-5-01'),
    base.replace('10:00:00', '10:00'),
    base.replace(' 200 0 0 ', ' 2x0 0 0 '),
    base.replace(' 200 0 0 ', ' 200 - 0 '),
    base.replace(' 443 ', ' 444 '),
    base.replace(' 443 ', ' - '),
    base.replace('POST', 'OPTIONSX'),
    base.replace('POST', 'options'),
    base.replace('DOMAIN\\alice', '-'),
    base.replace('DOMAIN\\alice', '--'),
    base + ' ',
    ' ' + base,
    base.replace(/ /g, '  '),
  ];
}

/** Random damage: a byte inserted, removed or replaced by one the parsers look for. */
function damaged(lines: readonly string[], n: number): string[] {
  const rnd = random(42);
  const bytes = [' ', '\\', '&', '_', ':', '=', 'E', 'S', 'L', 'D', 'U', '9', '-', '?', 'x'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = lines[Math.floor(rnd() * lines.length)]!;
    for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) {
      const at = Math.floor(rnd() * s.length);
      const what = rnd();
      const b = bytes[Math.floor(rnd() * bytes.length)]!;
      s = what < 0.4 ? s.slice(0, at) + b + s.slice(at) : what < 0.7 ? s.slice(0, at) + b + s.slice(at + 1) : what < 0.9 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at);
    }
    out.push(s);
  }
  return out;
}

describe('the line kernel', () => {
  test('the committed module is what src/evidence/kernel/line-kernel.ts compiles to', () => {
    const r = spawnSync(process.execPath, ['scripts/build-kernel.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('loads on this Node, and parses a line into the record line-parser.ts makes', () => {
    withKernel((k) => {
      const text = line({ at: '10:00:00', user: 'alice', proxy: true, status: 449, log: 'Error:DeviceNotProvisioned_As:BlockedP_S2_' });
      const r = newRecord();
      expect(k.parse(0, k.work.write(text, 0, 'latin1'), layoutFromFields(FIELDS_14), r)).toBe(PARSED);
      const f = (s: number, e: number) => k.work.toString('latin1', s, e);
      expect({ ts: r.ts, status: r.status, port: r.port, proxy: r.proxy, user: f(r.userS, r.userE), error: f(r.errS, r.errE), as: f(r.asS, r.asE), eas: f(r.easS, r.easE), cip: f(r.cipS, r.cipE) }).toEqual({
        ts: 20240501100000,
        status: 449,
        port: 444,
        proxy: true,
        user: 'alice',
        error: 'DeviceNotProvisioned',
        as: 'BlockedP',
        eas: '2',
        cip: '10.0.0.10',
      });
    });
  });

  test('the real lines of the fixtures: the same outcome and record', () => {
    withKernel((k) => {
      let parsed = 0;
      for (const file of FIXTURES) {
        let layout = layoutFromFields(FIELDS_14);
        for (const text of readFileSync(file, 'latin1').split(/\r?\n/)) {
          const fields = parseFieldsDirective(text);
          if (fields) layout = fields;
          if (!/^\d{4}-/.test(text)) continue;
          const c = compare(k, text, layout);
          // A pasted line with a field count of its own is the tolerant parser's.
          if (c.kernel === ASK_JS) {
            expect(c.js, `${file}: ${text}`).not.toBe(PARSED);
            continue;
          }
          expect({ outcome: c.kernel, diff: c.diff }, `${file}: ${text}`).toEqual({ outcome: c.js, diff: [] });
          if (c.js === PARSED) parsed++;
        }
      }
      expect(parsed).toBeGreaterThan(30);
    });
  });

  test('generated, odd and damaged lines in four layouts: wherever the kernel answers, it answers as line-parser.ts', () => {
    const layouts = [
      FIELDS_14,
      FIELDS_15,
      // Reordered, no cs-username and no sc-substatus.
      'time date cs-uri-query cs-method cs-uri-stem sc-status s-port',
      // No query: the user is the cs-username.
      'date time s-ip cs-method cs-uri-stem s-port cs-username c-ip sc-status sc-substatus',
    ];
    withKernel((k) => {
      const tally = { answered: 0, askedJs: 0, parsed: 0 };
      for (const fields of layouts) {
        const layout = layoutFromFields(fields);
        const names = fields.split(' ');
        // Each request written in this layout, with the helper's line as the source of the values.
        const full = logText(requests(), FIELDS_15).split('\r\n').filter((l) => /^\d/.test(l));
        const inLayout = full.map((l) => {
          const v = l.split(' ');
          return names.map((n) => v[FIELDS_15.split(' ').indexOf(n)] ?? '-').join(' ');
        });
        const odd = oddLines().map((l) => {
          const v = l.split(' ');
          return v.length === 14 ? names.map((n) => v[FIELDS_14.split(' ').indexOf(n)] ?? '-').join(' ') : l;
        });
        const all = [...inLayout, ...odd, ...damaged([...inLayout, ...odd], 3000)];
        all.forEach((text, i) => {
          // Also at the very end of the memory, where the kernel reads past the line.
          const at = i % 5 === 0 ? k.work.length - Buffer.byteLength(text, 'latin1') - 1 : 0;
          const c = compare(k, text, layout, at);
          if (c.kernel === ASK_JS) {
            tally.askedJs++;
            // Only a line whose spaces do not split it into the layout's fields.
            expect(text.split(' ').length, text).not.toBe(layout.count);
            return;
          }
          tally.answered++;
          if (c.js === PARSED) tally.parsed++;
          expect({ outcome: c.kernel, diff: c.diff }, `${fields}\n${text}`).toEqual({ outcome: c.js, diff: [] });
        });
        for (const text of inLayout) expect(compare(k, text, layout).kernel, text).not.toBe(ASK_JS);
      }
      expect(tally.answered).toBeGreaterThan(10_000);
      expect(tally.askedJs).toBeGreaterThan(1_000);
      expect(tally.parsed).toBeGreaterThan(5_000);
    });
  });
});

describe('the scanner with and without the kernel', () => {
  test('without WebAssembly (node --jitless) the built CLI reports the same', () => {
    const run = (flags: string[]) => spawnSync(process.execPath, [...flags, 'dist/cli.js', 'log', ...FIXTURES.slice(0, 3), '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const plain = run([]);
    const jitless = run(['--jitless']);
    expect(JSON.parse(plain.stdout)).toMatchObject({ requests: expect.any(Number) });
    expect(jitless.status).toBe(plain.status);
    expect(jitless.stdout).toBe(plain.stdout);
  });

  const view = (s: LineScanner) => JSON.stringify(s.part);

  test('reads the same counts, cells, samples and garbage', () => {
    const reqs = requests();
    const text =
      logText(reqs.slice(0, 200), FIELDS_15) +
      damaged(logText(reqs.slice(200, 260), FIELDS_15).split('\r\n').filter((l) => /^\d/.test(l)), 80).join('\r\n') +
      '\r\n' +
      logText(reqs.slice(260), FIELDS_14) +
      readFileSync('test/fixtures/logs/seed-002-pasted.txt', 'latin1');
    const scan = (kernel: boolean) => {
      const s = new LineScanner({ file: 'a', kernel });
      for (let i = 0; i < text.length; i += 4096) s.push(text.slice(i, i + 4096));
      s.finish();
      return s;
    };
    const js = scan(false);
    const wasm = scan(true);
    expect(js.part.requests).toBeGreaterThan(300);
    expect(js.part.garbage + js.part.repaired).toBeGreaterThan(0);
    expect(view(wasm)).toBe(view(js));
  });

  test('a push past the kernel memory, and more scanners at once than there are kernels, still read every line', () => {
    const reqs = Array.from({ length: 30_000 }, (_, i): Req => ({ at: '10:00:00', user: `user${i % 300}`, status: i % 7 === 0 ? 401 : 200 }));
    const big = logText(reqs);
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const one = new LineScanner({ file: 'a' });
    one.push(big);
    one.finish();
    expect(one.part.requests).toBe(30_000);
    // The kernel was given back when the work buffer outgrew it.
    const k = borrowKernel();
    expect(k).not.toBeNull();
    giveBackKernel(k!);

    const small = logText(reqs.slice(0, 500));
    const open = Array.from({ length: 7 }, () => new LineScanner({ file: 'a' }));
    for (const s of open) s.push(small);
    for (const s of open) s.finish();
    const reference = new LineScanner({ file: 'a', kernel: false });
    reference.push(small);
    reference.finish();
    for (const s of open) expect(view(s)).toBe(view(reference));
  });
});
