// What the reader counts but does not keep in detail once it tracks as many user-and-device
// pairs as it may (cell-store.ts, maxCells): the requests and failures of the pairs past the
// cap, and how many distinct users and devices they came from. Distinct values are counted
// exactly up to EXACT of them, then estimated (HyperLogLog, 4,096 registers: about 1.6 %),
// so memory stays the same whatever the log holds.

/** Distinct values counted exactly before the estimate takes over. */
const EXACT = 4096;
/** log2 of the registers. */
const P = 12;
const M = 1 << P;

/** A distinct count of 32-bit hashes in bounded memory. */
export class DistinctCount {
  /** The hashes seen, while there are at most EXACT of them; then null. */
  private exact: Set<number> | null = new Set();
  private readonly registers = new Uint8Array(M);

  add(hash: number): void {
    const h = mix(hash);
    if (this.exact !== null) {
      this.exact.add(h);
      if (this.exact.size > EXACT) this.exact = null;
    }
    const i = h >>> (32 - P);
    const rank = Math.min(Math.clz32((h << P) | (1 << (P - 1))) + 1, 32 - P + 1);
    if (rank > this.registers[i]!) this.registers[i] = rank;
  }

  /** The count: exact up to EXACT values, an estimate beyond. */
  get size(): number {
    if (this.exact !== null) return this.exact.size;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const e = ((0.7213 / (1 + 1.079 / M)) * M * M) / sum;
    return Math.round(e <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : e);
  }

  /** Whether `size` is an estimate. */
  get estimated(): boolean {
    return this.exact === null;
  }

  /** Adds another count's values (a union). */
  absorb(other: DistinctCount): void {
    for (let i = 0; i < M; i++) if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!;
    if (this.exact !== null && other.exact !== null && this.exact.size + other.exact.size <= EXACT) for (const h of other.exact) this.exact.add(h);
    else this.exact = null;
  }

  /** Plain data, to cross threads. */
  toData(): DistinctData {
    return { exact: this.exact === null ? null : [...this.exact], registers: this.registers };
  }

  static fromData(d: DistinctData): DistinctCount {
    const c = new DistinctCount();
    c.exact = d.exact === null ? null : new Set(d.exact);
    c.registers.set(d.registers);
    return c;
  }
}

export interface DistinctData {
  exact: number[] | null;
  registers: Uint8Array;
}

/** murmur3's finalizer: FNV hashes of short keys differ little in their high bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The requests of user-and-device pairs past the cap. */
export interface Untracked {
  /** The cap: pairs tracked in detail. */
  cells: number;
  requests: number;
  /** Requests that did not succeed. */
  failures: number;
  /** Distinct users and devices among them that have no tracked pair. */
  users: number;
  devices: number;
  /** The distinct counts are estimates (past 4,096 values: within a few per cent). */
  estimated: boolean;
}
