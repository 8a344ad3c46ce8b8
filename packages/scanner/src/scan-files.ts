/** `roxels-guard scan [paths…]`: files and folders on disk. */
import { statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./errors.js";
import { scanFile } from "./file-read.js";
import { listFiles } from "./file-list.js";
import { emptyStats, type Finding, type ScanResult, type Suppressed } from "./finding.js";
import { displayPath, type ScanSettings } from "./settings.js";
import type { ScanSink } from "./text-scan.js";

export interface FileScanOptions {
  /** Paths to scan, relative to `settings.cwd`; default `.`. */
  readonly paths?: readonly string[];
  /** Scan files that .gitignore excludes too (`--no-ignore`). */
  readonly noIgnore?: boolean;
}

export async function scanPaths(settings: ScanSettings, options: FileScanOptions = {}): Promise<ScanResult> {
  const roots = options.paths && options.paths.length > 0 ? options.paths : ["."];
  const stats = emptyStats();
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const warnings: string[] = [];
  const sink: ScanSink = { suppressions: settings.suppressions, explain: settings.explain, findings, suppressed };
  const seen = new Set<string>();

  for (const root of roots) {
    const absoluteRoot = path.resolve(settings.cwd, root);
    let rootStat;
    try {
      rootStat = statSync(absoluteRoot);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `no such file or directory: ${root}` : `cannot read ${root}: ${code}`);
    }
    // A folder or file named on the command line is scanned even when the ignore file
    // excludes it (as `git add -f` would); the rules still apply to what lies inside.
    const rootIgnored = settings.isPathIgnored(absoluteRoot);
    let files: string[];
    if (rootStat.isDirectory()) {
      const listed = await listFiles(absoluteRoot, !options.noIgnore);
      stats.skipped.symlinks += listed.symlinks;
      files = listed.files;
    } else if (rootStat.isFile()) {
      files = [absoluteRoot];
    } else {
      // A FIFO or device would block the read forever, or never end.
      throw new UsageError(`not a regular file or folder: ${root}`);
    }

    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (!rootIgnored && settings.isPathIgnored(file)) {
        stats.skipped.ignored++;
        continue;
      }
      const shown = displayPath(settings.cwd, file);
      try {
        if (settings.maxFileSize !== null && statSync(file).size > settings.maxFileSize) {
          stats.skipped.tooLarge++;
          continue;
        }
        const outcome = scanFile(file, shown, sink);
        if (outcome.kind === "binary") {
          stats.skipped.binary++;
          continue;
        }
        stats.files++;
        stats.bytes += outcome.bytes;
      } catch (error) {
        stats.skipped.unreadable++;
        warnings.push(`cannot read ${JSON.stringify(shown)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  }

  return { findings: findings.filter((f) => settings.kinds.has(f.kind)), suppressed, stats, warnings };
}
