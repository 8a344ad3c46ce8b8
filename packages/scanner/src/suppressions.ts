/**
 * What keeps a match out of a report. Everything is keyed on the key's fingerprint or on
 * a path, never on a line number, so ignores survive edits, rebases and squashes.
 */
import { findKeys, isFingerprint, UsageError } from "@roxels-guard/core";
import { gitignoreRules, type PathRuleSet } from "./gitignore-rules.js";
import type { SuppressionReason } from "./finding.js";
import { readSettingsFile } from "./config.js";

export const IGNORE_FILE_NAME = ".roxelsguardignore";

/** The ignore-comment grammar lives in core, shared with the ESLint rules. */
export { inlineIgnoreReason } from "@roxels-guard/core";

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
