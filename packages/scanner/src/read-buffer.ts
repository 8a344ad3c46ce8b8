/**
 * The one read buffer of a thread, in core's SIMD kernel's memory where there is one, so
 * that what is read there is pre-filtered in place, without a copy. The file scan and the
 * pre-filter share it (one runs at a time on a thread); apart from both so that the
 * pre-filter's worker threads load neither's other code.
 */
import { kernelReadBuffer } from "@roxels-guard/core";
import { CUT_WINDOW } from "./chunk-cut.js";

/** Bytes read at once; 4 MiB keeps peak memory low while amortising system calls. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** One chunk plus the carried-over tail of the previous one (at most CUT_WINDOW bytes). */
let sharedBuffer: Buffer | null = null;

export function readBuffer(): Buffer {
  return (sharedBuffer ??= kernelReadBuffer(CHUNK_SIZE + CUT_WINDOW) ?? Buffer.allocUnsafe(CHUNK_SIZE + CUT_WINDOW));
}
