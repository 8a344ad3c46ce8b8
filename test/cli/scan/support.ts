/** What the `scan` tests share: the JSON and SARIF reports' shapes, and running a scan for them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { realpathSync } from "node:fs";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { expect } from "vitest";
import { expectNoKeyIn, REPO_ROOT, runCli, type CliResult } from "../../support/cli.js";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

export interface JsonReport {
  version: number;
  findings: Array<{ file: string; line: number; column: number; kind: string; masked: string; fingerprint: string; encoding?: string; place?: string }>;
  warnings?: string[];
  stats: { files: number; bytes: number; skipped: number; skippedBy: Record<string, number> };
  suppressed?: Suppressed[];
}

export interface Suppressed {
  file: string;
  line: number;
  reason: string;
  detail?: string;
}

/** `scan --format json` in `cwd`; none of `keys` may appear in its output. */
export async function scanJson(cwd: string, args: string[] = [], keys: string[] = []): Promise<{ result: CliResult; report: JsonReport } & CliResult> {
  const result = await runCli(["scan", ...args, "--format", "json"], { cwd });
  expectNoKeyIn([result.stdout, result.stderr], keys);
  return { ...result, result, report: JSON.parse(result.stdout) as JsonReport };
}

/** `scan --explain --format json` in `dir`, with what it suppressed. */
export async function explainJson(dir: string): Promise<CliResult & { suppressed: Suppressed[] }> {
  const result = await runCli(["scan", "--explain", "--format", "json"], { cwd: dir });
  return { ...result, suppressed: (JSON.parse(result.stdout) as { suppressed: Suppressed[] }).suppressed };
}

/** Each finding as `file:line`. */
export function where(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.file}:${f.line}`);
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
}

export interface SarifLog {
  runs: Array<{
    originalUriBaseIds?: Record<string, { uri: string }>;
    tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string } }> } };
    results: Array<{ message: { text: string }; locations: SarifLocation[] }>;
  }>;
}

/** The SARIF log in `text`, validated against the SARIF 2.1.0 schema kept in the repository. */
export function validSarif(text: string): SarifLog {
  const sarif = JSON.parse(text) as SarifLog;
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "test/reporters/schemas/sarif-schema-2.1.0.json"), "utf8")) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  return sarif;
}

/** Each result's file, as SARIF locates it. */
export function locations(sarif: SarifLog): Array<{ uri: string; uriBaseId?: string }> {
  return sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
}

/** The file: URI of a folder, as `%SRCROOT%` names it (trailing slash, symlinks resolved). */
export function folderUri(dir: string): string {
  return pathToFileURL(`${realpathSync(dir)}/`).href;
}
