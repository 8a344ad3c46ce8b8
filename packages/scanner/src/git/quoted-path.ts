/**
 * Paths as git prints them in patch headers. A name holding a control character, `"`
 * or `\` is printed C-quoted (`"a\nb.txt"`, octal escapes for bytes); others are printed
 * raw. Diff text is read as latin1 (one character per byte), so both forms are decoded
 * back to bytes here and only then read as UTF-8.
 */
import { pathFromBytes, pathText } from "../file-path.js";

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

export interface Unquoted {
  /** The name, still latin1 (bytes). */
  readonly value: string;
  /** Offset just past the closing quote. */
  readonly end: number;
}

/** Decode the C-quoted string starting at `start` (which holds `"`); null if malformed. */
export function unquoteAt(text: string, start: number): Unquoted | null {
  if (text[start] !== '"') return null;
  let out = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined) return null;
    if (next >= "0" && next <= "7") {
      const octal = text.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(octal)) return null;
      out += String.fromCharCode(parseInt(octal, 8));
      i += 2;
    } else if (next in ESCAPES) {
      out += String.fromCharCode(ESCAPES[next]!);
    } else {
      return null;
    }
  }
  return null;
}

/** Bytes read as latin1 → the text git meant (UTF-8). */
export function latin1ToUtf8(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(bytes) ? Buffer.from(bytes, "latin1").toString("utf8") : bytes;
}

/** A file name read as latin1 → its text, bytes that are not UTF-8 shown `\xNN` as a file scan shows them. */
function latin1PathText(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(bytes) ? pathText(pathFromBytes(Buffer.from(bytes, "latin1"))) : bytes;
}

/**
 * A path field that runs to the end of a header line (`rename to …`, `+++ b/…`,
 * `diff --cc …`), quoted or raw, with `prefix` (`b/`) removed. Raw names never hold a
 * tab (a tab forces quoting), so a tab ends them: git appends one after names with spaces.
 */
export function pathField(field: string, prefix = ""): string | null {
  let raw: string;
  if (field.startsWith('"')) {
    const unquoted = unquoteAt(field, 0);
    if (!unquoted) return null;
    raw = unquoted.value;
  } else {
    const tab = field.indexOf("\t");
    raw = tab === -1 ? field : field.slice(0, tab);
  }
  if (!raw.startsWith(prefix)) return null;
  return latin1PathText(raw.slice(prefix.length));
}

/**
 * The new-side path of a `diff --git a/X b/Y` header, when it can be told: quoted names
 * are unambiguous; raw names with spaces are split where both halves name the same file
 * (renames, the only case with two different names, also print `rename to`).
 */
export function newPathFromGitHeader(rest: string): string | null {
  if (rest.startsWith('"')) {
    const first = unquoteAt(rest, 0);
    if (!first || rest[first.end] !== " ") return null;
    return pathField(rest.slice(first.end + 1), "b/");
  }
  // "a/X b/X": the only split that works is the middle one.
  if ((rest.length - 5) % 2 !== 0 || rest.length < 7) {
    const quoted = rest.indexOf(' "b/');
    return quoted === -1 ? null : pathField(rest.slice(quoted + 1), "b/");
  }
  const half = (rest.length - 5) / 2;
  const a = rest.slice(2, 2 + half);
  if (rest.startsWith("a/") && rest.slice(2 + half) === ` b/${a}`) return latin1PathText(a);
  const quoted = rest.indexOf(' "b/');
  return quoted === -1 ? null : pathField(rest.slice(quoted + 1), "b/");
}
