/**
 * The one place where text becomes findings: every source (files, the staged index,
 * history) hands its text here, so ignore comments, fingerprint ignores and positions
 * behave the same everywhere.
 */
import { findKeys, ignoreCommentFor, PositionMapper, type KeyKind, type KeyMatch, type RejectedCandidate } from "@roxels-guard/core";
import type { Finding, FindingPlace, Suppressed, SuppressionReason } from "./finding.js";
import type { FingerprintSuppressions } from "./suppressions.js";

export interface TextOrigin {
  readonly file: string;
  /** Line number of the text's first line (chunks of large files, hunks of a diff). */
  readonly firstLine?: number;
  /** Column of the text's first character, when a chunk starts mid-line. */
  readonly firstColumn?: number;
  /** True when the text is UTF-8 bytes read as latin1 (see core's text-decoding). */
  readonly bytewise: boolean;
  /** The text is a binary's bytes: a key may be glued on its left to a record's length byte (core's `findKeys`). */
  readonly binary?: boolean;
  readonly commit?: string;
  readonly author?: string;
  readonly authorName?: string;
  readonly date?: string;
  /** Where the text is, when it is not a file's content: its name, a link's target, a commit message. */
  readonly place?: FindingPlace;
}

export interface ScanSink {
  readonly suppressions: FingerprintSuppressions;
  /** The kinds to report (the config's `kinds`); a key of another kind is suppressed by the config. Default: every kind. */
  readonly kinds?: ReadonlySet<KeyKind>;
  /**
   * Also collect what was not a key (placeholders, names in code) and why (`--explain`).
   * Keys that were suppressed are always collected: the summary counts them.
   */
  readonly explain: boolean;
  readonly findings: Finding[];
  readonly suppressed: Suppressed[];
}

/**
 * Scan `text` and push findings into `sink`. Only matches that start before `limit` (and
 * at `from` or after) are taken: a chunked reader passes the offset where its next chunk
 * will start. A reader
 * that knows the text holds no base64 value worth decoding (core's `chunkNeeds`) passes
 * `decodeBase64: false`.
 */
export function scanText(text: string, origin: TextOrigin, sink: ScanSink, limit = text.length, decodeBase64 = true, from = 0): void {
  const rejected: RejectedCandidate[] = [];
  const matches = findKeys(text, {
    decodeBase64,
    binary: origin.binary === true,
    ...(sink.explain ? { onRejected: (r: RejectedCandidate) => rejected.push(r) } : {}),
  });
  if (matches.length === 0 && rejected.length === 0) return;

  const events: Array<KeyMatch | RejectedCandidate> = [...matches, ...rejected].filter((e) => e.index < limit && e.index >= from);
  events.sort((a, b) => a.index - b.index);
  const mapper = new PositionMapper(text, {
    firstLine: origin.firstLine ?? 1,
    firstColumn: origin.firstColumn ?? 1,
    bytewise: origin.bytewise,
  });
  // Keys on one line share its ignore comment: a minified line of megabytes holding
  // thousands of keys is searched for it once, not once a key.
  let ignoreLineStart = -1;
  let ignoreLineReason: string | null = null;
  for (const event of events) {
    const position = mapper.locate(event.index);
    const endColumn = position.column + event.length;
    if ("reason" in event) {
      sink.suppressed.push({
        file: origin.file,
        line: position.line,
        column: position.column,
        masked: event.masked,
        // A name in code, or a key glued to more text, is not a stand-in for a key.
        reason: event.reason === "identifier" || event.reason === "suffixed" ? "not-a-key" : "placeholder",
        detail: event.reason,
      });
      continue;
    }
    if (mapper.lineStart !== ignoreLineStart) {
      ignoreLineStart = mapper.lineStart;
      ignoreLineReason = ignoreCommentFor(text, ignoreLineStart, origin.bytewise);
    }
    const ignoreReason = ignoreLineReason;
    const fingerprint = event.secret.fingerprint;
    // An ignore comment, then the fingerprint lists, then the config's `kinds`.
    let suppression: SuppressionReason | null = ignoreReason !== null ? "ignore-comment" : sink.suppressions.reasonFor(fingerprint);
    let detail = ignoreReason;
    if (suppression === null && sink.kinds !== undefined && !sink.kinds.has(event.kind)) {
      suppression = "config";
      detail = "kinds";
    }
    if (suppression !== null) {
      sink.suppressed.push({
        file: origin.file,
        line: position.line,
        column: position.column,
        masked: event.secret.masked,
        reason: suppression,
        ...(detail ? { detail } : {}),
        key: { secret: event.secret, kind: event.kind, ...(origin.commit !== undefined ? { commit: origin.commit } : {}) },
      });
      continue;
    }
    sink.findings.push({
      file: origin.file,
      line: position.line,
      column: position.column,
      endColumn,
      kind: event.kind,
      masked: event.secret.masked,
      fingerprint,
      secret: event.secret,
      encoding: event.encoding,
      ...(origin.commit !== undefined ? { commit: origin.commit } : {}),
      ...(origin.author !== undefined ? { author: origin.author } : {}),
      ...(origin.authorName !== undefined ? { authorName: origin.authorName } : {}),
      ...(origin.date !== undefined ? { date: origin.date } : {}),
      ...(origin.place !== undefined ? { place: origin.place } : {}),
    });
  }
}
