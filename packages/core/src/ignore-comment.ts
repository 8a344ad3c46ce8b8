/**
 * Ignore comments: `roxels-guard-ignore` (optionally `: reason` or `-- reason`) on a
 * key's line, or `roxels-guard-ignore-next-line` on the line before it. One grammar for
 * every tool that reports keys (the scanner, the hooks, the ESLint rules), so a comment
 * that silences one silences all.
 */
import { redactKeys } from "./redact.js";

const NEXT_LINE_MARKER = "roxels-guard-ignore-next-line";

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

/** The inline ignore reason that covers the line starting at `lineStart`, or null. */
export function ignoreCommentFor(text: string, lineStart: number, bytewise: boolean): string | null {
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  // Minified lines can be megabytes long; a marker is searched for, not parsed, first.
  const line = text.slice(lineStart, lineEnd);
  const onLine = line.includes(NEXT_LINE_MARKER) ? null : inlineIgnoreReason(line, bytewise);
  if (onLine !== null) return onLine;
  if (lineStart === 0) return null;
  const previousStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  const previous = text.slice(previousStart, lineStart - 1);
  if (!previous.includes(NEXT_LINE_MARKER)) return null;
  return inlineIgnoreReason(previous.replace(NEXT_LINE_MARKER, "roxels-guard-ignore"), bytewise);
}
