import { BASE64_SIGNATURES, MIN_ENCODED_LENGTH } from "./base64.js";
import { findKeys } from "./find-keys.js";

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
 */

const BASE64_CLASS = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") BASE64_CLASS[c.charCodeAt(0)] = 1;
const WORD_CLASS = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") WORD_CLASS[c.charCodeAt(0)] = 1;

/** Signatures indexed by their first two bytes, for a one-lookup-per-byte search. */
const SIGNATURES_BY_BIGRAM = new Map<number, Buffer[]>();
const SIGNATURE_BIGRAM = new Uint8Array(65536);
for (const fixed of BASE64_SIGNATURES) {
  const bigram = (fixed.charCodeAt(0) << 8) | fixed.charCodeAt(1);
  SIGNATURE_BIGRAM[bigram] = 1;
  const list = SIGNATURES_BY_BIGRAM.get(bigram) ?? [];
  list.push(Buffer.from(fixed, "latin1"));
  SIGNATURES_BY_BIGRAM.set(bigram, list);
}

function hasSignature(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    const bigram = (bytes[i - 1]! << 8) | bytes[i]!;
    if (SIGNATURE_BIGRAM[bigram] === 0) continue;
    for (const signature of SIGNATURES_BY_BIGRAM.get(bigram)!) {
      const from = i - 1;
      if (from + signature.length > end) continue;
      let k = 2;
      while (k < signature.length && bytes[from + k] === signature[k]) k++;
      if (k === signature.length) return true;
    }
  }
  return false;
}

export function mayHoldKey(bytes: Buffer, explain = false): boolean {
  if (hasPlainCandidate(bytes, "k_") || hasPlainCandidate(bytes, "k-")) return true;
  const runs = longBase64Runs(bytes);
  if (runs === null) return false;
  // A `.dockerconfigjson` value is a long base64 run too: no run, no docker config.
  if (bytes.indexOf(".dockerc") !== -1) return true;
  if (runs === "") return false;
  // The runs with a signature, one per line: `findKeys` decodes each as it would in the
  // chunk, since a newline is not a base64 character and ends a run as the original
  // delimiter did.
  let rejected = false;
  const options = explain ? { onRejected: () => void (rejected = true) } : {};
  return findKeys(runs, options).length > 0 || rejected;
}

function hasPlainCandidate(bytes: Buffer, needle: string): boolean {
  for (let k = bytes.indexOf(needle, 1); k !== -1; k = bytes.indexOf(needle, k + 2)) {
    const letter = bytes[k - 1];
    if (letter !== 0x73 && letter !== 0x72) continue; // s, r
    const start = k - 1;
    if (start === 0 || WORD_CLASS[bytes[start - 1]!] === 0) return true;
    // Escapes the grammar takes as a boundary (find-keys.ts escapeLengthBefore): `\n`,
    // `\0`, `%3D`, `\x22`, `\u0022`. Looser than the grammar is fine: it only lets through.
    if (start >= 2 && bytes[start - 2] === 0x5c) return true;
    if (start >= 3 && bytes[start - 3] === 0x25) return true;
    if (start >= 4 && bytes[start - 4] === 0x5c) return true;
    if (start >= 6 && bytes[start - 6] === 0x5c) return true;
  }
  return false;
}

/**
 * Every run of ≥ 36 base64 characters holding a signature, joined by newlines; "" when
 * there are long runs but none with a signature; null when there is no long run at all.
 * Found without looking at every byte: such a run holds two consecutive multiples of 18,
 * so only bytes at those offsets are looked at first.
 */
function longBase64Runs(bytes: Buffer): string | null {
  const step = MIN_ENCODED_LENGTH / 2;
  const length = bytes.length;
  let runs: string[] | null = null;
  let sawLongRun = false;
  let previousInRun = false;
  for (let p = step - 1; p < length; ) {
    if (BASE64_CLASS[bytes[p]!] === 0) {
      previousInRun = false;
      p += step;
      continue;
    }
    if (!previousInRun) {
      previousInRun = true;
      p += step;
      continue;
    }
    // Checkpoints p - step and p are both base64: is everything between them? Three
    // probes first: in code, a delimiter usually turns up at one of them.
    const low = p - step;
    if (BASE64_CLASS[bytes[low + 9]!] === 0 || BASE64_CLASS[bytes[low + 4]!] === 0 || BASE64_CLASS[bytes[low + 13]!] === 0) {
      p += step;
      continue;
    }
    let q = p - 1;
    while (q > low && BASE64_CLASS[bytes[q]!] === 1) q--;
    if (q > low) {
      p += step;
      continue;
    }
    let runStart = low;
    while (runStart > 0 && BASE64_CLASS[bytes[runStart - 1]!] === 1) runStart--;
    let runEnd = p + 1;
    while (runEnd < length && BASE64_CLASS[bytes[runEnd]!] === 1) runEnd++;
    if (runEnd - runStart >= MIN_ENCODED_LENGTH) {
      sawLongRun = true;
      if (hasSignature(bytes, runStart, runEnd)) (runs ??= []).push(bytes.toString("latin1", runStart, runEnd));
    }
    previousInRun = false;
    p = runEnd + step;
  }
  if (runs !== null) return runs.join("\n");
  return sawLongRun ? "" : null;
}

