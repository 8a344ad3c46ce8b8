/**
 * Baselines: the findings a team has accepted (keys already revoked, say), so that only
 * new ones are reported. Keyed on fingerprints only, sorted, with no line numbers or
 * timestamps: two branches that baseline different keys merge without a conflict.
 */
import { writeFileSync } from "node:fs";
import type { Finding } from "./finding.js";
import { jsonErrorPosition, readSettingsFile } from "./config.js";
import { UsageError } from "./errors.js";

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly kind: string;
  readonly masked: string;
}

export function loadBaseline(file: string, shownAs = file): Set<string> {
  let text: string;
  try {
    text = readSettingsFile(file);
  } catch (error) {
    throw new UsageError(`cannot read baseline ${shownAs}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shownAs}: not valid JSON${jsonErrorPosition(error)}`);
  }
  const entries = (data as { findings?: unknown })?.findings;
  if ((data as { version?: unknown })?.version !== 1 || !Array.isArray(entries)) {
    throw new UsageError(`${shownAs}: not a roxels-guard baseline (expected {"version":1,"findings":[…]})`);
  }
  const fingerprints = new Set<string>();
  for (const entry of entries) {
    const fp = (entry as { fingerprint?: unknown })?.fingerprint;
    if (typeof fp !== "string" || !/^[0-9a-f]{16}$/.test(fp)) throw new UsageError(`${shownAs}: an entry has no valid fingerprint`);
    fingerprints.add(fp);
  }
  return fingerprints;
}

/**
 * The entries of an existing baseline, to merge new ones into; null when the file is
 * missing or not a baseline.
 */
export function readBaselineEntries(file: string): BaselineEntry[] | null {
  try {
    const data = JSON.parse(readSettingsFile(file)) as { findings?: unknown };
    if (!Array.isArray(data?.findings)) return null;
    return (data.findings as Partial<BaselineEntry>[]).filter(
      (e): e is BaselineEntry =>
        typeof e?.fingerprint === "string" && /^[0-9a-f]{16}$/.test(e.fingerprint) && typeof e.kind === "string" && typeof e.masked === "string",
    );
  } catch {
    return null;
  }
}

/** The baseline text for `findings`: one entry per key, sorted by fingerprint. */
export function formatBaseline(findings: readonly Finding[], previous: readonly BaselineEntry[] = []): string {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const entry of previous) byFingerprint.set(entry.fingerprint, entry);
  for (const f of findings) byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, kind: f.kind, masked: f.masked });
  const entries = [...byFingerprint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  // One entry per line so that git merges and diffs a baseline line by line.
  const lines = entries.map((e) => `    ${JSON.stringify({ fingerprint: e.fingerprint, kind: e.kind, masked: e.masked })}`);
  return `{\n  "version": 1,\n  "findings": [\n${lines.join(",\n")}${lines.length ? "\n" : ""}  ]\n}\n`;
}

export function writeBaseline(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
