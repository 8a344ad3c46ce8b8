/**
 * The one table both halves of the SIMD kernel read: where each table and list sits in
 * its memory, the flags of its verdict, and the limits behind them. assemble-kernel.mjs
 * fills the `{{NAME}}` slots of src/simd-kernel.wat from it and writes
 * src/generated/kernel-table.ts, which src/simd-kernel.ts imports: a change here moves
 * the WebAssembly and the TypeScript together, at the next build.
 */

const SIGNATURE_SLOTS = 16;
/** A signature's length byte, then up to seven bytes. */
const SIGNATURE_STRIDE = 8;
/** Runs with a signature `scan` lists; past that, it flags the list as incomplete. */
const MAX_SIGNED_RUNS = 383;
/**
 * Ends of runs with LINE_END_RUN `scan` lists; past that, it flags the list as incomplete
 * and byte-prefilter.ts walks the chunk instead. No chunk of a real node_modules tree
 * (bench/.data/real-tree) held more than 71; 4096 lines of 64 columns are a 260 KiB
 * wrapped block.
 */
const MAX_LINE_END_RUNS = 4096;

/** See KERNEL_TABLE.MIN_RUN_LENGTH. `scan` finds such runs inside its 64-byte steps by doubling runs of bits up to 32, then once more. */
const MIN_RUN_LENGTH = 36;
if (MIN_RUN_LENGTH <= 32 || MIN_RUN_LENGTH > 64) throw new Error("scan's 64-byte step looks for runs of 33 to 64 bytes");

/** The kernel's memory from 0, in order: name and size in bytes. */
const REGIONS = [
  // base64 class by nibbles: bit h of a low nibble's entry is set when (high-nibble slot
  // h, low nibble) is a base64 byte; a high nibble's entry is its slot bit (0 above 0x7f).
  ["BASE64_LOW_NIBBLES", 16],
  ["BASE64_HIGH_NIBBLES", 16],
  // 1 for a word byte, [A-Za-z0-9_]: the token boundary test.
  ["WORD_CLASS", 256],
  // bit 1 for a byte that starts a base64 signature, bit 2 for one second in one.
  ["SIGNATURE_LETTERS", 256],
  ["SIGNATURES", SIGNATURE_SLOTS * SIGNATURE_STRIDE],
  ["SIGNATURE_COUNT", 4],
  // out: how many runs with a signature `scan` listed (i32), then their [start, end)
  // offsets from the scanned bytes' start, as i32 pairs.
  ["SIGNED_RUN_COUNT", 4],
  ["SIGNED_RUNS", MAX_SIGNED_RUNS * 8],
  // out: how many runs with LINE_END_RUN `scan` listed (i32), then the offset of each
  // one's end (the break or backslash after it), as i32s in order.
  ["LINE_END_RUN_COUNT", 4],
  ["LINE_END_RUNS", MAX_LINE_END_RUNS * 4],
];

const offsets = {};
let end = 0;
for (const [name, size] of REGIONS) {
  offsets[name] = end;
  end += size;
}

export const KERNEL_TABLE = {
  ...offsets,
  /** Where the data starts (16-byte aligned): a read buffer one chunked reader takes, then a scratch area. */
  DATA: Math.ceil(end / 16) * 16,
  SIGNATURE_SLOTS,
  SIGNATURE_STRIDE,
  MAX_SIGNED_RUNS,
  MAX_LINE_END_RUNS,
  /** The shortest base64 run worth decoding: the grammar's MIN_ENCODED_LENGTH (simd-kernel.ts checks they agree). */
  MIN_RUN_LENGTH,
  /** The last doubling step of `scan`'s test for such a run inside 64 bytes, after runs of 32. */
  MIN_RUN_PAST_32: MIN_RUN_LENGTH - 32,
  /** The shortest wrapped line whose break the pre-filter looks across: base64.ts's MIN_WRAPPED_LINE (checked likewise). */
  WRAPPED_LINE_LENGTH: 64,
  /** `scan`'s mode bits: FULL looks on past the first plain candidate; BINARY reads the bytes as a binary's (see $binaryAt). */
  MODE_FULL: 1,
  MODE_BINARY: 2,
  /** In a binary, the token characters a plain candidate needs after its prefix: grammar.ts's MIN_KEY_TAIL. */
  MIN_BINARY_TAIL: 16,
  /** In a binary, the run of letters and digits a candidate glued to a word byte needs: grammar.ts's ROXELS_BODY_MIN and ROXELS_BODY_MAX. */
  GLUED_BODY_MIN: 24,
  GLUED_BODY_MAX: 64,
  /** The flags of `scan`'s verdict. */
  PLAIN: 1,
  LONG_RUN: 2,
  SIGNED_RUN: 4,
  RUNS_OVERFLOW: 8,
  DOCKER_CONFIG: 16,
  LINE_END_RUN: 32,
  LINE_ENDS_OVERFLOW: 64,
};
