import type { Finding, ScanResult, SourceOrigin, Suppressed } from "@roxels-guard/scanner";
import { redactKeys } from "@roxels-guard/core";
import { jsonPieces, mapped, Streamed } from "./json-pieces.js";

export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly masked: string;
  readonly fingerprint: string;
  readonly encoding?: "base64";
  /** Not in the file's content: "file-name", "symlink-target", "commit-message", "tag-message", "ref-name"; or where no commit holds it: "tagged-object", "note". */
  readonly place?: string;
  readonly commit?: string;
  /** The object a tag names (a blob or tree), or the inner tag of a nested tag's message. */
  readonly object?: string;
  /** The author's e-mail and name; a key in either is masked. */
  readonly author?: string;
  readonly authorName?: string;
  readonly date?: string;
  readonly occurrences?: number;
  /** Build output: the original source file and line, and the import chain. */
  readonly source?: SourceOrigin;
}

export interface JsonReport {
  readonly version: 1;
  readonly findings: JsonFinding[];
  readonly stats: {
    readonly files: number;
    readonly bytes: number;
    readonly skipped: number;
    readonly skippedBy: Record<string, number>;
    readonly commits?: number;
  };
  readonly suppressed?: Suppressed[];
}

/**
 * Fields are copied one by one, never spread from the finding: the `secret` field must
 * not reach a report, whatever is added to `Finding` later.
 */
export function toJsonFinding(f: Finding): JsonFinding {
  return {
    file: f.file,
    line: f.line,
    column: f.column,
    kind: f.kind,
    masked: f.masked,
    fingerprint: f.fingerprint,
    ...(f.encoding === "base64" ? { encoding: "base64" as const } : {}),
    ...(f.place !== undefined ? { place: f.place } : {}),
    ...(f.commit !== undefined ? { commit: f.commit } : {}),
    ...(f.object !== undefined ? { object: f.object } : {}),
    ...(f.author !== undefined ? { author: f.author } : {}),
    ...(f.authorName ? { authorName: f.authorName } : {}),
    ...(f.date !== undefined ? { date: f.date } : {}),
    ...(f.occurrences !== undefined ? { occurrences: f.occurrences } : {}),
    ...(f.source !== undefined ? { source: copySource(f.source) } : {}),
  };
}

function copySource(s: SourceOrigin): SourceOrigin {
  return {
    file: s.file,
    ...(s.line !== undefined ? { line: s.line } : {}),
    ...(s.column !== undefined ? { column: s.column } : {}),
    ...(s.importChain !== undefined ? { importChain: [...s.importChain] } : {}),
  };
}

/** The JSON report, piece by piece (see json-pieces.ts): one finding in memory at a time. */
export function* jsonReport(result: ScanResult, options: { explain?: boolean } = {}): Generator<string> {
  const { skipped } = result.stats;
  const report = {
    version: 1,
    findings: new Streamed(mapped(result.findings, toJsonFinding)),
    stats: {
      files: result.stats.files,
      bytes: result.stats.bytes,
      skipped: Object.values(skipped).reduce((a, b) => a + b, 0),
      skippedBy: { ...skipped },
      ...(result.stats.commits !== undefined ? { commits: result.stats.commits } : {}),
    },
    // What was not read, and why (a zip bomb, a nesting limit, an unreadable file): a
    // pipeline reading the report sees what stderr said. Masked like everything shown.
    ...(result.warnings.length > 0 ? { warnings: result.warnings.map((w) => redactKeys(w)) } : {}),
    // The key behind a suppressed match stays in the process (verify and revoke use it).
    ...(options.explain ? { suppressed: new Streamed(mapped(result.suppressed, ({ key: _key, ...entry }) => entry)) } : {}),
  };
  yield* jsonPieces(report);
  yield "\n";
}

/** The JSON report as one string (small reports; the CLI writes `jsonReport`'s pieces). */
export function formatJson(result: ScanResult, options: { explain?: boolean } = {}): string {
  return [...jsonReport(result, options)].join("");
}
