/** The human report: one line a finding, then what to do, then what was read. */
import pc from "picocolors";
import { KIND_ADVICE, type KeyKind } from "@roxels-guard/core";
import type { Finding, ScanResult, SuppressionReason } from "@roxels-guard/scanner";

export interface TextOptions {
  readonly color: boolean;
  readonly explain?: boolean;
}

/**
 * Characters that, printed raw, forge report lines or drive the terminal: C0 controls
 * (ESC, BEL, CR, LF…), DEL, C1 controls (0x9B is a CSI on some terminals), the Unicode
 * line and paragraph separators, and the bidirectional marks and overrides that reorder
 * what a line seems to say.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_CLASS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNPRINTABLE = new RegExp(UNPRINTABLE_CLASS.source, "g");

function escapeCharacter(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` from a scanned file (an ignore comment's reason), with unprintable characters escaped (`\x1b`). */
export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}

/**
 * File names can hold newlines, tabs or escape sequences; printed raw, they would forge
 * report lines or drive the terminal. Such names are shown JSON-quoted, with what JSON
 * leaves raw (C1 controls, bidirectional marks) as `\uXXXX`.
 */
export function printablePath(file: string): string {
  if (!UNPRINTABLE_CLASS.test(file)) return file;
  return JSON.stringify(file).replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** What a finding's `place` is called in a sentence. */
export const PLACE_NAMES: Readonly<Record<NonNullable<Finding["place"]>, string>> = {
  "file-name": "file name",
  "symlink-target": "symlink target",
  "commit-message": "commit message",
  "tag-message": "tag message",
  "ref-name": "branch or tag name",
  "tagged-object": "object a tag names",
  note: "git note",
};

export function formatFindingLine(f: Finding, c = pc.createColors(false)): string {
  const location = `${printablePath(f.file)}:${f.line}:${f.column}`;
  const encoded = (f.encoding === "base64" ? c.dim(" (base64)") : "") + (f.place !== undefined ? c.dim(` (in the ${PLACE_NAMES[f.place]})`) : "");
  const history = f.commit
    ? c.dim(`  ${f.commit.slice(0, 12)} ${f.author ?? ""}${f.authorName ? ` (${f.authorName})` : ""} ${f.date?.slice(0, 10) ?? ""}${f.occurrences && f.occurrences > 1 ? ` (+${f.occurrences - 1} more commits)` : ""}`)
    : "";
  const object = f.object !== undefined ? c.dim(`  object ${f.object.slice(0, 12)}`) : "";
  return `${c.bold(location)}  ${c.red(f.kind)}  ${f.masked}  ${c.dim(f.fingerprint)}${encoded}${history}${object}${sourceLines(f, c)}`;
}

/** Build output: the source line that put the key there, and the imports that pulled it in. */
function sourceLines(f: Finding, c: ReturnType<typeof pc.createColors>): string {
  const source = f.source;
  if (!source) return "";
  const at = source.line !== undefined ? `:${source.line}${source.column !== undefined ? `:${source.column}` : ""}` : "";
  const lines = [`\n  ${c.dim("from")} ${printablePath(source.file)}${at}`];
  if (source.importChain && source.importChain.length > 0) {
    lines.push(`\n  ${c.dim("imported by")} ${source.importChain.map(printablePath).join(" -> ")}`);
  }
  return lines.join("");
}

export function formatText(result: ScanResult, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const lines: string[] = [];
  for (const f of result.findings) lines.push(formatFindingLine(f, c));

  if (result.findings.length > 0) {
    lines.push("");
    const kinds = [...new Set(result.findings.map((f) => f.kind))] as KeyKind[];
    for (const kind of kinds) lines.push(`${c.yellow("hint")} ${kind}: ${KIND_ADVICE[kind]}`);
    lines.push(`${c.yellow("hint")} not a real key? add "roxels-guard-ignore" on its line, or its fingerprint to .roxelsguardignore`);
  }

  if (options.explain && result.suppressed.length > 0) {
    lines.push("");
    for (const s of result.suppressed) {
      const detail = s.detail ? ` (${printableText(s.detail)})` : "";
      lines.push(`${c.dim("suppressed")} ${printablePath(s.file)}:${s.line}:${s.column}  ${s.masked}  ${s.reason}${detail}`);
    }
  }

  lines.push("");
  lines.push(summaryLine(result, c));
  return `${lines.join("\n")}\n`;
}

function summaryLine(result: ScanResult, c: ReturnType<typeof pc.createColors>): string {
  const { stats } = result;
  const skipped = Object.entries(stats.skipped)
    .filter(([, count]) => count > 0)
    .map(([why, count]) => skippedLabel(why, count));
  const scope = stats.commits !== undefined ? `${plural(stats.commits, "commit")}` : `${plural(stats.files, "file")}`;
  // What was read only in part (an archive past a limit, a damaged one) is counted here, named in the warnings.
  const warned = result.warnings.length > 0 ? `; ${plural(result.warnings.length, "warning")}` : "";
  const read = `${scope}, ${formatBytes(stats.bytes)} scanned${skipped.length ? `; skipped: ${skipped.join(", ")}` : ""}${warned}`;
  const count = result.findings.length;
  const verdict = count === 0 ? c.green("no keys found") : c.red(`${plural(count, "key")} found`);
  const suppressed = suppressedSummary(result);
  return `${verdict} (${read}${suppressed ? `; ${suppressed}` : ""})`;
}

/** "1 symlink not followed", "3 ignored": the counts' keys are field names, not words. */
export function skippedLabel(why: string, count: number): string {
  if (why === "symlinks") return `${plural(count, "symlink")} not followed`;
  if (why === "tooLarge") return `${count} too large`;
  return `${count} ${why}`;
}

/** What kept keys out of the report, in the order a key meets them; placeholders and names in code are not keys. */
const SUPPRESSED_BY: ReadonlyArray<readonly [SuppressionReason, (count: number) => string]> = [
  ["ignore-comment", (n) => (n === 1 ? "an ignore comment" : "ignore comments")],
  ["ignore-file", () => "the ignore file"],
  ["config", () => "the config"],
  ["baseline", () => "the baseline"],
];

/**
 * How many keys were suppressed and by what (`3 suppressed by the baseline`; `4
 * suppressed: 1 by an ignore comment, 3 by the config`), so a clean run says what it
 * did not report; `--explain` lists them.
 */
function suppressedSummary(result: ScanResult): string {
  const counts = new Map<SuppressionReason, number>();
  for (const s of result.suppressed) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const parts = SUPPRESSED_BY.filter(([reason]) => counts.has(reason)).map(([reason, by]) => [counts.get(reason)!, by(counts.get(reason)!)] as const);
  if (parts.length === 0) return "";
  if (parts.length === 1) return `${parts[0]![0]} suppressed by ${parts[0]![1]}`;
  const total = parts.reduce((sum, [n]) => sum + n, 0);
  return `${total} suppressed: ${parts.map(([n, by]) => `${n} by ${by}`).join(", ")}`;
}
