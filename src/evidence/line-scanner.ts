// Text -> lines -> requests, for one file or one byte range of it. Knows nothing about I/O:
// callers push latin1-decoded chunks (one char per byte, so offsets are byte offsets).
import { addRequest, MAX_PART_SAMPLES, newPart, sampleText } from './aggregate.js';
import { settle } from './merge.js';
import { guessLayout, parseFieldsDirective, type Layout } from './fields.js';
import { field, GARBAGE, NOT_EAS, PARSED, newRecord, parseLine, type RequestRecord } from './line-parser.js';
import { canonicalUser, decodeLogValue, userMatches } from './username.js';
import { ASK_JS, borrowKernel, giveBackKernel, type LineKernel } from './line-kernel.js';
import { cleanPasted, fieldCount, startsWithDate } from './repair.js';
import type { ScanPart } from './types.js';

/** A line longer than this is garbage (a block of NUL bytes after a crash, a binary file). */
export const MAX_LINE_CHARS = 1 << 20;

/** A line put together from pasted pieces (wrapped by a terminal or a web page) is given up past this many pieces or characters. */
const MAX_JOINED_PIECES = 64;
const MAX_JOINED_CHARS = 64 * 1024;

/** Where a scanner reads and what it keeps. */
export interface ScannerOptions {
  file: string;
  /** The layout in force before the first `#Fields:` directive (a range's file header). */
  layout?: Layout;
  /** Keep requests at or after / at or before (YYYYMMDDhhmmss). */
  since?: number;
  until?: number;
  /** Absolute byte offset of the first byte pushed. @default 0 */
  startOffset?: number;
  /** The first line pushed belongs to the previous range (reading started one byte early). */
  skipFirstLine?: boolean;
  /** Lines starting at or after this absolute offset are left to the next range. */
  stopAt?: number;
  /**
   * Leave the requests in each part's store at `finish` (scan-files.ts merges stores, then
   * settles once) instead of settling them into `cells`. @default false
   */
  keepStores?: boolean;
  /** Samples keep their line's offset instead of its text (a plain file; see cell-store.ts Sample). */
  sampleOffsets?: boolean;
  /** User-and-device pairs tracked in detail (cell-store.ts MAX_CELLS). */
  maxCells?: number;
  /** Count only the requests of this user and/or device (a story past the cap: see focus.ts). */
  only?: { user?: string; device?: string };
  /** Called at the first `#Fields:` directive, with its offset: lets a range keep its prefix apart. */
  onFirstHeader?: (offset: number) => void;
  /**
   * Parse with the WebAssembly kernel (line-kernel.ts) when one is free; false parses every
   * line with line-parser.ts (tests compare the two). @default true
   */
  kernel?: boolean;
}

/** Reads pushed text; `part` collects the result (callers may swap it between pushes). */
export class LineScanner {
  part: ScanPart = newPart();
  layout: Layout | undefined;
  /** The last `#Fields:` list read, if any. */
  lastHeader: string | undefined;
  firstHeaderOffset = -1;
  /** Lines seen, including a partial first line never counted. */
  lineNo = 0;
  done = false;
  private readonly rec = newRecord();
  /** Unfinished line from the last chunk at the front, then the new chunk. */
  private work: Buffer = Buffer.alloc(0);
  private used = 0;
  private base: number;
  private skipping: boolean;
  /** Absolute offset of the line being read. */
  private lineStart = 0;
  private pending: string | null = null;
  private pendingLine = 0;
  private pendingJoined = false;
  private pendingPieces = 0;
  /** Lines starting at or after this offset are not read (see ScannerOptions.stopAt, `stopAt`). */
  private stop: number;
  /** Parts that requests were added to: `finish` settles their cells. */
  private readonly counted: ScanPart[] = [];
  /** While set, `work` is the kernel's memory. */
  private kernel: LineKernel | null;

  constructor(private readonly opts: ScannerOptions) {
    this.layout = opts.layout;
    this.base = opts.startOffset ?? 0;
    this.skipping = opts.skipFirstLine ?? false;
    this.stop = opts.stopAt ?? Infinity;
    this.kernel = opts.kernel === false ? null : borrowKernel();
    if (this.kernel !== null) this.work = this.kernel.work;
  }

  /** Moves the end of the range (to an offset not yet pushed): the rest is read elsewhere. */
  stopAt(offset: number): void {
    this.stop = offset;
  }

  /**
   * Reads a chunk of the file; returns false once the range is complete (stop reading). A
   * string is taken as UTF-8 text (tests). Lines are read from one flat latin1 string over a
   * work buffer that also holds the previous chunk's unfinished line, so string offsets equal
   * byte offsets and the aggregator compares bytes.
   */
  push(input: Buffer | string): boolean {
    if (this.done) return false;
    const chunk = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    chunk.copy(this.space(chunk.length), this.used);
    return this.pushed(chunk.length);
  }

  /**
   * The work buffer, with room for `n` more bytes at `used`: a reader fills it in place and
   * calls `pushed` (no copy of each chunk).
   */
  space(n: number): Buffer {
    const len = this.used + n;
    if (len > this.work.length) {
      // Slack for the unfinished line, so that reads of a fixed size do not grow it each time.
      const grown = Buffer.allocUnsafe(Math.max(len + 16 * 1024, 64 * 1024));
      this.work.copy(grown, 0, 0, this.used);
      // Past the kernel's memory (a line of megabytes, or a test's whole file in one push).
      this.giveBack();
      this.work = grown;
    }
    return this.work;
  }

  /** Offset in the work buffer where `space`'s caller writes. */
  get fill(): number {
    return this.used;
  }

  /** Reads `n` bytes written into `space(n)` at `fill`; like `push`. */
  pushed(n: number): boolean {
    if (this.done) return false;
    const len = this.used + n;
    const work = this.work;
    const stopAt = this.stop;
    let pos = 0;
    for (;;) {
      const nl = work.indexOf(10, pos);
      if (nl < 0 || nl >= len) break;
      if (this.skipping) this.skipping = false;
      else {
        if (this.base + pos >= stopAt) {
          this.done = true;
          break;
        }
        this.line(pos, nl > pos && work[nl - 1] === 13 ? nl - 1 : nl);
      }
      pos = nl + 1;
    }
    this.base += pos;
    this.work.copy(this.work, 0, pos, len);
    this.used = len - pos;
    if (this.done) {
      this.giveBack();
      return false;
    }
    if (this.used > MAX_LINE_CHARS) {
      if (!this.skipping) {
        this.lineNo++;
        this.part.lines++;
        this.garbage(this.work.toString('latin1', 0, 200), `line longer than ${MAX_LINE_CHARS / 1024 / 1024} MB (binary data?)`);
      }
      this.base += this.used;
      this.used = 0;
      this.skipping = true;
    }
    return true;
  }

  /** Ends the input: reads a last line without a newline and any wrapped line still open. */
  finish(): void {
    if (!this.done && !this.skipping && this.used > 0 && this.base < this.stop) {
      const n = this.used;
      this.line(0, this.work[n - 1] === 13 ? n - 1 : n);
    }
    this.used = 0;
    this.flushPending();
    this.done = true;
    this.giveBack();
    if (!this.opts.keepStores) for (const part of this.counted) settle(part);
  }

  /** Ends the use of the kernel's memory: the work buffer is emptied (a done scanner reads nothing). */
  private giveBack(): void {
    if (this.kernel === null) return;
    giveBackKernel(this.kernel);
    this.kernel = null;
    if (this.done) {
      this.work = Buffer.alloc(0);
      this.used = 0;
    }
  }

  /** One line, work[s..e) without its line break. */
  private line(s: number, e: number): void {
    this.lineStart = this.base + s;
    this.lineNo++;
    this.part.lines++;
    if (e === s) {
      this.part.blank++;
      return;
    }
    const work = this.work;
    const c = work[s]!;
    if (c >= 48 && c <= 57 && (this.pending === null || startsWithDate(work.toString('latin1', s, s + 10)))) {
      if (this.pending !== null) this.flushPending();
      const layout = this.layout ?? guessLayout(fieldCount(work.toString('latin1', s, e)));
      let r = this.kernel !== null ? this.kernel.parse(s, e, layout, this.rec) : ASK_JS;
      if (r === ASK_JS) r = parseLine(work, s, e, layout, this.rec);
      if (r === PARSED) this.accept(this.lineNo, this.lineStart);
      else if (r === NOT_EAS) this.part.nonEas++;
      else if (r === GARBAGE) this.garbage(work.toString('latin1', s, e), 'sc-status is not a number: the line does not match its #Fields header');
      else this.startPending(cleanPasted(work.toString('latin1', s, e)));
      return;
    }
    const line = work.toString('latin1', s, e);
    if (c === 35 /* # */) {
      this.directive(line);
      return;
    }
    const cleaned = cleanPasted(line);
    if (cleaned === '') {
      this.part.blank++;
      return;
    }
    if (startsWithDate(cleaned)) {
      this.flushPending();
      this.startPending(cleaned);
    } else if (cleaned.charCodeAt(0) === 35) {
      this.directive(cleaned);
    } else if (this.pending !== null) {
      if (this.pending.length + cleaned.length > MAX_JOINED_CHARS || ++this.pendingPieces > MAX_JOINED_PIECES) {
        // A #Fields: list of thousands of fields would join every line after it into one,
        // counting its fields again at each: memory and time without bound.
        const text = this.pending;
        this.pending = null;
        this.garbage(text, `a wrapped line that does not end within ${MAX_JOINED_PIECES} pieces or ${MAX_JOINED_CHARS / 1024} KiB (does the #Fields: line list the fields of these lines?)`, this.pendingLine);
        this.garbage(line, 'not a W3C log line');
        return;
      }
      this.pending += cleaned;
      this.pendingJoined = true;
      if (fieldCount(this.pending) >= this.expectedFields()) this.flushPending();
    } else {
      this.garbage(line, 'not a W3C log line');
    }
  }

  private directive(line: string): void {
    this.flushPending();
    this.part.directives++;
    const layout = parseFieldsDirective(line);
    if (!layout) return;
    this.layout = layout;
    this.lastHeader = layout.text;
    if (this.firstHeaderOffset < 0) {
      this.firstHeaderOffset = this.lineStart;
      const before = this.part;
      this.opts.onFirstHeader?.(this.firstHeaderOffset);
      if (this.part !== before) {
        // The directive is the first line of the part that follows it: a range's head read
        // again (scan-files.ts) stops short of it, and would otherwise lose it from the counts.
        before.lines--;
        before.directives--;
        this.part.lines++;
        this.part.directives++;
      }
    }
  }

  private expectedFields(): number {
    return this.layout?.count ?? guessLayout(0).count;
  }

  private startPending(cleaned: string): void {
    this.pending = cleaned;
    this.pendingLine = this.lineNo;
    this.pendingJoined = false;
    this.pendingPieces = 0;
    if (fieldCount(cleaned) >= this.expectedFields()) this.flushPending();
  }

  /** Reads the line being reassembled with the tolerant parser. */
  private flushPending(): void {
    const text = this.pending;
    if (text === null) return;
    this.pending = null;
    const layout = this.layout ?? guessLayout(fieldCount(text));
    const n = fieldCount(text);
    // A short line in a real log is a truncated write, not a pasted excerpt.
    if (!layout.guessed && !this.pendingJoined && n < layout.count) {
      this.garbage(text, `truncated line: ${n} of ${layout.count} fields`, this.pendingLine);
      return;
    }
    const r = parseLine(Buffer.from(text, 'latin1'), 0, text.length, layout, this.rec, true);
    if (r === PARSED) {
      this.part.repaired++;
      if (this.part.repairedSamples.length < MAX_PART_SAMPLES) {
        this.part.repairedSamples.push({ file: this.opts.file, line: this.pendingLine, text: sampleText(text) });
      }
      this.accept(this.pendingLine, -1);
    } else if (r === NOT_EAS) this.part.nonEas++;
    else this.garbage(text, 'unreadable line', this.pendingLine);
  }

  /** `at`: the line's offset in the input, -1 for a line put together from several. */
  private accept(lineNo: number, at: number): void {
    const ts = this.rec.ts;
    if (ts !== 0 && ((this.opts.since !== undefined && ts < this.opts.since) || (this.opts.until !== undefined && ts > this.opts.until))) {
      this.part.filtered++;
      return;
    }
    if (this.opts.only !== undefined && !wanted(this.rec, this.opts.only)) return;
    if (this.counted[this.counted.length - 1] !== this.part && !this.counted.includes(this.part)) this.counted.push(this.part);
    addRequest(this.part, this.rec, lineNo, this.opts.file, this.opts.sampleOffsets ? at : -1, this.opts.maxCells);
  }

  private garbage(line: string, reason: string, lineNo = this.lineNo): void {
    this.part.garbage++;
    if (this.part.garbageSamples.length < MAX_PART_SAMPLES) {
      this.part.garbageSamples.push({ file: this.opts.file, line: lineNo, text: sampleText(line.slice(0, 300)), reason });
    }
  }
}

/** Whether a request is of the user and device asked for (as findStory matches them). */
function wanted(rec: RequestRecord, only: { user?: string; device?: string }): boolean {
  if (only.user !== undefined && !userMatches(canonicalUser(field(rec, rec.userS, rec.userE)), only.user)) return false;
  return only.device === undefined || decodeLogValue(field(rec, rec.devS, rec.devE)).toLowerCase() === only.device.toLowerCase();
}
