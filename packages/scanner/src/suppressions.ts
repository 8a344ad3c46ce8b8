/**
 * What keeps a match out of a report. Everything is keyed on the key's fingerprint or on
 * a path, never on a line number, so ignores survive edits, rebases and squashes.
 */
import { findKeys, isFingerprint, redactKeys } from "@roxels-guard/core";
import { gitignoreRules, type PathRuleSet } from "./gitignore-rules.js";
import type { SuppressionReason } from "./finding.js";
import { readSettingsFile } from "./config.js";
import { UsageError } from "./errors.js";

export const IGNORE_FILE_NAME = ".roxelsguardignore";

const IGNORE_MARKER = "roxels-guard-ignore";

/** Longest reason kept, in characters: a reason is a note, and a minified line can be megabytes. */
const MAX_REASON = 200;
/** Characters after the marker looked at: far more than the reason kept. */
const REASON_WINDOW = 2048;

/** Characters before the marker looked at for the comment's opener. */
const OPENER_WINDOW = 256;

/** A reason stops at a line break: it is shown on one line. */
const LINE_BREAK = /[\r\n\v\f\u0085\u2028\u2029]/;
/**
 * Block comments, opener and closer: where the comment the marker is in ends, the rest of
 * the line is code, not the reason. A closer counts only when its opener is open before
 * the marker: the reason of a line comment may name a glob such as `src/**` + `/*.env`.
 * C and CSS, HTML and XML, JSP, ERB and EJS, Blade and Handlebars, Jinja and Twig,
 * OCaml and Pascal, Haskell, Lua, Julia, Lisp, PHP.
 */
const BLOCK_COMMENTS: ReadonlyArray<readonly [open: string, close: string]> = [
  ["/*", "*/"],
  ["<!--", "-->"],
  ["<%--", "--%>"],
  ["<%", "%>"],
  ["{{--", "--}}"],
  ["{{!--", "--}}"],
  ["{{", "}}"],
  ["{#", "#}"],
  ["(*", "*)"],
  ["{-", "-}"],
  ["[[", "]]"],
  ["#=", "=#"],
  ["#|", "|#"],
  ["<?", "?>"],
];
/**
 * A closer left at the end of a reason, its opener on an earlier line (a comment over
 * several lines): C's and HTML's always, the others only after a space.
 */
const TRAILING_CLOSER = /(?:\s*(?:\*\/|-->)|(?:^|\s+)(?:--%>|%>|--\}\}|\}\}|#\}|\*\)|-\}|\]\]|=#|\|#|\?>))$/;

/**
 * The reason given in an inline ignore comment on `lineText` (`roxels-guard-ignore`,
 * optionally followed by `: reason` or `-- reason`): "" when none, null without a marker.
 * The reason is kept to one line, without the comment's closer, and with every key in it
 * masked, so `--explain` can show it in any format. `bytewise`: the line is UTF-8 bytes
 * read as latin1 (see core's text-decoding), and the reason is decoded.
 */
export function inlineIgnoreReason(lineText: string, bytewise = false): string | null {
  for (let at = lineText.indexOf(IGNORE_MARKER); at !== -1; at = lineText.indexOf(IGNORE_MARKER, at + 1)) {
    const end = at + IGNORE_MARKER.length;
    // `roxels-guard-ignored`, `roxels-guard-ignore-next-line` and the like are other words.
    if (end < lineText.length && /[\w-]/.test(lineText[end]!)) continue;
    let window = lineText.slice(end, end + REASON_WINDOW);
    // A token cut at the window's edge may be part of a key too short to be masked.
    if (lineText.length > end + REASON_WINDOW) window = window.replace(/[\w-]+$/, "");
    const before = lineText.slice(Math.max(0, at - OPENER_WINDOW), at);
    return reasonText(bytewise ? Buffer.from(window, "latin1").toString("utf8") : window, before);
  }
  return null;
}

function reasonText(afterMarker: string, beforeMarker: string): string {
  let reason = afterMarker;
  const lineBreak = LINE_BREAK.exec(reason);
  if (lineBreak) reason = reason.slice(0, lineBreak.index);
  let cut = reason.length;
  for (const [open, close] of BLOCK_COMMENTS) {
    if (beforeMarker.lastIndexOf(open) <= beforeMarker.lastIndexOf(close)) continue; // not open (or absent)
    const at = reason.indexOf(close);
    if (at !== -1 && at < cut) cut = at;
  }
  reason = reason.slice(0, cut).trim();
  for (let closer = TRAILING_CLOSER.exec(reason); closer; closer = TRAILING_CLOSER.exec(reason)) {
    reason = reason.slice(0, closer.index);
  }
  // The separator: `: reason`, `-- reason`.
  if (reason.startsWith(":")) reason = reason.slice(1);
  else if (reason.startsWith("--")) reason = reason.slice(2);
  reason = maskKeysIn(reason.trim());
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}

/**
 * `text` with every key masked: keys standing in it, base64 values holding one, and runs
 * that merely start like a key (a key cut short, or glued to other characters).
 */
function maskKeysIn(text: string): string {
  return redactKeys(text, { keyShaped: true, encoded: true });
}

/** The prefix of an ignore-file line meant as a fingerprint (`fingerprint:`, any case, spaces allowed). */
const FINGERPRINT_PREFIX = /^fingerprint\s*:\s*/i;
/** A note after a fingerprint: `# …`, with or without a space before it. */
const FINGERPRINT_NOTE = /\s*#.*$/;
/**
 * A line of nothing but hex digits (and perhaps a note) this long is a fingerprint with
 * digits missing or extra, not a path: English words spelt in hex letters are shorter, and
 * a name of digits alone (a timestamp) has no letter.
 */
const HEX_RUN = /^(?=.*[a-fA-F])[0-9a-fA-F]{12,}$/;

export interface IgnoreFile {
  readonly paths: PathRuleSet;
  readonly fingerprints: ReadonlySet<string>;
  readonly hasPathRules: boolean;
}

/**
 * The lines of an ignore file: gitignore patterns, and fingerprints, one a line (16 hex
 * digits, optionally after `fingerprint:`, optionally followed by a `# note`). A line meant
 * as a fingerprint that is not one, or a line holding a key, is an error naming the file
 * and line: ignored silently, it would leave the user wondering why the key is reported.
 */
export function parseIgnoreFile(text: string, file = IGNORE_FILE_NAME): IgnoreFile {
  const patterns: string[] = [];
  const fingerprints = new Set<string>();
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const where = `${file}:${index + 1}`;
    // Comments too: the file is committed, and a key in it has leaked.
    const key = findKeys(raw)[0];
    if (key) {
      throw new UsageError(
        `${where}: holds a key (${key.secret.masked}), not its fingerprint: write ${key.secret.fingerprint} there instead (and rotate the key if the file was ever committed or shared)`,
      );
    }
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const prefix = FINGERPRINT_PREFIX.exec(line);
    const value = (prefix ? line.slice(prefix[0].length) : line).replace(FINGERPRINT_NOTE, "");
    // Upper case too: a fingerprint copied from a tool that shouts is still one.
    if (isFingerprint(value.toLowerCase())) {
      fingerprints.add(value.toLowerCase());
    } else if (prefix) {
      throw new UsageError(`${where}: "fingerprint:" must be followed by a fingerprint, 16 hex digits as scan reports it (e.g. fingerprint: 9e9819d5ad434445 # a note)`);
    } else if (HEX_RUN.test(value)) {
      throw new UsageError(`${where}: ${value.length} hex digits: a fingerprint has 16, as scan reports it`);
    } else {
      patterns.push(raw.replace(/\s+$/, ""));
    }
  }
  return { paths: gitignoreRules(patterns), fingerprints, hasPathRules: patterns.length > 0 };
}

export function loadIgnoreFile(path: string): IgnoreFile | null {
  let text: string;
  try {
    text = readSettingsFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UsageError(`cannot read ignore file ${path}: ${(error as Error).message}`);
  }
  return parseIgnoreFile(text, path);
}

/** Fingerprint-keyed suppressions from the ignore file, the config and a baseline. */
export class FingerprintSuppressions {
  readonly #sources = new Map<string, SuppressionReason>();

  add(fingerprints: Iterable<string>, reason: SuppressionReason): void {
    for (const fp of fingerprints) if (!this.#sources.has(fp)) this.#sources.set(fp, reason);
  }

  reasonFor(fingerprint: string): SuppressionReason | null {
    return this.#sources.get(fingerprint) ?? null;
  }

  get size(): number {
    return this.#sources.size;
  }
}
