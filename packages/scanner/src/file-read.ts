/**
 * Reading one file into the grammar in bounded chunks (chunked-scan.ts): a 2 GB log or a
 * 50 MB minified bundle costs the same memory as a small file. The file is read straight
 * into the scanner's buffer, in core's SIMD kernel's memory where it runs, so that every
 * chunk is pre-filtered where it was read, without a copy.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { detectEncoding, SNIFF_LENGTH } from "@roxels-guard/core";
import { archiveFormat } from "./archive-format.js";
import { scanContent } from "./archive-scan.js";
import { ChunkedScan, scanInto } from "./chunked-scan.js";
import type { FilePath } from "./file-path.js";
import { CHUNK_SIZE, readBuffer } from "./read-buffer.js";
import type { ScanSink } from "./text-scan.js";

/**
 * `archive`: opened and its entries scanned (`warnings` name what was not read: a zip
 * bomb, a damaged entry). Binaries are searched as bytes, so they are `text` here.
 */
export type ReadOutcome =
  | { readonly kind: "text"; readonly bytes: number }
  | { readonly kind: "binary"; readonly bytes: number }
  | { readonly kind: "archive"; readonly bytes: number; readonly warnings: readonly string[] };

/** Archives larger than this are searched as bytes, not opened: they are read whole to be opened. */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

type Sniffed = { readonly fd: number; readonly buffer: Buffer; readonly length: number; readonly detected: ReturnType<typeof detectEncoding> };

/**
 * Open a file, read its first chunk into the shared buffer and sniff it, then hand all of
 * that to `read`; the file is closed whatever `read` does.
 */
function withFirstChunk<T>(absolute: FilePath, read: (first: Sniffed) => T): T {
  const buffer = readBuffer();
  const fd = openSync(absolute, "r");
  try {
    const length = readSync(fd, buffer, 0, CHUNK_SIZE, null);
    const detected = detectEncoding(buffer.subarray(0, Math.min(length, SNIFF_LENGTH)));
    return read({ fd, buffer, length, detected });
  } finally {
    closeSync(fd);
  }
}

/**
 * `displayPath` is asked for only when a chunk is scanned: most files are cleared by the
 * pre-filter, and a report path costs a path.relative.
 */
export function scanFile(absolute: FilePath, displayPath: () => string, sink: ScanSink): ReadOutcome {
  return withFirstChunk(absolute, ({ fd, buffer, length, detected }) => {
    if (archiveFormat(buffer.subarray(0, Math.min(length, 512))) !== null) {
      const opened = scanArchive(fd, buffer, length, displayPath, sink);
      if (opened !== null) return opened;
    }
    const origin = {
      get file() {
        return displayPath();
      },
    };
    // Bytes that are not text are searched as bytes: ASCII in place, UTF-16 decoded.
    const scan =
      detected === "binary"
        ? new ChunkedScan(buffer, "utf8", scanInto(sink, origin), 0, true)
        : new ChunkedScan(buffer, detected.encoding, scanInto(sink, origin), detected.bomLength);
    let total = 0;
    // A read that fills less than it asked for has met the end of the file: no read
    // only to be told so (one system call per file less, as in the pre-filter).
    for (let count = length, asked = CHUNK_SIZE; count > 0; ) {
      total += count;
      scan.wrote(count);
      if (count < asked) break;
      asked = scan.room.length;
      count = readSync(fd, scan.room, 0, asked, null);
    }
    scan.end();
    return { kind: "text", bytes: total };
  });
}

/**
 * A whole archive read into memory and opened (archive-scan.ts); null when it is too
 * large to open, so that it is searched as bytes instead.
 */
function scanArchive(fd: number, buffer: Buffer, firstLength: number, file: () => string, sink: ScanSink): ReadOutcome | null {
  const size = fstatSync(fd).size;
  if (size > MAX_ARCHIVE_BYTES) return null;
  const whole = Buffer.allocUnsafe(Math.max(size, firstLength));
  buffer.copy(whole, 0, 0, firstLength);
  let length = firstLength;
  while (length < whole.length) {
    const read = readSync(fd, whole, length, whole.length - length, null);
    if (read === 0) break;
    length += read;
  }
  const scan = scanContent(whole.subarray(0, length), file(), sink);
  return { kind: "archive", bytes: length, warnings: scan.warnings };
}
