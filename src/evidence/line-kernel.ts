// The WebAssembly line kernel (kernel/line-kernel.ts, compiled by scripts/build-kernel.mjs):
// line-parser.ts's strict `parseLine`, with SIMD compares where JavaScript walks byte by byte.
// A LineScanner borrows one and keeps its work buffer in the kernel's memory, so lines are
// parsed where they were read, without a copy. The kernel answers only for lines whose spaces
// split them into exactly the layout's fields; for any other line it says ASK_JS and
// line-parser.ts reads it, so both give the same record and outcome for every line
// (test/evidence/line-kernel.test.ts compares them).
import type { Layout } from './fields.js';
import { LINE_KERNEL_WASM } from './line-kernel-wasm.js';
import { PARSED, type ParseOutcome, type RequestRecord } from './line-parser.js';

/** `parse`'s answer for a line the kernel leaves to line-parser.ts. */
export const ASK_JS = 4;

/** The kernel reads up to 15 bytes past a line's end: the work buffer stops short of the memory's end. */
const OVERREAD = 16;

/** The few parts of the WebAssembly API used here (the lib in tsconfig.json has no types for it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
type WasmModule = { readonly kind?: 'WebAssembly.Module' };
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  WORK: { value: number };
  setLayout(count: number, query: number, stem: number, status: number, substatus: number, port: number, date: number, time: number, method: number, username: number, clientIp: number): void;
  parse(ls: number, le: number): number;
}

/** One instance of the kernel, lent to one scanner at a time. */
export class LineKernel {
  /** The text area of the kernel's memory: the borrowing scanner's work buffer. */
  readonly work: Buffer;
  private readonly out: Int32Array;
  private readonly fn: KernelExports;
  private layout: Layout | undefined;

  constructor(module: WasmModule) {
    this.fn = new wasm.Instance(module, {}).exports as KernelExports;
    const buffer = this.fn.memory.buffer;
    const work = this.fn.WORK.value;
    this.work = Buffer.from(buffer, work, buffer.byteLength - work - OVERREAD);
    this.out = new Int32Array(buffer, 0, 28);
  }

  /**
   * `parseLine(work, s, e, layout, rec)` for a line of the work buffer, or ASK_JS (`rec` is then
   * untouched) when line-parser.ts must read it.
   */
  parse(s: number, e: number, layout: Layout, rec: RequestRecord): ParseOutcome | typeof ASK_JS {
    if (layout !== this.layout) {
      this.layout = layout;
      this.fn.setLayout(layout.count, layout.query, layout.stem, layout.status, layout.substatus, layout.port, layout.date, layout.time, layout.method, layout.username, layout.clientIp);
    }
    const r = this.fn.parse(s, e);
    if (r !== PARSED) return r as ParseOutcome | typeof ASK_JS;
    const o = this.out;
    rec.bytes = this.work;
    rec.lineS = s;
    rec.lineE = e;
    rec.status = o[0]!;
    rec.substatus = o[1]!;
    rec.port = o[2]!;
    const date = o[3]!;
    rec.ts = date < 0 ? 0 : date * 1_000_000 + o[4]!;
    const flags = o[5]!;
    rec.options = (flags & 1) !== 0;
    rec.proxy = (flags & 2) !== 0;
    rec.logged = (flags & 4) !== 0;
    rec.userS = o[6]!;
    rec.userE = o[7]!;
    rec.devS = o[8]!;
    rec.devE = o[9]!;
    rec.typeS = o[10]!;
    rec.typeE = o[11]!;
    rec.cmdS = o[12]!;
    rec.cmdE = o[13]!;
    rec.nameS = o[14]!;
    rec.nameE = o[15]!;
    rec.cipS = o[16]!;
    rec.cipE = o[17]!;
    rec.errS = o[18]!;
    rec.errE = o[19]!;
    rec.asS = o[20]!;
    rec.asE = o[21]!;
    rec.easS = o[22]!;
    rec.easE = o[23]!;
    rec.mbxS = o[24]!;
    rec.mbxE = o[25]!;
    rec.prxS = o[26]!;
    rec.prxE = o[27]!;
    return PARSED;
  }
}

/** Compiled once per thread; null where it cannot be (no WebAssembly, as under --jitless, or no SIMD). */
let compiled: WasmModule | null | undefined;
const idle: LineKernel[] = [];
let lent = 0;
/**
 * Kernels lent at once per thread. Each holds 4 MiB and a large address-space reservation; a
 * thread reads one range at a time, and a scanner that finds none left parses in JavaScript.
 */
const MAX_LENT = 4;

/** A kernel for a scanner to use until it gives it back (`giveBackKernel`), or null. */
export function borrowKernel(): LineKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(Buffer.from(LINE_KERNEL_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  const kernel = idle.pop();
  if (kernel !== undefined) {
    lent++;
    return kernel;
  }
  if (lent >= MAX_LENT) return null;
  let made: LineKernel;
  try {
    made = new LineKernel(compiled);
  } catch {
    // No memory for an instance (a ulimit on address space: each reserves gigabytes of it).
    return null;
  }
  lent++;
  return made;
}

/** Returns a kernel from `borrowKernel`: its memory is then another scanner's. */
export function giveBackKernel(kernel: LineKernel): void {
  lent--;
  idle.push(kernel);
}
