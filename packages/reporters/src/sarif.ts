/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One rule per key kind;
 * `partialFingerprints` carries the key's fingerprint so that code scanning tracks an
 * alert across edits instead of opening a new one when lines move.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { KIND_ADVICE, KIND_DESCRIPTIONS, KIND_SEVERITY, redactKeys, type KeyKind } from "@roxels-guard/core";
import type { Finding, ScanResult } from "@roxels-guard/scanner";
import { jsonPieces, mapped, Streamed } from "./json-pieces.js";
import { PLACE_NAMES } from "./text.js";

export interface SarifOptions {
  readonly toolVersion: string;
  /**
   * The folder `%SRCROOT%` names: the top of the git work tree holding the scanned files,
   * or the current folder outside git. URIs are relative to it, as code scanning resolves
   * them from the repository's root. Absolute; by default `cwd`.
   */
  readonly root?: string;
  /** The folder findings' `file` paths are relative to (absolute; default: the process's). */
  readonly cwd?: string;
}

const INFORMATION_URI = "https://github.com/roxels/roxels-guard";

/** "A Roxels secret key", "An OpenAI API key": the article each description needs. */
function withArticle(description: string): string {
  return `${/^[aeiou]/i.test(description) ? "An" : "A"} ${description}`;
}

function ruleFor(kind: KeyKind) {
  const description = KIND_DESCRIPTIONS[kind];
  return {
    id: kind,
    name: description.replace(/(?:^|\s)(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\s/g, ""),
    shortDescription: { text: `${description} exposed` },
    fullDescription: {
      text: `${withArticle(description)} appears in the scanned content. Anyone who can read it can use it.`,
    },
    help: { text: `What to do: ${KIND_ADVICE[kind]}.`, markdown: `**What to do:** ${KIND_ADVICE[kind]}.` },
    defaultConfiguration: { level: "error" as const },
    properties: { tags: ["security", "secret"], precision: "high", "security-severity": KIND_SEVERITY[kind] },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(file: string): string {
  return file
    .split("/")
    .map((segment) =>
      segment === ".."
        ? segment
        : // A byte of a name that is not UTF-8 is shown `\xNN`: in a URI it is that byte, %NN.
          segment
            .split(/(\\x[0-9a-fA-F]{2})/)
            .map((part, i) => (i % 2 === 1 ? `%${part.slice(2).toUpperCase()}` : encodeURIComponent(part)))
            .join(""),
    )
    .join("/");
}

/**
 * Where a finding's file is, for SARIF: relative to the root (`%SRCROOT%`) when it lies
 * inside it, else an absolute `file:` URI. Findings carry `file` relative to the current
 * folder, already in its display form (a key in a name masked, bytes that are not UTF-8
 * as `\xNN`), so rebasing is path arithmetic on that string, never a `../` in the URI.
 */
function locator(root: string, rootUri: string, cwd: string): (file: string) => { uri: string; uriBaseId?: "%SRCROOT%" } {
  return (file) => {
    // Display paths use `/`; `\xNN` occurs only on POSIX systems, where `\` is no separator.
    const absolute = path.resolve(cwd, file);
    let relative = path.relative(root, absolute);
    // Another drive than the root's (Windows): no relative path at all.
    if (path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
    if (path.sep !== "/") relative = relative.split(path.sep).join("/");
    if (relative !== ".." && !relative.startsWith("../")) return { uri: pathToUri(relative), uriBaseId: "%SRCROOT%" };
    // Outside the root (another folder named on the command line): an absolute URI.
    return { uri: new URL(pathToUri(relative), rootUri).href };
  };
}

function messageFor(f: Finding): string {
  const where = f.commit ? ` (${f.place === "note" ? "in a note on" : "added in"} commit ${f.commit.slice(0, 12)})` : f.object !== undefined ? ` (object ${f.object.slice(0, 12)})` : "";
  const encoded = f.encoding === "base64" ? " inside a base64-encoded value" : "";
  const place = f.place !== undefined ? ` in the ${PLACE_NAMES[f.place]}` : "";
  return `${KIND_DESCRIPTIONS[f.kind]} ${f.masked}${encoded}${place}${where}: ${KIND_ADVICE[f.kind]}.`;
}

/** The SARIF log, piece by piece (see json-pieces.ts): one result in memory at a time. */
export function* sarifReport(result: ScanResult, options: SarifOptions): Generator<string> {
  const cwd = path.resolve(options.cwd ?? ".");
  const root = path.resolve(cwd, options.root ?? cwd);
  // A folder's URI ends in `/` (SARIF 2.1.0, 3.14.14), so relative URIs resolve inside it.
  const rootUri = pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href;
  const locate = locator(root, rootUri, cwd);
  const kinds = [...new Set(result.findings.map((f) => f.kind))].sort();
  const ruleIndex = new Map(kinds.map((kind, index) => [kind, index]));
  const results = new Streamed(
    mapped(result.findings, (f) => ({
    ruleId: f.kind,
    ruleIndex: ruleIndex.get(f.kind)!,
    level: "error" as const,
    message: { text: messageFor(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: locate(f.file),
          region: { startLine: f.line, startColumn: f.column, endLine: f.line, endColumn: f.endColumn },
        },
      },
    ],
    // Build output: the source line that put the key in the emitted file.
    ...(f.source !== undefined
      ? {
          relatedLocations: [
            {
              id: 0,
              message: { text: f.source.importChain?.length ? `imported by ${f.source.importChain.join(" -> ")}` : "source" },
              physicalLocation: {
                artifactLocation: locate(f.source.file),
                ...(f.source.line !== undefined ? { region: { startLine: f.source.line, ...(f.source.column !== undefined ? { startColumn: f.source.column } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
    partialFingerprints: { "roxelsGuardKey/v1": f.fingerprint },
    properties: {
      masked: f.masked,
      ...(f.commit !== undefined ? { commit: f.commit } : {}),
      ...(f.object !== undefined ? { object: f.object } : {}),
      ...(f.author !== undefined ? { author: f.author } : {}),
      ...(f.authorName ? { authorName: f.authorName } : {}),
      ...(f.date !== undefined ? { date: f.date } : {}),
      ...(f.occurrences !== undefined ? { occurrences: f.occurrences } : {}),
    },
    })),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "roxels-guard",
            version: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules: kinds.map(ruleFor),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: rootUri } },
        columnKind: "utf16CodeUnits",
        // What was not read (a zip bomb, a nesting limit, an unreadable file), as SARIF's
        // tool notifications: code scanning shows them beside the results.
        ...(result.warnings.length > 0
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: result.warnings.map((w) => ({ level: "warning", message: { text: redactKeys(w) } })) }] }
          : {}),
        results,
      },
    ],
  };
  yield* jsonPieces(log);
  yield "\n";
}

/** The SARIF log as one string (small reports; the CLI writes `sarifReport`'s pieces). */
export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return [...sarifReport(result, options)].join("");
}
