/**
 * Which archive a file's first bytes say it is. Apart from archive-scan.ts so that the
 * pre-filter's worker threads, which only tell archives apart (the main thread opens
 * them), load none of the reading code.
 */
import { isTar } from "./archive/tar.js";
import { isZip } from "./archive/zip.js";

export type ArchiveFormat = "zip" | "tar" | "gzip";

export function archiveFormat(head: Uint8Array): ArchiveFormat | null {
  if (isZip(head)) return "zip";
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8) return "gzip";
  if (isTar(head)) return "tar";
  return null;
}

