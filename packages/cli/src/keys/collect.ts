/**
 * Where verify and revoke get their keys: a scan run in this very process (paths,
 * --staged, --history), a report of an earlier scan, or standard input. Never argv.
 */
import { redactKeys, UsageError } from "@roxels-guard/core";
import { printableText } from "@roxels-guard/reporters/text";
import type { Io } from "../io.js";
import { collectFindings, SELECTION_OPTIONS, type SelectionValues } from "../selection.js";
import { ExposedKeySet, locationOf, type ExposedKeys } from "./exposed-key.js";
import { readReportKeys } from "./report-keys.js";
import { readStdinKeys } from "./stdin-keys.js";

export const KEY_SOURCE_OPTIONS = {
  ...SELECTION_OPTIONS,
  report: { type: "string" },
  stdin: { type: "boolean" },
} as const;

export interface KeySourceValues extends SelectionValues {
  report?: string | undefined;
  stdin?: boolean | undefined;
}

export type KeySource = "scan" | "report" | "stdin";

export function keySource(values: KeySourceValues, positionals: readonly string[]): KeySource {
  const scanning = positionals.length > 0 || values.staged === true || values.history === true || values.since !== undefined || values.all === true;
  if (values.report !== undefined && values.stdin) throw new UsageError("--report and --stdin cannot be combined");
  const other = values.report !== undefined ? "--report" : values.stdin ? "--stdin" : undefined;
  if (other && scanning) throw new UsageError(`${other} cannot be combined with paths, --staged or --history`);
  return values.report !== undefined ? "report" : values.stdin ? "stdin" : "scan";
}

export async function collectExposedKeys(values: KeySourceValues, positionals: string[], io: Io): Promise<ExposedKeys> {
  const set = new ExposedKeySet();
  const source = keySource(values, positionals);
  if (source === "report") {
    await readReportKeys(values.report!, io.cwd, set);
  } else if (source === "stdin") {
    if (io.stdinIsTTY) io.stderr.write("roxels-guard: reading keys from the terminal, one a line; end with Ctrl-D (a pipe keeps them off the screen)\n");
    await readStdinKeys(io.stdin, set);
  } else {
    const result = await collectFindings(values, positionals, io);
    // Printed as they are by verify and revoke: one line each, no key, nothing a terminal runs.
    for (const warning of result.warnings) set.warnings.push(printableText(redactKeys(warning)));
    for (const finding of result.findings) set.add(finding.secret, finding.kind, locationOf(finding));
    // After the findings: a key reported anywhere is not labelled suppressed.
    for (const entry of result.suppressed) {
      if (entry.key) set.addSuppressed(entry.key.secret, entry.key.kind, locationOf({ ...entry, commit: entry.key.commit }), entry.reason);
    }
  }
  return set.result();
}
