/**
 * Keys in content that is not a plain text file: archives (zip and the formats that are
 * zips, tar, gzip, tgz, nested), binaries (searched as bytes, as `strings` would: ASCII
 * runs and UTF-16LE/BE runs) and text without a BOM or with a stray NUL. Used for files
 * on disk that are archives, and for blobs from the index and from history.
 *
 * A finding in an archive is reported at `release/app.zip!/config/.env:3`. Archives are
 * opened within limits (depth, entries, expanded bytes, expansion ratio), so a zip bomb
 * ends as a warning naming it, never as a hang or an out-of-memory.
 */
import { decodeChunk, detectEncoding, SNIFF_LENGTH, utf16Views } from "@roxels-guard/core";
import { shownPath } from "./settings.js";
import { scanText, type ScanSink } from "./text-scan.js";
import { archiveFormat } from "./archive-format.js";
import type { ArchiveEntry } from "./archive/entries.js";
import { isTar, tarEntries } from "./archive/tar.js";
import { ArchiveFormatError, zipEntries } from "./archive/zip.js";

export interface ArchiveLimits {
  /** Archives inside archives opened, counting the outermost as 1. */
  readonly depth: number;
  /** Entries read in all, over every nested archive. */
  readonly entries: number;
  /** Bytes expanded in all, over every nested archive. */
  readonly expandedBytes: number;
  /** Largest expansion of one entry (expanded / stored) once it exceeds RATIO_FLOOR. */
  readonly ratio: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { depth: 5, entries: 50_000, expandedBytes: 1024 * 1024 * 1024, ratio: 200 };

/** Entries up to this size are read whatever their ratio: a megabyte of zeros is no bomb. */
const RATIO_FLOOR = 4 * 1024 * 1024;

interface Budget {
  entries: number;
  expanded: number;
  stopped: boolean;
}

export interface ContentScan {
  /** Entries read out of archives (0 for content that is no archive). */
  entries: number;
  /** Problems that did not stop the scan, one line each: a bomb, a damaged archive. */
  readonly warnings: string[];
}

/**
 * Scan `bytes` (a whole file or blob) as whatever it is: an archive is opened, anything
 * else is searched as text or as bytes. `file` is the path findings are reported at.
 */
export function scanContent(bytes: Buffer, file: string, sink: ScanSink, limits: ArchiveLimits = ARCHIVE_LIMITS): ContentScan {
  const scan: ContentScan = { entries: 0, warnings: [] };
  const budget: Budget = { entries: limits.entries, expanded: limits.expandedBytes, stopped: false };
  scanAny(bytes, file, sink, limits, budget, 1, scan);
  return scan;
}

function scanAny(bytes: Buffer, file: string, sink: ScanSink, limits: ArchiveLimits, budget: Budget, depth: number, scan: ContentScan): void {
  const format = archiveFormat(bytes.subarray(0, 512));
  if (format === null) {
    scanBytes(bytes, file, sink);
    return;
  }
  if (depth > limits.depth) {
    scan.warnings.push(`${file}: archives nested deeper than ${limits.depth}: not opened`);
    scanBytes(bytes, file, sink);
    return;
  }
  try {
    if (format === "gzip") {
      const maxOutputLength = allowance(bytes.length, budget, limits);
      // A .tgz cut short still holds the entries before the cut: what inflates is read.
      // zlib is loaded on the first archive: most scans meet none, and it costs every run a
      // few ms of start-up otherwise.
      const { constants, gunzipSync } = process.getBuiltinModule("node:zlib");
      const salvage = () => gunzipSync(bytes, { maxOutputLength, finishFlush: constants.Z_SYNC_FLUSH });
      const inner = expand(() => gunzipSync(bytes, { maxOutputLength }), file, budget, scan, salvage);
      if (inner === null) return;
      // A .tgz reads as the tar it holds: `pkg.tgz!/package/index.js`.
      if (isTar(inner.subarray(0, 512))) scanEntries(tarEntries(inner), file, sink, limits, budget, depth, scan);
      else scanAny(inner, `${file}!/${gzipInnerName(file)}`, sink, limits, budget, depth + 1, scan);
      return;
    }
    const cutShort = () => scan.warnings.push(`${file}: no zip directory at its end (cut short?): entries read from their local headers`);
    scanEntries(format === "zip" ? zipEntries(bytes, cutShort) : tarEntries(bytes), file, sink, limits, budget, depth, scan);
  } catch (error) {
    if (!(error instanceof ArchiveFormatError)) throw error;
    // What can be read of a damaged archive still is: stored entries show as bytes.
    scan.warnings.push(`${file}: cannot read it as ${format === "gzip" ? "gzip" : `a ${format}`} archive (${error.message}); searched as bytes`);
    scanBytes(bytes, file, sink);
  }
}

function scanEntries(entries: Iterable<ArchiveEntry>, file: string, sink: ScanSink, limits: ArchiveLimits, budget: Budget, depth: number, scan: ContentScan): void {
  for (const entry of entries) {
    if (budget.stopped) return;
    if (budget.entries-- <= 0) {
      budget.stopped = true;
      scan.warnings.push(`${file}: more than ${limits.entries} archive entries: the rest were not read`);
      return;
    }
    scan.entries++;
    // A key in an entry's name is masked in the path findings are reported at.
    const inner = `${file}!/${shownPath(entry.name)}`;
    // A key can be a file's name or a link's target, in an archive as on disk.
    scanText(entry.name, { file: inner, bytewise: false, place: "file-name" }, sink);
    if ("skip" in entry) {
      scan.warnings.push(`${inner}: ${entry.skip}: not read`);
      continue;
    }
    if ("linkTarget" in entry) {
      scanText(entry.linkTarget, { file: inner, bytewise: false, place: "symlink-target" }, sink);
      continue;
    }
    const content = expand(() => entry.read(allowance(entry.compressed, budget, limits)), inner, budget, scan);
    if (content !== null) scanAny(content, inner, sink, limits, budget, depth + 1, scan);
  }
}

/** How many bytes one entry may expand to: what the budget has left, and the ratio's cap. */
function allowance(stored: number, budget: Budget, limits: ArchiveLimits): number {
  return Math.max(0, Math.min(budget.expanded, Math.max(RATIO_FLOOR, stored * limits.ratio)));
}

/** `salvage`: read what can be read of damaged data, tried when `read` finds it damaged. */
function expand(read: () => Buffer, file: string, budget: Budget, scan: ContentScan, salvage?: () => Buffer): Buffer | null {
  let content: Buffer;
  try {
    content = read();
  } catch (error) {
    if (salvage !== undefined && (error as NodeJS.ErrnoException).code?.startsWith("Z_")) {
      const part = expand(salvage, file, budget, scan);
      if (part === null || part.length > 0) {
        if (part !== null) scan.warnings.push(`${file}: compressed data cut short or damaged: read up to where it breaks`);
        return part;
      }
    }
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      const why = budget.expanded <= RATIO_FLOOR ? "the archive's expanded size limit is reached" : "it expands far more than its stored size (a zip bomb?)";
      scan.warnings.push(`${file}: ${why}: not read`);
      return null;
    }
    if ((error as NodeJS.ErrnoException).code?.startsWith("Z_")) {
      scan.warnings.push(`${file}: damaged compressed data: not read`);
      return null;
    }
    throw error;
  }
  budget.expanded -= content.length;
  return content;
}

function gzipInnerName(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1);
  return base.replace(/\.gz$|\.gzip$/i, "") || base;
}

/**
 * Content that is no archive: text (UTF-8, or UTF-16 with or without a BOM) is scanned
 * as text; anything else as bytes, ASCII runs in place and UTF-16 runs decoded.
 */
export function scanBytes(bytes: Buffer, file: string, sink: ScanSink): void {
  const detected = detectEncoding(bytes.subarray(0, SNIFF_LENGTH));
  if (detected !== "binary") {
    scanText(decodeChunk(bytes.subarray(detected.bomLength), detected.encoding), { file, bytewise: detected.encoding === "utf8" }, sink);
    return;
  }
  scanText(bytes.toString("latin1"), { file, bytewise: true, binary: true }, sink);
  for (const view of utf16Views(bytes)) scanText(view.text, { file, bytewise: false }, sink);
}
