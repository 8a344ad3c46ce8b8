import { holdsSignature, isBase64Char, longBase64Runs, MIN_WRAPPED_LINE } from "./base64.js";
import { encodedRunHoldsKey, isWordChar, randomGluedBody } from "./find-keys.js";
import { MIN_KEY_TAIL } from "./grammar.js";
import { kernelLineEnds, kernelScan, kernelSignedRuns, KernelVerdict } from "./simd-kernel.js";
import { lineBreakLength, startsWithEscapeLetter } from "./wrapped-base64.js";

/**
 * The byte-level pre-filter: whether a chunk of bytes (UTF-8 read as latin1) may hold
 * a key, answered without decoding it. Scanners call it on every chunk of every file, so
 * it lives here, beside the grammar it must agree with.
 *
 * It must never say no to a chunk on which `findKeys` (core's
 * find-keys.ts and base64.ts) would return a match, or, with `--explain`, a rejected
 * candidate. It answers yes when it finds any of:
 *   - `sk_`, `sk-`, `rk_` or `rk-` where the grammar's token boundary may hold: after a
 *     non-word byte, at the start, after a backslash escape or a `%XX` escape;
 *   - a run of at least 36 base64 characters ([A-Za-z0-9+/_-], the grammar's
 *     `isBase64Char`) that holds one of the base64 signatures of those prefixes (the ones
 *     base64.ts looks for) and on which `findKeys` itself then finds a key;
 *   - `.dockerc` in a chunk with such a run (`.dockerconfigjson` / `.dockercfg` values
 *     are decoded whatever they hold).
 * Anything else has no candidate the grammar could take, and is skipped undecoded.
 * test/core/byte-prefilter.test.ts holds the two to each other.
 *
 * The byte loops run in the SIMD kernel (simd-kernel.ts) where WebAssembly is available;
 * `portableVerdict` below does the same in plain TypeScript, used otherwise;
 * test/core/simd-kernel.test.ts holds the two to each other.
 */

const WORD_CLASS = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) WORD_CLASS[byte] = isWordChar(byte) ? 1 : 0;
/** `[0-9A-Fa-f]`: the digits of a `%XX`, `\xXX` or `\uXXXX` escape. */
const HEX_CLASS = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) HEX_CLASS[byte] = /[0-9A-Fa-f]/.test(String.fromCharCode(byte)) ? 1 : 0;
/** `[A-Za-z0-9_-]`: what a key token is made of. */
const TOKEN_CLASS = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) TOKEN_CLASS[byte] = isWordChar(byte) || byte === 0x2d ? 1 : 0;

/**
 * What the byte loops find in a chunk: a plain candidate (unless the full verdict is
 * asked for, nothing more is looked for then); whether some base64 run is long enough,
 * and which long runs hold a signature.
 */
export interface ByteVerdict {
  readonly plain: boolean;
  readonly longRun: boolean;
  /** A run of MIN_WRAPPED_LINE or more ends at a line break: a signature may lie across it. */
  readonly lineEndRun: boolean;
  /**
   * Where each such run ends (the `\n`, `\r` or backslash after it), as the kernel lists
   * them; null where they are not listed (the portable verdict, or more runs than the
   * kernel's list holds): then the chunk is walked for them.
   */
  readonly lineEnds: readonly number[] | null;
  /** `.dockerc` stands in the chunk; only looked at (and only true) with a long run. */
  readonly dockerConfig: boolean;
  /** [start, end) of each long run holding a signature. */
  readonly signedRuns: ReadonlyArray<readonly [number, number]>;
}

const PLAIN: ByteVerdict = { plain: true, longRun: false, lineEndRun: false, lineEnds: null, dockerConfig: false, signedRuns: [] };

export function mayHoldKey(bytes: Buffer): boolean {
  const verdict = kernelVerdict(bytes) ?? portableVerdict(bytes);
  return verdict.plain || encodedMayHoldKey(bytes, verdict);
}

/** `mayHoldKey` without the SIMD kernel. */
export function mayHoldKeyPortable(bytes: Buffer): boolean {
  const verdict = portableVerdict(bytes);
  return verdict.plain || encodedMayHoldKey(bytes, verdict);
}

/**
 * What `findKeys` must look at in a chunk: nothing; plain keys only (the chunk holds no
 * base64 value that could hold one, so `decodeBase64: false` finds the same); or all.
 * Rejected candidates (`--explain`) need no rule of their own: the grammar only rejects
 * plain candidates, and every one of those is a plain candidate here too.
 */
export function chunkNeeds(bytes: Buffer): "nothing" | "plain" | "all" {
  return needsOf(bytes, true);
}

function needsOf(bytes: Buffer, text: boolean): "nothing" | "plain" | "all" {
  const verdict = kernelVerdict(bytes, true, !text) ?? portableVerdict(bytes, true, !text);
  if (encodedMayHoldKey(bytes, verdict, text)) return "all";
  return verdict.plain ? "plain" : "nothing";
}

/** `text`: the bytes are lines of text, where a wrapped base64 block may stand (not a binary's). */
function encodedMayHoldKey(bytes: Buffer, verdict: ByteVerdict, text = true): boolean {
  if (!verdict.longRun) return false;
  if (verdict.dockerConfig) return true;
  // A run that ends a line may be one line of a wrapped block (wrapped-base64.ts): the
  // key may lie across lines, which only the grammar's own join of the block sees.
  return (
    verdict.signedRuns.some(
      ([start, end]) => endsLine(bytes, end) || endsLine(bytes, previousLineEnd(bytes, start)) || startsWithEscapeLetter(byteAt(bytes), start) || encodedRunHoldsKey(bytes.toString("latin1", start, end)),
    ) ||
    (text && verdict.lineEndRun && signatureAcrossBreak(bytes, verdict.lineEnds))
  );
}

/**
 * Shortest wrapped line whose break is looked at (base64.ts's MIN_WRAPPED_LINE): PEM's
 * and MIME's 64 columns, `base64`'s 76. The grammar joins blocks from 40 columns
 * (wrapped-base64.ts), but a key split at a narrower break would be found only where the
 * chunk has another candidate: a wider step keeps this walk cheap on every chunk of code
 * that holds a long run.
 */
const MIN_WRAP = MIN_WRAPPED_LINE;
/** Longest signature, less one: what may stand on either side of a break. */
const SIGNATURE_SPLIT = 3;

/**
 * A signature that a wrapped block's line break cuts in two (`c2` at the end of one line,
 * `tf` at the start of the next): no run holds it whole, so the runs' verdict misses it.
 * Looked for only in chunks with a long run, and only where a run as long as a wrapped
 * line ends a line and base64 follows on the next. The kernel lists where such runs end
 * (`lineEnds`), so that no chunk is walked for them where it ran: that walk was the
 * largest piece of JavaScript left in a scan of a node_modules tree. Each end is a `\n`,
 * a `\r` or a backslash, and `brokenSignatureAt` looks across a real or escaped break
 * only (not a lone `\r`, nor a backslash before anything but `n` or `r\n`), as the walk
 * does. The two agree exactly because the kernel's base64 class is `isBase64Char`, from
 * which simd-kernel.ts writes it: both see the same maximal runs.
 */
export function signatureAcrossBreak(bytes: Buffer, lineEnds: readonly number[] | null): boolean {
  if (lineEnds === null) return walkForBrokenSignature(bytes, false) || walkForBrokenSignature(bytes, true);
  for (const end of lineEnds) if (brokenSignatureAt(bytes, end)) return true;
  return false;
}

/**
 * `signatureAcrossBreak` without the kernel's list: a run as long as a wrapped line holds
 * two consecutive checkpoints MIN_WRAP / 2 apart, so only those are looked at first: most
 * of the bytes of a chunk are never touched. `escaped`: the breaks looked at are escaped
 * ones in a string literal (`\n`, `\r\n`), found by their backslash, not the real ones.
 */
function walkForBrokenSignature(bytes: Buffer, escaped: boolean): boolean {
  const step = MIN_WRAP / 2;
  let previousInRun = false;
  for (let p = step - 1; p < bytes.length; ) {
    if (!isBase64Char(bytes[p]!)) {
      previousInRun = false;
      p += step;
      continue;
    }
    if (!previousInRun) {
      previousInRun = true;
      p += step;
      continue;
    }
    // Both checkpoints are base64: a long run only if every byte between them is too
    // (in code most bytes are letters, so this is where the walk stops most often).
    const low = p - step;
    let q = p - 1;
    while (q > low && isBase64Char(bytes[q]!)) q--;
    if (q > low) {
      p += step;
      continue;
    }
    // Only a run that ends its line counts: the line's end is found natively, and read
    // back from there no further than a wrapped line (a long blob is never walked).
    const newline = escaped ? escapedBreakAfter(bytes, p) : bytes.indexOf(0x0a, p);
    if (newline === -1) return false;
    const end = !escaped && bytes[newline - 1] === 0x0d ? newline - 1 : newline;
    let start = end;
    while (start > 0 && end - start < MIN_WRAP && isBase64Char(bytes[start - 1]!)) start--;
    if (end - start >= MIN_WRAP && brokenSignatureAt(bytes, end)) return true;
    previousInRun = false;
    p = newline + step;
  }
  return false;
}

/** The first escaped line break (`\n`, `\r\n`) at or after `from`: the offset of its backslash, or -1. */
function escapedBreakAfter(bytes: Buffer, from: number): number {
  for (let at = bytes.indexOf(0x5c, from); at !== -1; at = bytes.indexOf(0x5c, at + 1)) {
    if (lineBreakLength(byteAt(bytes), at) > 0) return at;
  }
  return -1;
}

function byteAt(bytes: Uint8Array): (at: number) => number | undefined {
  return (at) => bytes[at];
}

/** Whether the line ending at `end` and the next one's first characters hold a signature between them. */
function brokenSignatureAt(bytes: Buffer, end: number): boolean {
  const lineBreak = lineBreakLength(byteAt(bytes), end);
  if (lineBreak === 0) return false;
  let next = end + lineBreak;
  while (bytes[next] === 0x20 || bytes[next] === 0x09) next++;
  if (next >= bytes.length || !isBase64Char(bytes[next]!)) return false;
  return holdsSignature(bytes.toString("latin1", end - SIGNATURE_SPLIT, end) + bytes.toString("latin1", next, next + SIGNATURE_SPLIT));
}

const NO_LINE_ENDS: readonly number[] = [];

/** The SIMD kernel's verdict, or null where it does not run. */
export function kernelVerdict(bytes: Buffer, full = false, binary = false): ByteVerdict | null {
  const flags = kernelScan(bytes, full, binary);
  if (flags === null) return null;
  if (!full && flags === KernelVerdict.Plain) return PLAIN;
  let signedRuns: ReadonlyArray<readonly [number, number]> = [];
  if ((flags & KernelVerdict.SignedRun) !== 0) {
    // More runs with a signature than the kernel's list holds: found again here.
    signedRuns = (flags & KernelVerdict.RunsOverflow) !== 0 ? longBase64Runs(bytes.toString("latin1")).signedRuns : kernelSignedRuns();
  }
  const longRun = (flags & KernelVerdict.LongRun) !== 0;
  const lineEndRun = (flags & KernelVerdict.LineEndRun) !== 0;
  return {
    plain: (flags & KernelVerdict.Plain) !== 0,
    longRun,
    lineEndRun,
    // Read now, as the signed runs are: the kernel's next scan writes over its list.
    lineEnds: !lineEndRun ? NO_LINE_ENDS : (flags & KernelVerdict.LineEndsOverflow) !== 0 ? null : kernelLineEnds(),
    dockerConfig: longRun && (flags & KernelVerdict.DockerConfig) !== 0,
    signedRuns,
  };
}

/** The same verdict in plain TypeScript: the fallback, and the kernel's reference. */
export function portableVerdict(bytes: Buffer, full = false, binary = false): ByteVerdict {
  const plain = binary
    ? hasBinaryCandidate(bytes, "k_") || hasBinaryCandidate(bytes, "k-")
    : hasPlainCandidate(bytes, "k_") || hasPlainCandidate(bytes, "k-") || hasSoftBrokenPrefix(bytes);
  if (plain && !full) return PLAIN;
  // Runs found by the grammar's own search, on the bytes read as latin1 (one character
  // per byte, so offsets carry over; no byte above 0x7f is a base64 character).
  const runs = longBase64Runs(bytes.toString("latin1"));
  // A `.dockerconfigjson` value is a long base64 run too: no run, no docker config.
  return { plain, ...runs, lineEnds: null, dockerConfig: runs.longRun && bytes.indexOf(".dockerc") !== -1 };
}

/** Whether a quoted-printable soft break (`=\n`, `=\r\n`) ends with the line feed at `at`. */
function softBreakEndsAt(bytes: Uint8Array, at: number): boolean {
  return at >= 1 && bytes[at] === 0x0a && (bytes[at - 1] === 0x3d || (at >= 2 && bytes[at - 1] === 0x0d && bytes[at - 2] === 0x3d));
}

/** `sk=\r\n_`: a quoted-printable soft break after a prefix's `k` (the SIMD kernel's `k=` test). */
function hasSoftBrokenPrefix(bytes: Buffer): boolean {
  for (let k = bytes.indexOf("k=", 1); k !== -1; k = bytes.indexOf("k=", k + 2)) {
    if (isPlainCandidateAt(bytes, k)) return true;
  }
  return false;
}

function hasPlainCandidate(bytes: Buffer, needle: string): boolean {
  for (let k = bytes.indexOf(needle, 1); k !== -1; k = bytes.indexOf(needle, k + 2)) {
    if (isPlainCandidateAt(bytes, k - 1)) return true;
  }
  return false;
}

/**
 * Whether the `k_`/`k-` at `start + 1` opens a plain candidate: `s` or `r` at `start`,
 * where the grammar's token boundary may hold. Scanners that read only around candidates
 * (chunked-scan.ts's windows) ask this of each one, so that they and the pre-filter skip
 * the same `task-`, `mask_` and `desk-`.
 */
export function isPlainCandidateAt(bytes: Uint8Array, start: number): boolean {
  const letter = bytes[start];
  // A quoted-printable soft break (`=\n`, `=\r\n`) splitting the prefix: after its `k`
  // (`sk=\r\n_`: a `k` at `start`, found by the `k=` needle), or before it (`s=\r\nk_`:
  // the letter before the break is the one to look at).
  if (letter === 0x6b) {
    if (start === 0 || bytes[start + 1] !== 0x3d) return false;
    const feed = bytes[start + 2] === 0x0d ? start + 3 : start + 2;
    const separator = bytes[feed + 1];
    return bytes[feed] === 0x0a && (separator === 0x5f || separator === 0x2d) && isPlainCandidateAt(bytes, start - 1);
  }
  if (letter === 0x0a) {
    const equals = bytes[start - 1] === 0x0d ? start - 2 : start - 1;
    return equals >= 1 && bytes[equals] === 0x3d && isPlainCandidateAt(bytes, equals - 1);
  }
  if (letter !== 0x73 && letter !== 0x72) return false; // s, r
  if (start === 0 || WORD_CLASS[bytes[start - 1]!] === 0) return true;
  // Escapes the grammar takes as a boundary (find-keys.ts escapeLengthBefore): `\n`,
  // `\r`, `\t`, `\0`, `%3D`, `=3D`, `\x22`, `\u0022`. Looser than the grammar is fine (an
  // escaped backslash is not told apart): it only lets through. But not so loose that
  // any backslash four bytes back will do: `\"mask-type` in a source map's JSON-escaped
  // sources sent whole 5 MB maps to a full scan.
  const before = bytes[start - 1]!;
  if (start >= 2 && bytes[start - 2] === 0x5c && (before === 0x6e || before === 0x72 || before === 0x74 || before === 0x30)) return true;
  if (HEX_CLASS[before] === 0) return false;
  if (start >= 3 && (bytes[start - 3] === 0x25 || bytes[start - 3] === 0x3d) && HEX_CLASS[bytes[start - 2]!] === 1) return true;
  // An `=XX` a soft break splits (`=3=\r\nDsk_`, `==\r\n3Dsk_`): one ends two or three back.
  if (start >= 3 && (softBreakEndsAt(bytes, start - 2) || softBreakEndsAt(bytes, start - 3))) return true;
  if (start >= 4 && bytes[start - 4] === 0x5c && bytes[start - 3] === 0x78 && HEX_CLASS[bytes[start - 2]!] === 1) return true;
  if (start >= 6 && bytes[start - 6] === 0x5c && bytes[start - 5] === 0x75) return true;
  return false;
}

function endsLine(bytes: Buffer, at: number): boolean {
  return at >= 0 && (bytes[at] === 0x0a || bytes[at] === 0x0d || lineBreakLength(byteAt(bytes), at) > 0);
}

/** Where the line before the run at `start` ends, when only indentation stands between; else -1. */
function previousLineEnd(bytes: Buffer, start: number): number {
  let at = start - 1;
  while (at >= 0 && (bytes[at] === 0x20 || bytes[at] === 0x09)) at--;
  if (at < 1 || bytes[at] !== 0x0a) return -1;
  return bytes[at - 1] === 0x0d ? at - 1 : at;
}

/**
 * `chunkNeeds` for bytes that are not text (binaries searched as bytes). There a string
 * often follows a length or type byte that reads as a letter or digit (a SQLite record's
 * serial type, MessagePack's and protobuf's lengths: `Ssk_…` for a 35-character key), so
 * a plain candidate needs no boundary before it. Random bytes hold `sk_` about once in
 * 4 MiB, which would send nearly every chunk of a large binary to the grammar; no key is
 * shorter than its prefix and MIN_KEY_TAIL token characters, which random bytes almost
 * never hold, so a candidate counts only with them.
 */
export function binaryChunkNeeds(bytes: Buffer): "nothing" | "plain" | "all" {
  return needsOf(bytes, false);
}

function hasBinaryCandidate(bytes: Buffer, needle: string): boolean {
  for (let k = bytes.indexOf(needle, 1); k !== -1; k = bytes.indexOf(needle, k + 2)) {
    if (isBinaryCandidateAt(bytes, k - 1)) return true;
  }
  return false;
}

/**
 * `isPlainCandidateAt` for a binary's bytes: `s` or `r` at `start` (`k_`/`k-` after it is
 * known), whatever stands before it, and MIN_KEY_TAIL token characters after the prefix
 * or the end of the bytes before them. Glued to a word byte, where text would see no
 * boundary, a random body (find-keys.ts's `randomGluedBody`).
 */
export function isBinaryCandidateAt(bytes: Uint8Array, start: number): boolean {
  const letter = bytes[start];
  if (letter !== 0x73 && letter !== 0x72) return false; // s, r
  if (!isPlainCandidateAt(bytes, start)) return randomGluedBody(bytes, start + 3);
  let tail = 0;
  for (let i = start + 3; i < bytes.length && tail < MIN_KEY_TAIL && TOKEN_CLASS[bytes[i]!] === 1; i++) tail++;
  return tail >= MIN_KEY_TAIL || start + 3 + tail === bytes.length;
}
