/**
 * Looking at a file without scanning it: what every thread of `scanPaths` does to each
 * file (scan-files.ts, prefilter-pool.ts). Core's byte pre-filter answers whether a chunk
 * may hold a key; a file it cannot clear comes back as a "candidate", and the main thread
 * scans it for real (file-read.ts). Apart from the scanning code, which the worker threads
 * never load.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { binaryChunkNeeds, detectEncoding, mayHoldKey, mayHoldUtf16Key, SNIFF_LENGTH } from "@roxels-guard/core";
import { archiveFormat } from "./archive-format.js";
import { safeCut } from "./chunk-cut.js";
import type { FilePath } from "./file-path.js";
import type { ReadOutcome } from "./file-read.js";
import { CHUNK_SIZE, readBuffer } from "./read-buffer.js";

export type PrefilterOutcome = ReadOutcome | { readonly kind: "candidate" };

const CANDIDATE: PrefilterOutcome = { kind: "candidate" };

export function prefilterFile(absolute: FilePath): PrefilterOutcome {
  // withFirstChunk's steps, written out: this runs for every file of a scan, and its
  // closure and the object it hands over cost more than the kernel on a small file.
  const buffer = readBuffer();
  const fd = openSync(absolute, "r");
  try {
    let length = readSync(fd, buffer, 0, CHUNK_SIZE, null);
    if (archiveFormat(buffer.subarray(0, Math.min(length, 512))) !== null) return CANDIDATE;
    const detected = detectEncoding(buffer.subarray(0, Math.min(length, SNIFF_LENGTH)));
    const binary = detected === "binary";
    if (!binary && detected.encoding !== "utf8") return CANDIDATE;
    let total = length;
    let start = binary ? 0 : detected.bomLength;
    let end = length;
    for (;;) {
      const view = buffer.subarray(start, end);
      if (binary ? binaryChunkNeeds(view) !== "nothing" || mayHoldUtf16Key(view) : mayHoldKey(view)) return CANDIDATE;
      if (length < CHUNK_SIZE) return { kind: "text", bytes: total };
      ({ length, end } = nextChunk(fd, buffer, start + safeCut(view), end));
      total += length;
      start = 0;
    }
  } finally {
    closeSync(fd);
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
