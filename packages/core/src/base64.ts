/**
 * Keys stored base64-encoded, as configs store them: Kubernetes Secret `data:` values,
 * Docker `auth` (`user:key`), HTTP basic credentials. Scanning every base64 run of every
 * file would be slow, so a literal pre-filter looks for the characters that `sk_`, `sk-`,
 * `rk_` and `rk-` always encode to, at each of the three byte alignments.
 */

import { KEY_PREFIXES } from "./grammar.js";
import { lineBreakLength, startsWithEscapeLetter, wrappedBlockAt, type WrappedBlock } from "./wrapped-base64.js";

/** Shortest encoded value that can hold a key: `sk_` + 24 characters = 27 bytes. */
export const MIN_ENCODED_LENGTH = 36;

/**
 * For a prefix at byte offset 0, 1 or 2 of a 3-byte group, the base64 characters whose
 * six bits come from the prefix alone: the same whatever surrounds it.
 */
function fixedEncodings(prefix: string): string[] {
  const result: string[] = [];
  for (let align = 0; align < 3; align++) {
    const bytes = Buffer.concat([Buffer.alloc(align), Buffer.from(prefix, "latin1"), Buffer.alloc(3)]);
    const encoded = bytes.toString("base64");
    const bitStart = align * 8;
    const bitEnd = bitStart + prefix.length * 8;
    let fixed = "";
    for (let k = 0; k < encoded.length; k++) {
      if (k * 6 >= bitStart && k * 6 + 6 <= bitEnd) fixed += encoded[k];
    }
    result.push(fixed);
  }
  return result;
}

/** Every fixed encoding of every key prefix: what an encoded key always contains. */
export const BASE64_SIGNATURES: readonly string[] = [...new Set(KEY_PREFIXES.flatMap(fixedEncodings))];

const SIGNATURE = new RegExp(BASE64_SIGNATURES.map((s) => s.replace(/[+/]/g, "\\$&")).join("|"));

/** Whether `text` holds a base64 signature of a key prefix. */
export function holdsSignature(text: string): boolean {
  return SIGNATURE.test(text);
}

/**
 * Docker registry credentials in Kubernetes (`.dockerconfigjson`, `.dockercfg`) are
 * base64 of JSON whose `auth` is base64 again: the outer value shows no signature, so it
 * is recognised by its key instead.
 */
const DOCKER_CONFIG_VALUE = /\.docker(?:configjson|cfg)["']?\s*:\s*["']?(?=[A-Za-z0-9+/]{36})/g;

const BASE64_CHARS = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") BASE64_CHARS[c.charCodeAt(0)] = 1;

/** `[A-Za-z0-9+/]`, and `-` and `_` of base64url. */
export function isBase64Char(code: number): boolean {
  return code < 128 && BASE64_CHARS[code] === 1;
}

export interface EncodedCandidate {
  /** Offset of the encoded value in the text. */
  readonly index: number;
  readonly length: number;
  /** The decoded bytes as a latin1 string: offsets are byte offsets. */
  readonly decoded: string;
  /** Set when the value is wrapped over lines: maps offsets in it back to the text. */
  readonly block?: WrappedBlock;
}

/**
 * Shortest wrapped line whose break the byte pre-filter looks across for a split
 * signature: PEM's and MIME's 64 columns, `base64`'s 76 (byte-prefilter.ts says why not
 * the grammar's 40).
 */
export const MIN_WRAPPED_LINE = 64;

/**
 * Whether `text` holds a run of at least MIN_ENCODED_LENGTH base64 characters, which
 * such runs hold a signature (the ones `findEncodedCandidates` decodes), and whether one
 * of MIN_WRAPPED_LINE or more ends at a line break (a wrapped block's line may): the byte
 * pre-filter's portable answer, from the same search the grammar makes.
 */
export function longBase64Runs(text: string): { longRun: boolean; lineEndRun: boolean; signedRuns: Array<[number, number]> } {
  let longRun = false;
  let lineEndRun = false;
  const signedRuns: Array<[number, number]> = [];
  for (let run = nextLongRun(text, 0); run !== null; run = nextLongRun(text, run.end)) {
    longRun = true;
    if (run.end - run.start >= MIN_WRAPPED_LINE && mayEndLine(text.charCodeAt(run.end))) lineEndRun = true;
    if (SIGNATURE.test(text.slice(run.start, run.end))) signedRuns.push([run.start, run.end]);
  }
  return { longRun, lineEndRun, signedRuns };
}

/** Base64 runs that may hold a key, decoded. Each run is decoded once. */
export function* findEncodedCandidates(text: string): Generator<EncodedCandidate> {
  const decodedStarts = new Set<number>();
  let sawLongRun = false;
  const code = (at: number) => text.charCodeAt(at);
  for (let run = nextLongRun(text, 0); run !== null; run = nextLongRun(text, run.end)) {
    sawLongRun = true;
    // A line of a block in a string literal after an escaped break: `\nMIIE…`.
    if (startsWithEscapeLetter(code, run.start)) run = { start: run.start + 1, end: run.end };
    const block = lineBreakLength(code, run.end) > 0 ? wrappedBlockAt(text, run.start, run.end) : null;
    if (block !== null) {
      run = { start: block.start, end: block.end };
      if (SIGNATURE.test(block.joined)) {
        decodedStarts.add(run.start);
        yield { index: block.start, length: block.end - block.start, decoded: decodeBase64Run(block.joined), block };
      }
      continue;
    }
    // Signature characters are letters and digits: a signature lies inside one run.
    if (!SIGNATURE.test(text.slice(run.start, run.end))) continue;
    decodedStarts.add(run.start);
    yield decodeRun(text, run);
  }
  // A docker config value is itself a long run: without one there is nothing to look for.
  if (!sawLongRun || !text.includes(".docker")) return;
  const docker = new RegExp(DOCKER_CONFIG_VALUE.source, "g");
  for (let m = docker.exec(text); m !== null; m = docker.exec(text)) {
    const at = m.index + m[0].length;
    const run = expandRun(text, at, at);
    docker.lastIndex = run.end;
    if (!decodedStarts.has(run.start)) yield decodeRun(text, run);
  }
}

/**
 * What may follow a wrapped line: a line break, or the backslash of an escaped one in a
 * string literal (`\n`). Loose on purpose: the byte pre-filter (and the SIMD kernel,
 * which flags the same) only lets such a run through to a closer look.
 */
function mayEndLine(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x5c;
}

const CHECKPOINT_STEP = MIN_ENCODED_LENGTH / 2;

/**
 * The next maximal run of at least MIN_ENCODED_LENGTH base64 characters starting at or
 * after `from`, without looking at every character: such a run holds two consecutive
 * checkpoints CHECKPOINT_STEP apart, so checkpoints are looked at first and a run is only
 * measured where two of them in a row are base64 characters.
 */
function nextLongRun(text: string, from: number): { start: number; end: number } | null {
  const length = text.length;
  let previousInRun = false;
  for (let p = from + CHECKPOINT_STEP - 1; p < length; ) {
    if (!isBase64Char(text.charCodeAt(p))) {
      previousInRun = false;
      p += CHECKPOINT_STEP;
      continue;
    }
    if (!previousInRun) {
      previousInRun = true;
      p += CHECKPOINT_STEP;
      continue;
    }
    const low = p - CHECKPOINT_STEP;
    let q = p - 1;
    while (q > low && isBase64Char(text.charCodeAt(q))) q--;
    if (q > low) {
      p += CHECKPOINT_STEP;
      continue;
    }
    const run = expandRun(text, low, p + 1);
    if (run.end - run.start >= MIN_ENCODED_LENGTH) return run;
    previousInRun = false;
    p = run.end + CHECKPOINT_STEP;
  }
  return null;
}

function expandRun(text: string, from: number, to: number): { start: number; end: number } {
  let start = from;
  while (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--;
  let end = to;
  while (end < text.length && isBase64Char(text.charCodeAt(end))) end++;
  return { start, end };
}

function decodeRun(text: string, run: { start: number; end: number }): EncodedCandidate {
  let padded = run.end;
  while (padded < text.length && padded < run.end + 2 && text.charCodeAt(padded) === 0x3d) padded++;
  return { index: run.start, length: padded - run.start, decoded: decodeBase64Run(text.slice(run.start, run.end)) };
}

/** One run of base64 characters (either alphabet), decoded to a latin1 string. */
export function decodeBase64Run(run: string): string {
  return Buffer.from(run, "base64").toString("latin1");
}
