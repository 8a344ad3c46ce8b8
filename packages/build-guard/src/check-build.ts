/**
 * `roxels-guard check-build [dir]`: the post-build check for builds no plugin reaches.
 * The client output folders are scanned by the scanner's file scan (its worker threads and
 * byte pre-filter make a 50 MB folder cheap); each key found is then traced through its
 * file's source map.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/core";
import { emptyStats, type ScanResult } from "@roxels-guard/scanner";
import { scanPaths } from "@roxels-guard/scanner/files";
import type { ScanSettings } from "@roxels-guard/scanner/settings";
import type { ScanSink } from "@roxels-guard/scanner";
import { discoverClientOutput, isServerHalf, LOOKED_FOR, type ClientOutput } from "./client-output.js";
import { scanEmitted, sourceOrigin } from "./emitted-scan.js";
import { scanShipped } from "./server-shipped.js";
import { mapForFile, traceThroughMap } from "./source-trace.js";

export interface BuildCheck {
  readonly outputs: readonly ClientOutput[];
  readonly result: ScanResult;
}

/** Scans the client output under `dir` (relative to `settings.cwd`); a UsageError when there is none. */
export async function checkBuild(settings: ScanSettings, dir = "."): Promise<BuildCheck> {
  const absolute = path.resolve(settings.cwd, dir);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such folder: ${dir}` : `cannot read ${dir}: ${code}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${dir} is not a folder: name the build's output folder, or the project folder (default: .)`);
  if (isServerHalf(absolute)) {
    throw new UsageError(`${dir} is the build's server output, which browsers do not download: name the project folder or the client output`);
  }
  const outputs = discoverClientOutput(absolute);
  if (outputs.length === 0) {
    throw new UsageError(`no build output in ${dir} (looked for ${LOOKED_FOR}): run the build first, or name its output folder`);
  }
  const paths = outputs.flatMap((o) => o.paths).map((p) => path.relative(settings.cwd, p) || ".");
  // Build output is git-ignored nearly always: the ignore rules would skip all of it.
  const scanned = paths.length > 0 ? await scanPaths(settings, { paths, noIgnore: true }) : emptyResult();
  const result = { ...scanned, findings: traced(settings, scanned) };
  for (const shipped of outputs.flatMap((o) => o.shipped ?? [])) {
    let text;
    try {
      text = readFileSync(shipped.file, "utf8");
    } catch (error) {
      result.warnings.push(`cannot read "${path.relative(settings.cwd, shipped.file)}": ${(error as NodeJS.ErrnoException).code ?? "error"}`);
      result.stats.skipped.unreadable++;
      continue;
    }
    result.stats.files++;
    result.stats.bytes += Buffer.byteLength(text);
    const found = scanShipped(settings, shipped, text);
    result.findings.push(...found.findings);
    result.suppressed.push(...found.suppressed);
  }
  return { outputs, result };
}

function emptyResult(): ScanResult {
  return { findings: [], suppressed: [], stats: emptyStats(), warnings: [] };
}

/**
 * The findings, each traced to its source. A chunk's map is found from the chunk's last
 * bytes (its sourceMappingURL) or beside it, and each finding's line and column is looked
 * up there: the chunk is not read again. A source map holding a key is parsed, to name the
 * `sourcesContent` entry that holds it.
 */
function traced(settings: ScanSettings, result: ScanResult): ScanResult["findings"] {
  const findings: ScanResult["findings"] = [];
  for (const file of new Set(result.findings.map((f) => f.file))) {
    const mine = result.findings.filter((f) => f.file === file);
    const absolute = path.resolve(settings.cwd, file);
    const context = { root: settings.cwd };
    try {
      if (absolute.endsWith(".map")) {
        const sink: ScanSink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: false, findings: [], suppressed: [] };
        scanEmitted({ absolute, text: readFileSync(absolute, "utf8") }, sink, context);
        // A file the text scan read in another encoding (UTF-16) keeps its first findings.
        const same = sink.findings.length === mine.length;
        findings.push(...mine.map((f, i) => (same && sink.findings[i]!.source ? { ...f, source: sink.findings[i]!.source } : f)));
        continue;
      }
      const map = mapForFile(absolute, tailOf(absolute));
      for (const f of mine) {
        const position = map ? traceThroughMap(map, f.line, f.column, path.dirname(absolute), settings.cwd) : null;
        findings.push(position ? { ...f, source: sourceOrigin(position, context) } : f);
      }
    } catch {
      findings.push(...mine); // unreadable now: reported where it was found
    }
  }
  return findings;
}

/** The last bytes of a file, where a sourceMappingURL comment stands. */
function tailOf(absolute: string, length = 4096): string {
  const fd = openSync(absolute, "r");
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(length, size));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}
