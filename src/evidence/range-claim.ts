// Work stealing between the two threads that read one file (scan-files.ts runSplit). Each
// reads a byte range; the one that finishes first takes the end of what the other has left,
// as a range of its own. A range's claim word, in shared memory, says how far its reader has
// promised to read: a number >= 0 (lines that start before it are the reader's), or, once a
// thief has cut the range, -(cut + 1): lines that start at or after the cut are the thief's.
// Both sides change it only by compare-and-swap, so a cut never lands on bytes the reader has
// already promised to read, and a reader never reads past a cut it has not seen.
// Beside it, the reader keeps where the #Fields: line in force was (its layout): the thief
// reads its part with that layout, unless it finds a later #Fields: line before its cut.

/** Shared words: two per range that may be stolen from (its claim, and its layout's offset + 1). */
export type ClaimWords = BigInt64Array;

/** Claim words for `n` ranges, all at 0, in memory another thread can share. */
export function newClaimWords(n: number): ClaimWords {
  return new BigInt64Array(new SharedArrayBuffer(16 * n));
}

/** A cut: where, and how far the reader had promised to read when it was made. */
export interface Cut {
  at: number;
  from: number;
}

/** Past any file: a reader that is done claims this, and nothing is left to cut. */
const CLOSED = 2n ** 62n;

/** One range's claim word. */
export class RangeClaim {
  private readonly index: number;

  constructor(
    private readonly words: ClaimWords,
    range: number,
  ) {
    this.index = 2 * range;
  }

  /** The reader: the `#Fields:` line at `offset` is in force from here on. */
  setLayoutAt(offset: number): void {
    Atomics.store(this.words, this.index + 1, BigInt(offset + 1));
  }

  /** Where the reader's last `#Fields:` line is, if it has one. */
  layoutAt(): number | undefined {
    const v = Atomics.load(this.words, this.index + 1);
    return v === 0n ? undefined : Number(v - 1n);
  }

  /**
   * The reader: promises to read the lines that start before `upTo`. Returns where the range
   * was cut, if a thief has cut it (the reader stops there), else undefined.
   */
  extend(upTo: number): number | undefined {
    const want = BigInt(upTo);
    for (;;) {
      const cur = Atomics.load(this.words, this.index);
      if (cur < 0n) return Number(-cur - 1n);
      if (want <= cur || Atomics.compareExchange(this.words, this.index, cur, want) === cur) return undefined;
    }
  }

  /** The reader is done: nothing is left to cut. Returns where the range was cut, if it was. */
  close(): number | undefined {
    return this.extend(Number(CLOSED));
  }

  /** Where the range was cut, if it was (either side may ask, at any time). */
  cut(): number | undefined {
    const cur = Atomics.load(this.words, this.index);
    return cur < 0n ? Number(-cur - 1n) : undefined;
  }

  /**
   * A thief: cuts the range, which ends at `end`, in two parts of what its reader has not yet
   * promised to read; the thief's part (the second) is `thiefLess` bytes smaller than the
   * reader's, for what taking it costs the thief. Returns the cut, or undefined when less than
   * `minLeft` bytes are left (or the range was cut already, or its reader is done).
   */
  steal(end: number, minLeft: number, thiefLess: number): Cut | undefined {
    for (;;) {
      const cur = Atomics.load(this.words, this.index);
      if (cur < 0n) return undefined;
      const from = Number(cur);
      const left = end - from;
      if (left < minLeft || left <= thiefLess) return undefined;
      const at = from + Math.ceil((left + thiefLess) / 2);
      if (Atomics.compareExchange(this.words, this.index, cur, BigInt(-(at + 1))) === cur) return { at, from };
    }
  }
}
