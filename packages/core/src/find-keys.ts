/**
 * Finding keys in running text, in linear time on any input: a literal pre-filter
 * (`[sr]k[_-]`) picks candidate offsets, each run of token characters is measured once,
 * and only runs of plausible length reach the classifier.
 */
import {
  classifyToken,
  FINDING_KINDS,
  hasRandomMix,
  MAX_TOKEN_LENGTH,
  ROXELS_BODY_MAX,
  ROXELS_BODY_MIN,
  type Classification,
  type KeyKind,
  type RejectReason,
} from "./grammar.js";
import { decodeBase64Run, findEncodedCandidates } from "./base64.js";
import { lineEndAfter, textOffset, type WrappedBlock } from "./wrapped-base64.js";
import { kindInContext, newContextMemo, type OuterPlace } from "./key-context.js";
import { Secret } from "./secret.js";
import { quotedPrintableView } from "./quoted-printable.js";

export interface KeyMatch {
  readonly kind: KeyKind;
  /** Offset in the text of the key, or of the encoded value that holds it. */
  readonly index: number;
  /** Length in the text of the key, or of the encoded value that holds it. */
  readonly length: number;
  readonly secret: Secret;
  /** `plain` when the key stands in the text; `base64` when an encoded value holds it. */
  readonly encoding: "plain" | "base64";
}

export interface RejectedCandidate {
  readonly index: number;
  readonly length: number;
  readonly reason: RejectReason;
  /** A masked form of what was rejected, safe to print. */
  readonly masked: string;
}

export interface FindKeysOptions {
  /** Also return `rk_` embed keys (the ESLint rules need to recognise them). */
  readonly includeEmbed?: boolean;
  /** Look inside base64 values (Kubernetes `data:`, Docker `auth`). Default true. */
  readonly decodeBase64?: boolean;
  /** Called for each key-shaped token rejected as a placeholder. */
  readonly onRejected?: (candidate: RejectedCandidate) => void;
  /**
   * The text is a binary's bytes (read as latin1), where a key may stand glued to a
   * letter or digit on its left (`gluedToRecord`).
   */
  readonly binary?: boolean;
}

// The regex form of KEY_PREFIXES (grammar.ts), kept literal: V8 scans a class faster than an alternation.
const CANDIDATE = /[sr]k[_-]/;
const FINDING = new Set<KeyKind>(FINDING_KINDS);

/** Whether the text holds a key prefix at all: the grammar's literal pre-filter, for callers that skip text cheaply. */
export function hasKeyPrefix(text: string): boolean {
  return CANDIDATE.test(text);
}

function isTokenChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/** `[A-Za-z0-9_]`: what may not stand right before a key. */
export function isWordChar(code: number): boolean {
  return isTokenChar(code) && code !== 0x2d;
}

function isUpperHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/**
 * The contract's token boundary: not preceded by `[A-Za-z0-9_]`. Escapes also end a
 * token, where peers miss the key after them: a string-literal escape (`"…\nsk_…"`,
 * `\t`, `\r`, `\0`, `\x22`, `\u0022` as HTML-safe JSON encoders write a quote) and a
 * percent-encoded byte in a URL (`key%3Dsk_…`) or a quoted-printable one in an e-mail
 * (`KEY=3Dsk_…`, `=20`: upper-case hex, as RFC 2045 writes it).
 */
function startsAtBoundary(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text.charCodeAt(index - 1);
  if (!isWordChar(before)) return true;
  return escapeLengthBefore(text, index) > 0;
}

/**
 * Longest run a key in a binary may be glued to on its left. Binary formats put a length
 * or type byte right before a string, and it often reads as a letter or digit (a SQLite
 * record's serial type 2n+13 is `S` for a 35-character key; MessagePack, protobuf and
 * Java serialization write lengths the same way), or the string before it ends there (a
 * SQLite row's previous column). A longer run of word, `-`, `+` or `/` characters is data
 * the candidate is part of (`…Zq-8sk_…` in base64url).
 */
const MAX_BINARY_GLUE = 32;

/**
 * In a binary: whether the key at `index` is glued to a short run, as a record's string
 * is, and has a random body (`randomGluedBody`).
 */
function gluedToRecord(text: string, index: number): boolean {
  for (let at = index - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (!isWordChar(code) && code !== 0x2d && code !== 0x2b && code !== 0x2f) break;
    if (index - at > MAX_BINARY_GLUE) return false;
  }
  return randomGluedBody(text, index + PREFIX_LENGTH);
}

/**
 * Whether a random key body starts at `at`: a run of ROXELS_BODY_MIN to ROXELS_BODY_MAX
 * letters and digits with a digit, two capitals and two small letters in it (or the text
 * ends before the run does). A key glued to a record's bytes in a binary must have one,
 * in the grammar and the byte pre-filter alike: the names packed together in compiled
 * code do not (`mask_butterworthEiidd` has no digit, Rust's `task_local17h…E` hash one
 * capital), and a random body lacks them about once in 300 (a 32-character one with no
 * digit).
 */
export function randomGluedBody(text: Uint8Array | string, at: number): boolean {
  let i = at;
  for (; i < text.length && i - at <= ROXELS_BODY_MAX; i++) {
    const code = typeof text === "string" ? text.charCodeAt(i) : text[i]!;
    if (!isWordChar(code) || code === 0x5f) break;
  }
  if (i === text.length && i - at <= ROXELS_BODY_MAX) return true;
  const length = i - at;
  return length >= ROXELS_BODY_MIN && length <= ROXELS_BODY_MAX && hasRandomMix(text, at, i);
}

/** Length of the escape sequence that ends just before `index`, or 0 when there is none. */
function escapeLengthBefore(text: string, index: number): number {
  const before = text.charCodeAt(index - 1);
  // A backslash that is itself escaped still makes an escape, one level down: JSON held in
  // a JSON string (a log line, a double-encoded config) writes a line break as `\\n`.
  const isBackslashAt = (at: number) => at >= 0 && text.charCodeAt(at) === 0x5c;
  // \n \r \t \0
  if ((before === 0x6e || before === 0x72 || before === 0x74 || before === 0x30) && isBackslashAt(index - 2)) return 2;
  if (!isHexDigit(before)) return 0;
  // %XX
  if (index >= 3 && text.charCodeAt(index - 3) === 0x25 && isHexDigit(text.charCodeAt(index - 2))) return 3;
  // =XX
  if (index >= 3 && text.charCodeAt(index - 3) === 0x3d && isUpperHexDigit(text.charCodeAt(index - 2)) && isUpperHexDigit(before)) return 3;
  // \xXX
  if (index >= 4 && text.charCodeAt(index - 3) === 0x78 && isHexDigit(text.charCodeAt(index - 2)) && isBackslashAt(index - 4)) return 4;
  // \uXXXX
  if (index >= 6 && text.charCodeAt(index - 5) === 0x75 && isBackslashAt(index - 6)) {
    for (let i = index - 4; i < index - 1; i++) if (!isHexDigit(text.charCodeAt(i))) return 0;
    return 6;
  }
  return 0;
}

/**
 * A run that continues a longer blob is not a key: `…AbC9-sk_…` inside a base64url or
 * JWT segment, `…AbC9+sk_…` or `…AbC9/sk_…` inside base64. The contract's boundary lets
 * `-`, `+` and `/` start a key, so one of them directly after a long unbroken run of blob
 * characters is not taken as a boundary. A `/` also separates path and URL segments
 * (`/hooks/T0…/B0…/sk_…`, `/etc/roxels/credentials/sk_…`), so before a `/` only the one
 * segment counts, and only when it looks like base64: long, with capitals, small letters
 * and digits, and none of a path's `_`, `-` or `.`.
 */
const BLOB_RUN = 20;
function continuesBlob(text: string, index: number): boolean {
  if (index === 0) return false;
  const before = text.charCodeAt(index - 1);
  if (before === 0x2f) return !urlOrPathBefore(text, index - 1) && (base64SegmentBefore(text, index - 1) || insideBase64Run(text, index));
  if (before !== 0x2d && before !== 0x2b) return false;
  let run = 0;
  for (let i = index - 2; i >= 0 && run < BLOB_RUN; i--) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code) && code !== 0x2b && code !== 0x2f) break;
    run++;
  }
  if (run >= BLOB_RUN) return true;
  return before === 0x2d ? randomRunAround(text, index) : insideBase64Run(text, index);
}

/** How far back from a `/` the path it may end is read. */
const PATH_WINDOW = 256;

/**
 * Whether the `/` before a key ends the path of a URL or a file (`https://host/…/`,
 * `C:/…/`, `~/.config/…/`) rather than a piece of a base64 value: read back over the
 * run of base64 characters (which holds `/`) that the `/` ends, a path's run is stopped
 * by the `:` of a scheme or a drive, or the `.` of a host or a file name, characters
 * base64 never holds, after at least one more `/`. So `https://host/AbC…9x2/sk_…` is a
 * path however random its segments look, while a base64 value in quotes, after a space,
 * a `=`, `,` or `-` (`sha512-…`) is not.
 */
function urlOrPathBefore(text: string, slash: number): boolean {
  let slashes = 0;
  let i = slash - 1;
  for (; i >= 0 && slash - i <= PATH_WINDOW; i--) {
    const code = text.charCodeAt(i);
    if (code === 0x2f) slashes++;
    else if (code === 0x2e || code === 0x3a) return slashes > 0;
    // Letters, digits, `_`, `+`; and a URL's `-`, `%` and `~`, which no base64 value with a `/` holds.
    else if (!isTokenChar(code) && code !== 0x2b && code !== 0x25 && code !== 0x7e) break;
  }
  return slash - i <= PATH_WINDOW && slashes >= 2 && absolutePathAt(text, i + 1);
}

/**
 * Whether an absolute path starts at `start`: a `/` and a first folder of small letters,
 * digits, `_` or `-` (`/var/`, `/srv/`, `/home/`). A base64 value starts with a `/` once
 * in 64, and its next `/` seldom follows a run of small letters alone: a path with no
 * scheme, host or drive before it (`/var/lib/app/<random>/sk_…`) is told apart this way.
 */
function absolutePathAt(text: string, start: number): boolean {
  if (text.charCodeAt(start) !== 0x2f) return false;
  for (let i = start + 1; i < text.length && i - start <= MAX_ROOT_FOLDER; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2f) return i > start + 1;
    if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d)) return false;
  }
  return false;
}

/** Longest first folder of an absolute path that `absolutePathAt` reads. */
const MAX_ROOT_FOLDER = 32;

/** How far either side of a key after a `/` the base64 run around it is read. */
const RUN_WINDOW = 96;

/**
 * A key after a `/` or `+` whose base64 run goes on around it past other `/`s: random base64
 * holds a `/` once in 64 characters, so the segment just before the key is often short
 * (`…Gbk/sk_…`). The run around it (back from the `/`, and on after the key's token) is
 * base64 when it is long, mixes capitals, small letters and digits, and holds few `/`: a
 * path or URL has one every few characters (`hooks/T0…/B0…/`, `etc/roxels/credentials/`).
 */
function insideBase64Run(text: string, index: number): boolean {
  const mix = { upper: false, lower: false, digit: false, slashes: 0, length: 0 };
  const take = (code: number): boolean => {
    if (code >= 0x41 && code <= 0x5a) mix.upper = true;
    else if (code >= 0x61 && code <= 0x7a) mix.lower = true;
    else if (code >= 0x30 && code <= 0x39) mix.digit = true;
    else if (code === 0x2f) mix.slashes++;
    else if (code !== 0x2b) return false;
    mix.length++;
    return true;
  };
  readAround(text, index, take);
  return mix.length >= BLOB_RUN + 4 && mix.upper && mix.lower && mix.digit && mix.slashes * 16 <= mix.length;
}

/**
 * A key after a `-` inside a base64url value or a JWT (`…p-sk_…`): base64url holds `-` and
 * `_` too, so the run around the key is read over them (and over a JWT's `.`), back from
 * the `-` and on after the key's token, and taken as random when it is long and its case
 * keeps changing, as a name's (`Production_Key_Version2-`) does not.
 */
function randomRunAround(text: string, index: number): boolean {
  const mix = { digits: 0, changes: 0, previous: 0, length: 0 };
  const take = (code: number): boolean => {
    if (!isTokenChar(code) && code !== 0x2e) return false;
    const letter = code >= 0x41 && code <= 0x5a ? 1 : code >= 0x61 && code <= 0x7a ? 2 : 0;
    if (letter === 0 && code >= 0x30 && code <= 0x39) mix.digits++;
    if (letter !== 0) {
      if (mix.previous !== 0 && letter !== mix.previous) mix.changes++;
      mix.previous = letter;
    }
    mix.length++;
    return true;
  };
  readAround(text, index, take, () => {
    mix.previous = 0;
  });
  return mix.length >= BLOB_RUN + 4 && mix.digits > 0 && mix.changes >= 6;
}

/**
 * Hands `take` the characters around the key at `index`, each side until `take` refuses
 * one or RUN_WINDOW are read: back from before the separator in front of the key, then
 * (after `turn`) on from the end of the key's token.
 */
function readAround(text: string, index: number, take: (code: number) => boolean, turn?: () => void): void {
  for (let i = index - 2; i >= 0 && index - 2 - i < RUN_WINDOW && take(text.charCodeAt(i)); i--);
  turn?.();
  let after = index;
  while (after < text.length && isTokenChar(text.charCodeAt(after))) after++;
  for (let i = after; i < text.length && i - after < RUN_WINDOW && take(text.charCodeAt(i)); i++);
}

function base64SegmentBefore(text: string, slash: number): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  let run = 0;
  for (let i = slash - 1; i >= 0 && run < BLOB_RUN; i--, run++) {
    const code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) upper = true;
    else if (code >= 0x61 && code <= 0x7a) lower = true;
    else if (code >= 0x30 && code <= 0x39) digit = true;
    else if (code !== 0x2b) break;
  }
  return run >= BLOB_RUN && upper && lower && digit;
}

/**
 * Every key in `text`, in order of offset. Linear in the length of the text: each run
 * of token characters is measured once however many candidates fall inside it.
 */
export function findKeys(text: string, options: FindKeysOptions = {}): KeyMatch[] {
  const matches: KeyMatch[] = [];
  collectPlainKeys(text, options, matches);
  // A binary is no e-mail; and a decoded value is text, not a record's bytes: no key is glued there.
  const split = options.binary !== true && collectQuotedPrintableKeys(text, options, matches);
  if (options.decodeBase64 !== false) collectEncodedKeys(text, { ...options, onRejected: undefined, binary: false }, MAX_DECODE_DEPTH, matches);
  if ((split || options.decodeBase64 !== false) && matches.length > 1) matches.sort((a, b) => a.index - b.index);
  return matches;
}

/**
 * Keys that a quoted-printable soft break splits (`sk_AbC=\r\nDef…`), found in the text
 * decoded (quoted-printable.ts) and reported where they start in the text, spanning the
 * break. A key no break splits was found in the text itself. True when one was added.
 */
function collectQuotedPrintableKeys(text: string, options: FindKeysOptions, out: KeyMatch[]): boolean {
  const view = quotedPrintableView(text);
  if (view === null) return false;
  const inner: KeyMatch[] = [];
  collectPlainKeys(view.decoded, { ...options, onRejected: undefined }, inner);
  const found = new Map(out.map((match, at) => [match.index, at]));
  let added = false;
  for (const match of inner) {
    const index = view.offsets[match.index]!;
    const end = view.offsets[match.index + match.length - 1]! + 1;
    const joined: KeyMatch = { kind: match.kind, index, length: end - index, secret: match.secret, encoding: "plain" };
    const plain = found.get(index);
    // The text alone saw the key up to the break (`sk_…=\r\n` can be a key's length): the joined key replaces it.
    if (plain !== undefined) {
      if (out[plain]!.length < joined.length) out[plain] = joined;
      continue;
    }
    out.push(joined);
    added = true;
  }
  return added;
}

/**
 * Kubernetes `dockerconfigjson` secrets hold base64 JSON whose `auth` is base64 again,
 * so two levels are decoded; deeper nesting is not a way configs store keys.
 */
const MAX_DECODE_DEPTH = 2;

/**
 * Whether one base64 value holds a key: what `findKeys` finds on decoding it, for a
 * caller that already knows where a run with a signature stands (the byte pre-filter).
 */
export function encodedRunHoldsKey(run: string): boolean {
  const decoded = decodeBase64Run(run);
  const inner: KeyMatch[] = [];
  collectPlainKeys(decoded, {}, inner);
  collectEncodedKeys(decoded, {}, MAX_DECODE_DEPTH - 1, inner);
  return inner.length > 0;
}

function collectEncodedKeys(text: string, options: FindKeysOptions, depth: number, out: KeyMatch[]): void {
  for (const encoded of findEncodedCandidates(text)) {
    const inner: KeyMatch[] = [];
    collectPlainKeys(encoded.decoded, options, inner, { text, index: encoded.index });
    if (depth > 1) collectEncodedKeys(encoded.decoded, options, depth - 1, inner);
    for (const match of inner) {
      const { index, length } = encoded.block ? encodedKeyInBlock(encoded.block, match) : encoded;
      out.push({ kind: match.kind, index, length, secret: match.secret, encoding: "base64" });
    }
  }
}

/**
 * Where in a wrapped block the key's own encoding stands, to the end of that line: a
 * block is many lines, and the finding belongs on the line where the key starts.
 */
function encodedKeyInBlock(block: WrappedBlock, match: KeyMatch): { index: number; length: number } {
  const at = textOffset(block, Math.floor(match.index / 3) * 4);
  return { index: at, length: Math.max(1, Math.min(Math.ceil((match.length * 4) / 3), lineEndAfter(block, at) - at)) };
}

/** `outer`: where the encoded value that `text` decodes stands, whose name may say whose key it holds. */
function collectPlainKeys(text: string, options: FindKeysOptions, out: KeyMatch[], outer?: OuterPlace): void {
  const candidate = new RegExp(CANDIDATE.source, "g");
  let runEnd = -1;
  // Where the last key ended: the next key's context starts there at the earliest.
  let previousEnd = 0;
  const memo = newContextMemo();
  for (let m = candidate.exec(text); m !== null; m = candidate.exec(text)) {
    const start = m.index;
    if (!(startsAtBoundary(text, start) || (options.binary === true && gluedToRecord(text, start))) || continuesBlob(text, start)) continue;
    if (start >= runEnd) {
      runEnd = start + 3;
      while (runEnd < text.length && isTokenChar(text.charCodeAt(runEnd))) runEnd++;
    }
    if (runEnd - start > MAX_TOKEN_LENGTH) {
      // A blob (or `sk-sk-sk-…`): nothing inside a run this long is a key.
      candidate.lastIndex = runEnd;
      continue;
    }
    const run = text.slice(start, runEnd);
    const { classification, length } = classifyRun(run);
    if (classification === null) continue;
    const token = length === run.length ? run : run.slice(0, length);
    if ("rejected" in classification) {
      reportRejected(options, start, token, classification.rejected);
      continue;
    }
    candidate.lastIndex = runEnd;
    const kind = kindInContext(text, start, previousEnd, token, classification.kind, memo, outer);
    previousEnd = start + length;
    if (!FINDING.has(kind) && !options.includeEmbed) continue;
    out.push({
      kind,
      index: start,
      length,
      secret: new Secret(token, classification.prefixLength),
      encoding: "plain",
    });
  }
}

/** Length of the prefix every key begins with (`sk_`, `rk-`…: KEY_PREFIXES). */
const PREFIX_LENGTH = 3;

function isSeparator(code: number): boolean {
  return code === 0x5f || code === 0x2d;
}

/**
 * Classify a run of token characters, and say how much of it is the key. No key's body
 * ends in `-` or `_`, so when the whole run is not a key but ends in a run of them, they
 * are punctuation glued to it (`<!--sk_…-->`, `sk_…__`) and the run without them is
 * classified instead. The whole run is tried first: an OpenAI or Anthropic body may end
 * in a separator, and keeps it.
 */
function classifyRun(run: string): { readonly classification: Classification | null; readonly length: number } {
  const whole = classifyToken(run);
  if (whole !== null && !("rejected" in whole)) return { classification: whole, length: run.length };
  let end = run.length;
  while (end > PREFIX_LENGTH && isSeparator(run.charCodeAt(end - 1))) end--;
  if (end < run.length && end > PREFIX_LENGTH) {
    const trimmed = classifyToken(run.slice(0, end));
    if (trimmed !== null) return { classification: trimmed, length: end };
  }
  if (whole === null && isSuffixedSecret(run)) return { classification: { rejected: "suffixed" }, length: run.length };
  return { classification: whole, length: run.length };
}

/**
 * A Roxels secret key followed by a separator and more (`sk_…-2024`, `sk_…_old`): the
 * contract's token runs on over `-` and `_`, so the whole is no key, but a user who
 * wonders why it was not reported is told (`--explain`).
 */
function isSuffixedSecret(run: string): boolean {
  let end = PREFIX_LENGTH;
  while (end < run.length && !isSeparator(run.charCodeAt(end))) end++;
  if (end === run.length) return false;
  const head = classifyToken(run.slice(0, end));
  return head !== null && "kind" in head && head.kind === "roxels-secret";
}

function reportRejected(options: FindKeysOptions, index: number, token: string, reason: RejectReason): void {
  if (!options.onRejected) return;
  const shown = token.length > 7 ? `${token.slice(0, 5)}…` : token;
  options.onRejected({ index, length: token.length, reason, masked: shown });
}
