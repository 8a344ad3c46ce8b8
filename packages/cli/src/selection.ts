/**
 * What a command looks at: files (paths), the staged index (`--staged`) or git history
 * (`--history [range]`, `--since REF`). Shared by scan, baseline, verify and revoke, so
 * every command selects keys the same way and the key never leaves the process.
 */
import { UsageError } from "@roxels-guard/core";
import { skippedLabel } from "@roxels-guard/reporters";
import type { ScanResult } from "@roxels-guard/scanner";
import { resolveSettings, type ScanSettings } from "@roxels-guard/scanner/settings";
import type { OptionSpec } from "./args.js";
import type { Io } from "./io.js";

export const SELECTION_OPTIONS = {
  staged: { type: "boolean" },
  history: { type: "boolean" },
  since: { type: "string" },
  all: { type: "boolean" },
  "all-occurrences": { type: "boolean" },
  ignore: { type: "boolean", default: true },
  config: { type: "string" },
  "ignore-file": { type: "string" },
  baseline: { type: "string" },
  explain: { type: "boolean" },
} as const satisfies OptionSpec;

export interface SelectionValues {
  staged?: boolean | undefined;
  history?: boolean | undefined;
  since?: string | undefined;
  all?: boolean | undefined;
  "all-occurrences"?: boolean | undefined;
  ignore?: boolean | undefined;
  config?: string | undefined;
  "ignore-file"?: string | undefined;
  baseline?: string | undefined;
  explain?: boolean | undefined;
}

export type SelectionMode = "files" | "staged" | "history";

export function selectionMode(values: SelectionValues): SelectionMode {
  const history = values.history === true || values.since !== undefined || values.all === true;
  if (values.staged && history) throw new UsageError("--staged and --history cannot be combined");
  if (values.staged) return "staged";
  return history ? "history" : "files";
}

export function settingsFor(values: SelectionValues, io: Io, useBaseline = true): ScanSettings {
  return resolveSettings({
    cwd: io.cwd,
    explain: values.explain === true,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(values["ignore-file"] !== undefined ? { ignoreFile: values["ignore-file"] } : {}),
    ...(useBaseline && values.baseline !== undefined ? { baselineFile: values.baseline } : {}),
    ...(useBaseline ? {} : { noBaseline: true }),
    onWarning: (message: string) => io.stderr.write(`roxels-guard: warning: ${message}\n`),
  });
}

/** Run the selected scan. Sources are imported lazily: the pre-commit hook loads only what `--staged` needs. */
export async function collectFindings(
  values: SelectionValues,
  positionals: string[],
  io: Io,
  settings: ScanSettings = settingsFor(values, io),
): Promise<ScanResult> {
  const mode = selectionMode(values);
  if (values["all-occurrences"] && mode !== "history") throw new UsageError("--all-occurrences goes with --history: a key in files or in the index is listed where it stands");
  if (values.ignore === false && mode !== "files") throw new UsageError("--no-ignore goes with a folder scan: --staged and --history read what git holds");
  if (mode === "staged") {
    if (positionals.length > 0) throw new UsageError("--staged takes no paths: it scans what the next commit adds");
    const { scanStaged } = await import("@roxels-guard/scanner/staged");
    return scanStaged(settings);
  }
  if (mode === "history") {
    if (values.all === true && positionals.length > 0) {
      throw new UsageError("--all scans every branch's history and takes no rev-range or path (a folder is scanned without --all)");
    }
    if (positionals.length > 1) throw new UsageError("--history takes at most one rev-range (e.g. main..HEAD)");
    if (values.since !== undefined && positionals.length > 0) throw new UsageError("--since and a rev-range cannot be combined");
    const range = values.since !== undefined ? `${values.since}..HEAD` : positionals[0];
    const { scanHistory } = await import("@roxels-guard/scanner/history");
    const progress = io.stderrIsTTY ? progressPrinter(io) : undefined;
    let result: ScanResult;
    try {
      result = await scanHistory(settings, {
        ...(range !== undefined ? { range } : {}),
        all: values.all === true,
        allOccurrences: values["all-occurrences"] === true,
        ...(progress ? { onProgress: progress.update } : {}),
      });
    } finally {
      progress?.done();
    }
    // A range of no commits (a push that brings nothing new, a..b with b in a) must not
    // pass for a clean scan: CI would go green having read nothing.
    // A range of only a tag on a blob has no commit, but its blob was read (stats.files).
    if (result.stats.commits === 0 && result.stats.files === 0 && result.findings.length === 0) {
      const what = values.all === true ? "no branch or tag holds a commit" : range === undefined ? "HEAD has no commits yet" : `the range "${range}" holds no commits`;
      throw new UsageError(`${what}: nothing was scanned`);
    }
    return result;
  }
  if (positionals.includes("")) throw new UsageError("an empty path was given (to scan the current folder, give . or no path)");
  const { scanPaths } = await import("@roxels-guard/scanner/files");
  const result = await scanPaths(settings, { paths: positionals, noIgnore: values.ignore === false });
  // Nothing read is no clean pass, unless a name or a link's target held a key (a folder
  // of symlinks only): that is reported.
  if (result.stats.files === 0 && result.findings.length === 0 && result.suppressed.length === 0) {
    const { skipped } = result.stats;
    const why = Object.entries(skipped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => skippedLabel(reason, n))
      .join(", ");
    throw new UsageError(`0 files scanned in ${positionals.length ? positionals.join(", ") : "."}${why ? ` (skipped: ${why})` : ""}`);
  }
  return result;
}

function progressPrinter(io: Io) {
  let last = 0;
  let shown = false;
  return {
    update(done: number, total: number | null): void {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\rscanning history: ${done}${total !== null ? `/${total}` : ""} commits`);
    },
    done(): void {
      if (shown) io.stderr.write("\r\x1b[K");
    },
  };
}
