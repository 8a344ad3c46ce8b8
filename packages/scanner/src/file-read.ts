/**
 * Reading one file into the grammar in bounded chunks: a 2 GB log or a 50 MB minified
 * bundle costs the same memory as a small file. Chunks overlap at a character that no
 * key or base64 value can contain, so nothing is cut in half and nothing is seen twice.
 *
 * UTF-8 files (nearly all of them) are looked at as bytes first: a chunk is decoded to a
 * string and handed to the grammar only when a byte-level pre-filter says it may hold a
 * key (core's `mayHoldKey`). Almost no chunk does, so almost no chunk costs a decode.
 */
import { closeSync, openSync, readSync } from "node:fs";
import {
  chunkNeeds,
  countLineFeeds,
  decodeChunk,
  detectEncoding,
  kernelReadBuffer,
  mayHoldKey,
  PositionMapper,
  SNIFF_LENGTH,
  utf16Width,
  type TextEncoding,
} from "@roxels-guard/core";
import type { FilePath } from "./file-path.js";
import { scanText, type ScanSink } from "./text-scan.js";

/** Bytes read at once; 4 MiB keeps peak memory low while amortising system calls. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** How far back from a chunk's end a safe cut point is looked for. */
const CUT_WINDOW = 64 * 1024;

export type ReadOutcome = { readonly kind: "text"; readonly bytes: number } | { readonly kind: "binary"; readonly bytes: number };

/**
 * One chunk plus the carried-over tail of the previous one (at most CUT_WINDOW bytes),
 * one per thread; in core's SIMD kernel's memory where it runs, so that every chunk is
 * pre-filtered where it was read, without a copy.
 */
let sharedBuffer: Buffer | null = null;

type Sniffed = { readonly fd: number; readonly buffer: Buffer; readonly length: number; readonly detected: ReturnType<typeof detectEncoding> };

/**
 * Open a file, read its first chunk into the shared buffer and sniff it, then hand all of
 * that to `read`; the file is closed whatever `read` does.
 */
function withFirstChunk<T>(absolute: FilePath, read: (first: Sniffed) => T): T {
  const buffer = (sharedBuffer ??= kernelReadBuffer(CHUNK_SIZE + CUT_WINDOW) ?? Buffer.allocUnsafe(CHUNK_SIZE + CUT_WINDOW));
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
    if (detected === "binary") return { kind: "binary", bytes: length };
    if (detected.encoding === "utf8") return scanUtf8(fd, buffer, length, detected.bomLength, displayPath, sink);
    return scanDecoded(fd, buffer, length, detected.encoding, detected.bomLength, displayPath, sink);
  });
}

/**
 * UTF-8 read as latin1, one character per byte: offsets in the bytes are offsets in the
 * text, so the carry between chunks stays in the buffer and a chunk that cannot hold a
 * key is never decoded.
 */
function scanUtf8(fd: number, buffer: Buffer, firstLength: number, bomLength: number, file: () => string, sink: ScanSink): ReadOutcome {
  let length = firstLength;
  let total = length;
  let start = bomLength;
  let end = length;
  let firstLine = 1;
  let firstColumn = 1;
  for (;;) {
    const view = buffer.subarray(start, end);
    const origin = { get file() { return file(); }, firstLine, firstColumn, bytewise: true };
    const last = length < CHUNK_SIZE;
    const cut = last ? view.length : safeCut(view);
    const needs = chunkNeeds(view);
    if (needs !== "nothing") scanText(view.toString("latin1"), origin, sink, cut, needs === "all");
    if (last) return { kind: "text", bytes: total };
    // Where the next chunk starts, counted on the bytes: most chunks are never decoded.
    const before = view.subarray(0, cut);
    const lastFeed = before.lastIndexOf(0x0a);
    if (lastFeed === -1) {
      firstColumn += utf16Width(before);
    } else {
      firstLine += countLineFeeds(before);
      firstColumn = 1 + utf16Width(before.subarray(lastFeed + 1));
    }
    ({ length, end } = nextChunk(fd, buffer, start + cut, end));
    total += length;
    start = 0;
  }
}

/**
 * Move the uncut tail (`from`..`end`) to the front of the buffer and read the next chunk
 * behind it. Returns the bytes read and where the buffer's content now ends.
 */
function nextChunk(fd: number, buffer: Buffer, from: number, end: number): { length: number; end: number } {
  const carry = end - from;
  buffer.copy(buffer, 0, from, end);
  const length = readSync(fd, buffer, carry, CHUNK_SIZE, null);
  return { length, end: carry + length };
}

/** UTF-16 files (with a BOM): decoded for real, chunk by chunk, the carry kept as text. */
function scanDecoded(
  fd: number,
  buffer: Buffer,
  firstLength: number,
  encoding: TextEncoding,
  bomLength: number,
  file: () => string,
  sink: ScanSink,
): ReadOutcome {
  let length = firstLength;
  let total = length;
  let carry = "";
  let firstLine = 1;
  let firstColumn = 1;
  let offset = bomLength;
  for (;;) {
    const text = carry + decodeChunk(buffer.subarray(offset, length), encoding);
    offset = 0;
    const origin = { get file() { return file(); }, firstLine, firstColumn, bytewise: false };
    if (length < CHUNK_SIZE) {
      scanText(text, origin, sink);
      return { kind: "text", bytes: total };
    }
    const cut = safeCut(text);
    scanText(text, origin, sink, cut);
    const next = new PositionMapper(text, { firstLine, firstColumn, bytewise: false }).locate(cut);
    firstLine = next.line;
    firstColumn = next.column;
    carry = text.slice(cut);
    length = readSync(fd, buffer, 0, CHUNK_SIZE, null);
    total += length;
  }
}

/** Characters that can be part of a key token or of a base64 value. */
function isValueChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f || code === 0x2d || code === 0x2b || code === 0x2f || code === 0x3d
  );
}

/**
 * Offset just past the last character near the end that no key or base64 value contains.
 * In bytes, never inside a multi-byte UTF-8 character: the columns counted on each side
 * of the cut must add up.
 */
function safeCut(text: string | Uint8Array): number {
  const floor = Math.max(0, text.length - CUT_WINDOW);
  if (typeof text === "string") {
    for (let i = text.length - 1; i >= floor; i--) if (!isValueChar(text.charCodeAt(i))) return i + 1;
  } else {
    for (let i = text.length - 1; i >= floor; i--) {
      const byte = text[i]!;
      if (byte < 0x80 && !isValueChar(byte)) return i + 1;
      if (byte >= 0xc0) return i; // before the first byte of a multi-byte character
    }
  }
  // One unbroken blob longer than the window: no key can stand inside it anyway.
  return text.length - 1024;
}

// ---------------------------------------------------------------------------------------
// Looking without scanning: what the pre-filter pool's threads do for `scanPaths`
// (prefilter-pool.ts). A file the pre-filter cannot clear comes back as a "candidate" and
// is scanned for real by the main thread.

export type PrefilterOutcome = ReadOutcome | { readonly kind: "candidate" };

export function prefilterFile(absolute: FilePath): PrefilterOutcome {
  return withFirstChunk(absolute, ({ fd, buffer, length: firstLength, detected }): PrefilterOutcome => {
    let length = firstLength;
    if (detected === "binary") return { kind: "binary", bytes: length };
    if (detected.encoding !== "utf8") return { kind: "candidate" };
    let total = length;
    let start = detected.bomLength;
    let end = length;
    for (;;) {
      const view = buffer.subarray(start, end);
      if (mayHoldKey(view)) return { kind: "candidate" };
      if (length < CHUNK_SIZE) return { kind: "text", bytes: total };
      ({ length, end } = nextChunk(fd, buffer, start + safeCut(view), end));
      total += length;
      start = 0;
    }
  });
}
