/**
 * Reading one file into the grammar in bounded chunks: a 2 GB log or a 50 MB minified
 * bundle costs the same memory as a small file. Chunks overlap at a character that no
 * key or base64 value can contain, so nothing is cut in half and nothing is seen twice.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { decodeChunk, detectEncoding, PositionMapper, SNIFF_LENGTH } from "@roxels-guard/core";
import { scanText, type ScanSink } from "./text-scan.js";

/** Bytes read at once; 4 MiB keeps peak memory low while amortising system calls. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** How far back from a chunk's end a safe cut point is looked for. */
const CUT_WINDOW = 64 * 1024;

export type ReadOutcome = { readonly kind: "text"; readonly bytes: number } | { readonly kind: "binary"; readonly bytes: number };

let sharedBuffer: Buffer | null = null;

export function scanFile(absolute: string, displayPath: string, sink: ScanSink): ReadOutcome {
  const buffer = (sharedBuffer ??= Buffer.allocUnsafe(CHUNK_SIZE));
  const fd = openSync(absolute, "r");
  try {
    let length = readSync(fd, buffer, 0, CHUNK_SIZE, null);
    const detected = detectEncoding(buffer.subarray(0, Math.min(length, SNIFF_LENGTH)));
    if (detected === "binary") return { kind: "binary", bytes: length };
    const bytewise = detected.encoding === "utf8";
    let total = length;
    let carry = "";
    let firstLine = 1;
    let firstColumn = 1;
    let offset = detected.bomLength;
    for (;;) {
      const text = carry + decodeChunk(buffer.subarray(offset, length), detected.encoding);
      offset = 0;
      const origin = { file: displayPath, firstLine, firstColumn, bytewise };
      if (length < CHUNK_SIZE) {
        scanText(text, origin, sink);
        return { kind: "text", bytes: total };
      }
      const cut = safeCut(text);
      scanText(text, origin, sink, cut);
      const next = new PositionMapper(text, { firstLine, firstColumn, bytewise }).locate(cut);
      firstLine = next.line;
      firstColumn = next.column;
      carry = text.slice(cut);
      length = readSync(fd, buffer, 0, CHUNK_SIZE, null);
      total += length;
    }
  } finally {
    closeSync(fd);
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

/** Offset just past the last character near the end that no key or base64 value contains. */
function safeCut(text: string): number {
  const floor = Math.max(0, text.length - CUT_WINDOW);
  for (let i = text.length - 1; i >= floor; i--) {
    if (!isValueChar(text.charCodeAt(i))) return i + 1;
  }
  // One unbroken blob longer than the window: no key can stand inside it anyway.
  return text.length - 1024;
}
