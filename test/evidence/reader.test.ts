// The W3C reader: layouts that change inside a file, CRLF, missing fields, garbage, truncation,
// gzip, chunk boundaries, byte ranges and time filters.
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { buildStories, findStory, LineScanner, scanFiles } from '../../src/evidence/index.js';
import { newPart } from '../../src/evidence/aggregate.js';
import { parseFieldsDirective } from '../../src/evidence/fields.js';
import { FIELDS_14, FIELDS_15, line, logText, storyOf, writeLogs, type Req } from './helpers.js';

const ok = (at: string, user = 'alice'): Req => ({ at, user });

describe('#Fields: directives', () => {
  test('the layout follows each directive, also when it changes inside a file', async () => {
    const text =
      logText([ok('10:00:00'), { at: '10:00:05', user: 'bob', status: 401 }], FIELDS_14) +
      logText([ok('11:00:00'), { at: '11:00:05', user: 'bob', status: 401 }], FIELDS_15) +
      // A third layout: fields reordered, no cs-username, no sc-substatus.
      '#Fields: time date cs-uri-query cs-method cs-uri-stem sc-status s-port\r\n' +
      '12:00:00 2024-05-01 User=bob&DeviceId=DEVBOB&DeviceType=iPhone&Cmd=Sync POST /Microsoft-Server-ActiveSync/default.eas 401 443\r\n';
    const { scan, story } = await storyOf(writeLogs({ 'u_ex240501.log': text }), 'bob');
    expect(scan).toMatchObject({ requests: 5, garbage: 0, repaired: 0, directives: 9 });
    expect(story).toMatchObject({ byStatus: { '401': 3 }, firstSeen: '2024-05-01T10:00:05Z', lastSeen: '2024-05-01T12:00:00Z', classification: 'auth-loop' });
    expect(findStory(buildStories(scan), { user: 'alice' })).toMatchObject({ classification: 'ok', requests: 2 });
  });

  test('a directive lists the fields the reader uses, by position', () => {
    expect(parseFieldsDirective(`#Fields: ${FIELDS_15}`)).toMatchObject({ count: 15, query: 5, username: 7, status: 11, substatus: 12 });
    expect(parseFieldsDirective('#Software: IIS')).toBeUndefined();
  });

  test('LF-only files read the same as CRLF ones', async () => {
    const reqs = [ok('10:00:00'), { at: '10:00:01', user: 'bob', status: 449 }];
    const crlf = await scanFiles(writeLogs({ 'a.log': logText(reqs) }));
    const lf = await scanFiles(writeLogs({ 'a.log': logText(reqs).replace(/\r\n/g, '\n') }));
    expect(lf.requests).toBe(2);
    expect(buildStories(lf).users.map((u) => u.classification)).toEqual(buildStories(crlf).users.map((u) => u.classification));
  });
});

describe('damaged input is counted and reported, never fatal', () => {
  test('garbage lines and binary junk are counted with their position', async () => {
    const text = logText([ok('10:00:00')]) + 'this is not a log line\r\n\u0000\u0000\u0000\u0000\r\n' + line(ok('10:00:02')) + '\r\n';
    const [file] = writeLogs({ 'u_ex1.log': text });
    const scan = await scanFiles([file!], { labels: new Map([[file!, 'u_ex1.log']]) });
    expect(scan).toMatchObject({ requests: 2, garbage: 2 });
    expect(scan.garbageSamples[0]).toMatchObject({ file: 'u_ex1.log', line: 6, reason: 'not a W3C log line' });
  });

  test('a line that does not match its #Fields header is garbage', async () => {
    const bad = line(ok('10:00:01')).replace(/ 200 0 0 31$/, ' xyz 0 0 31');
    const scan = await scanFiles(writeLogs({ 'a.log': logText([ok('10:00:00')]) + bad + '\r\n' }));
    expect(scan.garbage).toBe(1);
    expect(scan.garbageSamples[0]!.reason).toMatch(/#Fields/);
  });

  test('a file cut in the middle of its last line keeps the lines before the cut', async () => {
    const full = logText([ok('10:00:00'), ok('10:00:01'), ok('10:00:02')]);
    const cut = full.slice(0, full.length - 60);
    const scan = await scanFiles(writeLogs({ 'a.log': cut }));
    expect(scan).toMatchObject({ requests: 2, garbage: 1 });
    expect(scan.garbageSamples[0]!.reason).toMatch(/truncated line/);
  });

  test('a line longer than the limit (a NUL-filled block after a crash) is skipped, the next lines are read', async () => {
    const text = logText([ok('10:00:00')]) + '\u0000'.repeat(1_200_000) + '\r\n' + line(ok('10:00:01')) + '\r\n';
    const scan = await scanFiles(writeLogs({ 'a.log': text }));
    expect(scan).toMatchObject({ requests: 2, garbage: 1 });
  });

  test('an empty file and a file with directives only have no requests', async () => {
    const scan = await scanFiles(writeLogs({ 'empty.log': '', 'headers.log': logText([]) }));
    expect(scan).toMatchObject({ requests: 0, garbage: 0 });
    expect(buildStories(scan).users).toEqual([]);
  });

  test('over-escaped lines (\\_ and &amp; from a web page) are repaired', async () => {
    const pasted = line({ at: '10:00:00', user: 'bob', status: 449, log: 'V121_Error:DeviceNotProvisioned_As:BlockedP_' }).replace(/_/g, '\\_').replace(/&/g, '&amp;');
    const { scan, story } = await storyOf(writeLogs({ 'paste.txt': pasted + '\n' }), 'bob');
    expect(scan.repaired).toBe(1);
    expect(story).toMatchObject({ classification: 'device-not-provisioned', byError: { DeviceNotProvisioned: 1 }, byAs: { BlockedP: 1 } });
  });
});

describe('streaming', () => {
  test('chunk boundaries anywhere give the same result', () => {
    const text = logText([ok('10:00:00'), { at: '10:00:01', user: 'bob', status: 401 }, { at: '10:00:02', user: 'bob', status: 401, name: 'domain.local\\bob' }]) + 'junk\r\n';
    const whole = new LineScanner({ file: 'a' });
    whole.push(text);
    whole.finish();
    for (const size of [1, 7, 64]) {
      const s = new LineScanner({ file: 'a' });
      for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
      s.finish();
      expect({ requests: s.part.requests, garbage: s.part.garbage, lines: s.part.lines }).toEqual({ requests: 3, garbage: 1, lines: whole.part.lines });
      expect(s.part.cells.map((c) => [c.user, c.total, c.usernames.map((u) => u.name)])).toEqual(whole.part.cells.map((c) => [c.user, c.total, c.usernames.map((u) => u.name)]));
    }
  });

  test('bytes read in place into the work buffer (space/fill/pushed) read as pushed chunks do', () => {
    const text = logText([ok('10:00:00'), { at: '10:00:01', user: 'bob', status: 401 }, { at: '10:00:02', user: 'bob', status: 449, log: 'Error:DeviceNotProvisioned_As:BlockedP_' }]) + 'junk\r\n';
    const bytes = Buffer.from(text, 'latin1');
    const whole = new LineScanner({ file: 'a' });
    whole.push(bytes);
    whole.finish();
    const view = (s: LineScanner) => ({ lines: s.part.lines, requests: s.part.requests, garbage: s.part.garbage, cells: s.part.cells.map((c) => [c.user, c.total, c.signatures.map((g) => [g.status, g.error, g.as, g.count])]) });
    for (const size of [1, 5, 33, 4096]) {
      const s = new LineScanner({ file: 'a' });
      for (let i = 0; i < bytes.length; i += size) {
        const n = Math.min(size, bytes.length - i);
        bytes.copy(s.space(n), s.fill, i, i + n);
        s.pushed(n);
      }
      s.finish();
      expect(view(s)).toEqual(view(whole));
    }
  });

  test('gzip files are read by their magic bytes, whatever their name', async () => {
    const text = logText([ok('10:00:00'), { at: '10:00:01', user: 'bob', status: 503 }]);
    const { scan, story } = await storyOf(writeLogs({ 'u_ex240501.log': gzipSync(text) }), 'bob');
    expect(scan.files[0]).toMatchObject({ gzip: true, requests: 2 });
    expect(story.classification).toBe('throttled');
  });

  test('a truncated gzip file: the lines before the cut are read and the cut is a warning', async () => {
    const reqs = Array.from({ length: 2000 }, (_, i) => ok(`10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, `user${i}`));
    const gz = gzipSync(logText(reqs));
    const scan = await scanFiles(writeLogs({ 'cut.log.gz': gz.subarray(0, Math.floor(gz.length * 0.6)) }));
    expect(scan.requests).toBeGreaterThan(100);
    expect(scan.requests).toBeLessThan(2000);
    expect(scan.files[0]!.warnings.join()).toMatch(/truncated/);
  });

  test('byte ranges (as worker threads read them) give the same stories as one pass, line numbers included', async () => {
    const reqs: Req[] = [];
    for (let i = 0; i < 300; i++) {
      const at = `1${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:00`;
      reqs.push(ok(at, `user${i % 7}`), { at, user: 'bob', status: i % 3 ? 401 : 200 }, { at, user: 'carol', status: i < 250 ? 200 : 503 });
    }
    // The layout changes in the middle, so ranges after it must be read with the new one.
    const text = logText(reqs.slice(0, 400), FIELDS_14) + logText(reqs.slice(400), FIELDS_15) + 'junk\r\n';
    const files = writeLogs({ 'a.log': text });
    const one = await scanFiles(files);
    const summary = (s: typeof one) => ({
      requests: s.requests,
      garbage: s.garbage,
      lines: s.lines,
      garbageAt: s.garbageSamples.map((g) => g.line),
      users: buildStories(s).users.map((u) => [u.id, u.classification, u.requests, u.failures, u.unrecovered]),
      samples: buildStories(s).users.map((u) => u.cells.flatMap((c) => c.cell.samples.map((x) => x.line))),
    });
    for (const splitBytes of [997, 4096, 20_000]) expect(summary(await scanFiles(files, { splitBytes }))).toEqual(summary(one));
    expect(findStory(buildStories(one), { user: 'carol' }).classification).toBe('throttled');
  });
});

describe('--since and --until', () => {
  test('requests outside the window are left out and counted', async () => {
    const files = writeLogs({ 'a.log': logText([{ at: '09:00:00', user: 'bob', status: 401 }, ok('10:00:00', 'bob'), { at: '11:00:00', user: 'bob', status: 500 }]) });
    const since = 20240501095959;
    const until = 20240501103000;
    const { scan, story } = await storyOf(files, 'bob', { since, until });
    expect(scan).toMatchObject({ requests: 1, filtered: 2 });
    expect(story.classification).toBe('ok');
  });
});

describe('byte ranges across several layout changes', () => {
  test('a range whose head follows an earlier change and which holds a later one is read again with the right layout', async () => {
    const a = (i: number): Req => ({ at: `10:00:${String(i % 60).padStart(2, '0')}`, user: `a${i % 5}`, status: i % 4 ? 200 : 401 });
    const third = 'date time cs-uri-stem cs-uri-query sc-status cs-username cs-method s-port';
    const thirdLine = (i: number) => `2024-05-01 12:00:${String(i % 60).padStart(2, '0')} /Microsoft-Server-ActiveSync/default.eas User=c${i % 3}&DeviceId=DEVC${i % 3}&Cmd=Sync 503 DOMAIN\\c${i % 3} POST 443`;
    const text =
      logText(Array.from({ length: 40 }, (_, i) => a(i)), FIELDS_14) +
      logText(Array.from({ length: 40 }, (_, i) => ({ ...a(i), user: `b${i % 4}` })), FIELDS_15) +
      `#Fields: ${third}\r\n` + Array.from({ length: 40 }, (_, i) => thirdLine(i)).join('\r\n') + '\r\n';
    const files = writeLogs({ 'a.log': text });
    const view = (s: Awaited<ReturnType<typeof scanFiles>>) => ({ requests: s.requests, garbage: s.garbage, users: buildStories(s).users.map((u) => [u.id, u.classification, u.requests]) });
    const one = view(await scanFiles(files));
    expect(one.garbage).toBe(0);
    for (const splitBytes of [1500, 3000, 7000]) expect(view(await scanFiles(files, { splitBytes }))).toEqual(one);
  });
});

describe('a range read in two parts', () => {
  test('the lines before its first #Fields: line are a part of their own; the directive starts the next', () => {
    const prefix = newPart();
    const main = newPart();
    const scanner = new LineScanner({
      file: 'u_ex240501.log',
      keepStores: true,
      onFirstHeader: () => {
        scanner.part = main;
      },
    });
    scanner.part = prefix;
    scanner.push(`${line(ok('10:00:00', 'bob'))}\r\n#Date: 2024-05-01 10:00:01\r\n#Fields: ${FIELDS_14}\r\n${line(ok('10:00:02', 'bob'))}\r\n`);
    scanner.finish();
    // scan-files.ts reads the head again, up to the #Fields: line, when its layout was wrong:
    // that line must be counted after it, not in the head.
    expect({ lines: prefix.lines, directives: prefix.directives, requests: prefix.requests }).toEqual({ lines: 2, directives: 1, requests: 1 });
    expect({ lines: main.lines, directives: main.directives, requests: main.requests }).toEqual({ lines: 2, directives: 1, requests: 1 });
  });
});
