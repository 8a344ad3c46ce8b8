import type { KeyKind, Secret } from "@roxels-guard/core";

/** One key at one place. Created once per match; every reporter and action reads it. */
export interface Finding {
  /** Path relative to the current directory, with `/` separators. */
  readonly file: string;
  /** 1-based line and column (UTF-16 code units) of the key, or of the encoded value holding it. */
  readonly line: number;
  readonly column: number;
  /** Column just past the key (or the encoded value) on that line. */
  readonly endColumn: number;
  readonly kind: KeyKind;
  readonly masked: string;
  readonly fingerprint: string;
  /** The key itself, behind a wrapper that only ever prints masked. */
  readonly secret: Secret;
  readonly encoding: "plain" | "base64";
  /** History scans: the commit that added it, its author's email and name, its date (ISO 8601). A key in the name or e-mail is masked. */
  readonly commit?: string;
  readonly author?: string;
  readonly authorName?: string;
  readonly date?: string;
  /** Set when the key is not in a file's content: in its name, a symlink's target, a commit or tag message, a ref name; or in a blob only a tag (`tagged-object`) or a notes ref (`note`) reaches. */
  readonly place?: FindingPlace;
  /**
   * History scans, where no commit's file holds the key: the object a tag names (the blob
   * or tree of a `tagged-object`, the inner tag object of a nested tag's message).
   */
  readonly object?: string;
  /** History scans: how many commits added this key (reported once, at the first). */
  occurrences?: number;
  /** Build output: where the emitted text came from (source maps, the bundler's module graph). */
  source?: SourceOrigin;
}

/** The original source behind a key found in a build's output. */
export interface SourceOrigin {
  /** The source file, relative to the current directory where it lies inside it. */
  readonly file: string;
  /** 1-based, when a source map or the source's own text placed it. */
  readonly line?: number;
  readonly column?: number;
  /** Entry first, then each module that imported the next, ending at `file`'s importer. */
  readonly importChain?: readonly string[];
}

export type FindingPlace = "file-name" | "symlink-target" | "commit-message" | "tag-message" | "ref-name" | "tagged-object" | "note";

export type SuppressionReason = "placeholder" | "not-a-key" | "ignore-comment" | "ignore-file" | "baseline" | "config";

/** A match that was not reported, and why: what `--explain` prints. */
export interface Suppressed {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Safe to print: a masked key or a short masked prefix of a placeholder. */
  readonly masked: string;
  readonly reason: SuppressionReason;
  /** Details: which placeholder rule, which ignore file line, the comment's reason. */
  readonly detail?: string;
  /**
   * A real key silenced by a suppression (not a placeholder): verify and revoke still act
   * on it, since silencing a report does not make an exposed key safe. Never in a report.
   */
  readonly key?: SuppressedKey;
}

export interface SuppressedKey {
  readonly secret: Secret;
  readonly kind: KeyKind;
  /** History scans: the commit that added it. */
  readonly commit?: string;
}

export interface SkippedCounts {
  binary: number;
  ignored: number;
  unreadable: number;
  symlinks: number;
  tooLarge: number;
}

export interface ScanStats {
  files: number;
  bytes: number;
  skipped: SkippedCounts;
  /** History scans: commits read. */
  commits?: number;
}

export interface ScanResult {
  readonly findings: Finding[];
  readonly suppressed: Suppressed[];
  readonly stats: ScanStats;
  /** Problems that did not stop the scan (an unreadable file), one line each. */
  readonly warnings: string[];
  /** How the scan went (threads, files each read), one line each: printed with `--debug`. */
  readonly notes?: string[];
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skipped: { binary: 0, ignored: 0, unreadable: 0, symlinks: 0, tooLarge: 0 } };
}
