/**
 * What keeps a match out of a report. Everything is keyed on the key's fingerprint or on
 * a path, never on a line number, so ignores survive edits, rebases and squashes.
 */
import { readFileSync } from "node:fs";
import { gitignoreRules, type PathRuleSet } from "./gitignore-rules.js";
import type { SuppressionReason } from "./finding.js";
import { UsageError } from "./errors.js";

export const IGNORE_FILE_NAME = ".roxelsguardignore";

/** `roxels-guard-ignore` on a line, optionally followed by `: reason` or `-- reason`. */
const IGNORE_COMMENT = /roxels-guard-ignore(?![\w-])(?:\s*(?::|--)?\s*([^\r\n*]*?))?\s*(?:\*\/|-->|$)/m;

/** A line of an ignore file that is a fingerprint rather than a path pattern, with an optional `# note`. */
const FINGERPRINT_LINE = /^(?:fingerprint:)?([0-9a-fA-F]{16})(?:\s+#.*)?$/;

export interface IgnoreFile {
  readonly paths: PathRuleSet;
  readonly fingerprints: ReadonlySet<string>;
  readonly hasPathRules: boolean;
}

export function parseIgnoreFile(text: string): IgnoreFile {
  const patterns: string[] = [];
  const fingerprints = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fingerprint = FINGERPRINT_LINE.exec(line);
    if (fingerprint) {
      fingerprints.add(fingerprint[1]!.toLowerCase());
    } else {
      patterns.push(raw.replace(/\s+$/, ""));
    }
  }
  return { paths: gitignoreRules(patterns), fingerprints, hasPathRules: patterns.length > 0 };
}

export function loadIgnoreFile(path: string): IgnoreFile | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UsageError(`cannot read ignore file ${path}: ${(error as Error).message}`);
  }
  return parseIgnoreFile(text);
}

/** The reason given in an inline ignore comment on `lineText`, "" when none; null without one. */
export function inlineIgnoreReason(lineText: string): string | null {
  if (!lineText.includes("roxels-guard-ignore")) return null;
  const m = IGNORE_COMMENT.exec(lineText);
  if (!m) return null;
  return (m[1] ?? "").trim();
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
