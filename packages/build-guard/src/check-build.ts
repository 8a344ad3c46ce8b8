/**
 * `roxels-guard check-build [dir]`: the post-build check for builds no plugin reaches.
 * The client output folders are scanned by the scanner's file scan (its worker threads and
 * byte pre-filter make a 50 MB folder cheap); the few files that hold a key are read again
 * to trace each key through the file's source map.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/scanner/errors";
import type { ScanResult } from "@roxels-guard/scanner/finding";
import { scanPaths } from "@roxels-guard/scanner/scan-files";
import type { ScanSettings } from "@roxels-guard/scanner/settings";
import type { ScanSink } from "@roxels-guard/scanner/text-scan";
import { discoverClientOutput, LOOKED_FOR, type ClientOutput } from "./client-output.js";
import { scanEmitted } from "./emitted-scan.js";
import { mapForFile } from "./source-trace.js";

export interface BuildCheck {
  readonly outputs: readonly ClientOutput[];
  readonly result: ScanResult;
}

/** Scans the client output under `dir` (relative to `settings.cwd`); a UsageError when there is none. */
export async function checkBuild(settings: ScanSettings, dir = "."): Promise<BuildCheck> {
  const absolute = path.resolve(settings.cwd, dir);
  const outputs = discoverClientOutput(absolute);
  if (outputs.length === 0) {
    throw new UsageError(`no build output in ${dir} (looked for ${LOOKED_FOR}): run the build first, or name its output folder`);
  }
  const paths = outputs.flatMap((o) => o.paths).map((p) => path.relative(settings.cwd, p) || ".");
  // Build output is git-ignored nearly always: the ignore rules would skip all of it.
  const scanned = await scanPaths(settings, { paths, noIgnore: true });
  return { outputs, result: { ...scanned, findings: traced(settings, scanned) } };
}

/** The findings again, each traced to its source: only files that hold a key are read twice. */
function traced(settings: ScanSettings, result: ScanResult): ScanResult["findings"] {
  const files = [...new Set(result.findings.map((f) => f.file))];
  const findings: ScanResult["findings"] = [];
  for (const file of files) {
    const absolute = path.resolve(settings.cwd, file);
    const sink: ScanSink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: false, findings: [], suppressed: [] };
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch {
      findings.push(...result.findings.filter((f) => f.file === file));
      continue;
    }
    scanEmitted({ absolute, text, map: () => mapForFile(absolute, text) }, sink, { root: settings.cwd });
    // A file the text scan read in another encoding (UTF-16) keeps its first findings.
    const mine = result.findings.filter((f) => f.file === file);
    if (sink.findings.length !== mine.length) {
      findings.push(...mine);
      continue;
    }
    findings.push(...sink.findings.map((f, i) => ({ ...mine[i]!, ...(f.source ? { source: f.source } : {}) })));
  }
  return findings;
}
