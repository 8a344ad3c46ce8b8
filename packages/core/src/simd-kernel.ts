/**
 * The byte-scanning SIMD kernel (simd-kernel.wat): one instance per thread, made on first
 * use. It does the pre-filter's and the line count's byte loops 16 bytes at a time, which
 * plain JavaScript cannot. Where it cannot run (no WebAssembly, as under `node --jitless`)
 * every function here answers null and the callers use their portable code, which is also
 * the reference the kernel is tested against (test/core/simd-kernel.test.ts).
 *
 * The kernel only sees bytes in its own memory. A chunked file reader takes its read
 * buffer from there (`kernelReadBuffer`), so that its chunks are scanned where they were
 * read; any other bytes are copied into a scratch area first.
 */
import { BASE64_SIGNATURES, isBase64Char, MIN_ENCODED_LENGTH, MIN_WRAPPED_LINE } from "./base64.js";
import { isWordChar } from "./find-keys.js";
import { KERNEL_TABLE as TABLE } from "./generated/kernel-table.js";
import { SIMD_KERNEL_WASM } from "./generated/simd-kernel-wasm.js";
import { KEY_PREFIXES, MIN_KEY_TAIL, ROXELS_BODY_MAX, ROXELS_BODY_MIN } from "./grammar.js";

/**
 * What `kernelScan` answers, as flags: a plain candidate (alone, unless asked for the
 * full verdict); some long base64 run, some with a signature (listed by
 * `kernelSignedRuns`), more of those than the list holds; `.dockerc` somewhere; a run as
 * long as a wrapped line that ends at a line break (listed by `kernelLineEnds`), more of
 * those than the list holds.
 */
export const KernelVerdict = {
  Plain: TABLE.PLAIN,
  LongRun: TABLE.LONG_RUN,
  SignedRun: TABLE.SIGNED_RUN,
  RunsOverflow: TABLE.RUNS_OVERFLOW,
  DockerConfig: TABLE.DOCKER_CONFIG,
  LineEndRun: TABLE.LINE_END_RUN,
  LineEndsOverflow: TABLE.LINE_ENDS_OVERFLOW,
} as const;

/**
 * The key prefixes the kernel's candidate test is written for (`[sr]k[_-]`). Should the
 * grammar's ever change, the kernel stands down rather than answer for other prefixes.
 */
const KERNEL_PREFIXES = ["rk-", "rk_", "sk-", "sk_"];

/** The read buffer one chunked reader may take: a 4 MiB chunk plus its carried tail. */
export const KERNEL_READ_CAPACITY = 4 * 1024 * 1024 + 64 * 1024;
/** Where bytes from elsewhere are copied to be scanned: after the read buffer (the tables come first; build/kernel-table.mjs). */
const SCRATCH_START = TABLE.DATA + KERNEL_READ_CAPACITY;
const SCRATCH_CAPACITY = 1024 * 1024;
const PAGE = 64 * 1024;

/**
 * The little of the WebAssembly JS API used here: Node has it as a global, but this
 * project's type libraries (ES2023 and @types/node 20) do not declare it.
 */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

interface Kernel {
  readonly buffer: ArrayBuffer;
  readonly memory: Uint8Array;
  readonly scan: (at: number, length: number, mode: number) => number;
  readonly countLineFeeds: (at: number, length: number) => number;
  readonly utf16Width: (at: number, length: number) => number;
  readonly utf16Prefix: (at: number, length: number) => number;
  readBufferTaken: boolean;
}

let kernel: Kernel | null | undefined;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if ([...KEY_PREFIXES].sort().join() !== KERNEL_PREFIXES.join()) return null;
  if (MIN_ENCODED_LENGTH !== TABLE.MIN_RUN_LENGTH || MIN_WRAPPED_LINE !== TABLE.WRAPPED_LINE_LENGTH || MIN_KEY_TAIL !== TABLE.MIN_BINARY_TAIL || ROXELS_BODY_MIN !== TABLE.GLUED_BODY_MIN || ROXELS_BODY_MAX !== TABLE.GLUED_BODY_MAX) return null;
  const longest = TABLE.SIGNATURE_STRIDE - 1;
  if (BASE64_SIGNATURES.length > TABLE.SIGNATURE_SLOTS || BASE64_SIGNATURES.some((s) => s.length > longest || s.length < 2)) return null;
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const memory = new wasm.Memory({ initial: Math.ceil((SCRATCH_START + SCRATCH_CAPACITY) / PAGE) });
    const module = new wasm.Module(Buffer.from(SIMD_KERNEL_WASM, "base64"));
    const { exports } = new wasm.Instance(module, { kernel: { memory } });
    const bytes = new Uint8Array(memory.buffer);
    writeTables(bytes);
    kernel = {
      buffer: memory.buffer,
      memory: bytes,
      scan: exports.scan as Kernel["scan"],
      countLineFeeds: exports.countLineFeeds as Kernel["countLineFeeds"],
      utf16Width: exports.utf16Width as Kernel["utf16Width"],
      utf16Prefix: exports.utf16Prefix as Kernel["utf16Prefix"],
      readBufferTaken: false,
    };
  } catch {
    // WebAssembly present but refused (no SIMD, a locked-down runtime): portable code it is.
    kernel = null;
  }
  return kernel;
}

/** The class tables and signatures, from the grammar's own definitions. */
function writeTables(memory: Uint8Array): void {
  // Base64 membership by nibbles: each high nibble that has base64 bytes gets a bit; a
  // byte is base64 when its low nibble's entry has its high nibble's bit.
  const highNibbles: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    if (!isBase64Char(byte)) continue;
    let slot = highNibbles.indexOf(byte >> 4);
    if (slot === -1) slot = highNibbles.push(byte >> 4) - 1;
    if (slot > 7) throw new Error("base64 class needs more than 8 high nibbles");
    const low = TABLE.BASE64_LOW_NIBBLES + (byte & 15);
    memory[low] = memory[low]! | (1 << slot);
    memory[TABLE.BASE64_HIGH_NIBBLES + (byte >> 4)] = 1 << slot;
  }
  for (let byte = 0; byte < 256; byte++) memory[TABLE.WORD_CLASS + byte] = isWordChar(byte) ? 1 : 0;
  BASE64_SIGNATURES.forEach((signature, k) => {
    const [first, second] = [TABLE.SIGNATURE_LETTERS + signature.charCodeAt(0), TABLE.SIGNATURE_LETTERS + signature.charCodeAt(1)];
    memory[first] = memory[first]! | 1;
    memory[second] = memory[second]! | 2;
    const entry = TABLE.SIGNATURES + TABLE.SIGNATURE_STRIDE * k;
    memory[entry] = signature.length;
    for (let j = 0; j < signature.length; j++) memory[entry + 1 + j] = signature.charCodeAt(j);
  });
  new DataView(memory.buffer).setInt32(TABLE.SIGNATURE_COUNT, BASE64_SIGNATURES.length, true);
}

/**
 * A buffer in the kernel's memory for a chunked reader, so that what it reads is scanned
 * in place. The first caller on a thread gets it; null for anyone else, or when there
 * is no kernel or `size` does not fit.
 */
export function kernelReadBuffer(size: number): Buffer | null {
  const k = loadKernel();
  if (k === null || k.readBufferTaken || size > KERNEL_READ_CAPACITY) return null;
  k.readBufferTaken = true;
  return Buffer.from(k.buffer, TABLE.DATA, size);
}

/** Where `bytes` sit in the kernel's memory, copying them there if need be; null when they cannot. */
function kernelAddressOf(k: Kernel, bytes: Uint8Array): number | null {
  if (bytes.buffer === k.buffer) return bytes.byteOffset;
  if (bytes.length > SCRATCH_CAPACITY) return null;
  k.memory.set(bytes, SCRATCH_START);
  return SCRATCH_START;
}

/**
 * Making the kernel takes about a millisecond: a process that only ever looks at a few
 * small texts (the pre-commit hook on a small commit) does better without it.
 */
const KERNEL_MIN_INPUT_BYTES = 16 * 1024;

/**
 * The kernel's pre-filter verdict on `bytes` (see `KernelVerdict`), or null without a
 * kernel. Unless `full`, it stops at the first plain candidate. `binary`: the bytes are a
 * binary's, where a plain candidate needs no boundary but MIN_KEY_TAIL token characters
 * after its prefix (byte-prefilter.ts's `binaryChunkNeeds`).
 */
export function kernelScan(bytes: Uint8Array, full = false, binary = false): number | null {
  const at = kernelInput(bytes);
  return at < 0 ? null : kernel!.scan(at, bytes.length, (full ? TABLE.MODE_FULL : 0) | (binary ? TABLE.MODE_BINARY : 0));
}

/** Where the kernel reads `bytes` (copied into its memory if need be); -1 when it is not to run on them. */
function kernelInput(bytes: Uint8Array): number {
  if (kernel === undefined && bytes.length < KERNEL_MIN_INPUT_BYTES) return -1;
  const k = loadKernel();
  return k === null ? -1 : (kernelAddressOf(k, bytes) ?? -1);
}

/**
 * The runs with a signature that the last `kernelScan` listed, as [start, end) offsets
 * into the bytes it scanned; complete unless its verdict had `RunsOverflow`.
 */
export function kernelSignedRuns(): Array<[number, number]> {
  const k = loadKernel();
  if (k === null) return [];
  const view = new DataView(k.buffer);
  const runs: Array<[number, number]> = [];
  const count = view.getInt32(TABLE.SIGNED_RUN_COUNT, true);
  for (let i = 0; i < count; i++) runs.push([view.getInt32(TABLE.SIGNED_RUNS + 8 * i, true), view.getInt32(TABLE.SIGNED_RUNS + 8 * i + 4, true)]);
  return runs;
}

/**
 * Where each run with `LineEndRun` that the last `kernelScan` listed ends (the offset of
 * the `\n`, `\r` or backslash after it), in order; complete unless its verdict had
 * `LineEndsOverflow`. A copy: the next scan writes over the list.
 */
export function kernelLineEnds(): number[] {
  const k = loadKernel();
  if (k === null) return [];
  const count = new DataView(k.buffer).getInt32(TABLE.LINE_END_RUN_COUNT, true);
  return Array.from(new Int32Array(k.buffer, TABLE.LINE_END_RUNS, count));
}

/** Line feeds in `bytes`, or null without a kernel. */
export function kernelCountLineFeeds(bytes: Uint8Array): number | null {
  const at = kernelInput(bytes);
  return at < 0 ? null : kernel!.countLineFeeds(at, bytes.length);
}

/** UTF-16 code units the UTF-8 `bytes` decode to (exact for valid UTF-8), or null without a kernel. */
export function kernelUtf16Width(bytes: Uint8Array): number | null {
  const at = kernelInput(bytes);
  return at < 0 ? null : kernel!.utf16Width(at, bytes.length);
}

/** Whether `bytes` may hold a key as UTF-16 (utf16-views.ts's `mayHoldUtf16Key`), or null without a kernel. */
export function kernelUtf16Prefix(bytes: Uint8Array): boolean | null {
  const at = kernelInput(bytes);
  return at < 0 ? null : kernel!.utf16Prefix(at, bytes.length) !== 0;
}

/** Whether this thread scans with the kernel (for `--debug` and the tests). */
export function kernelAvailable(): boolean {
  return loadKernel() !== null;
}
