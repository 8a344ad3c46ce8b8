/**
 * A file's path as a scan holds it: a string, or, for the rare name that is not valid
 * UTF-8 (Linux allows any bytes but `/` and NUL), its bytes. Decoded to a string, such a
 * name would turn into U+FFFD and name another file, or none: a key in it would go unread,
 * and a scanner that an odd file name steps around is one an attacker can step around.
 */
import { isUtf8 } from "node:buffer";
import path from "node:path";

export type FilePath = string | Buffer;

const SEPARATOR = Buffer.from(path.sep);

/** `bytes` as a path: a string when they are UTF-8, as nearly all are. */
export function pathFromBytes(bytes: Buffer): FilePath {
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes;
}

/** `dir` joined with one name (no separator in it), as bytes once either part is bytes. */
export function joinName(dir: FilePath, name: FilePath): FilePath {
  if (typeof dir === "string" && typeof name === "string") return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
  const head = typeof dir === "string" ? Buffer.from(dir) : dir;
  const tail = typeof name === "string" ? Buffer.from(name) : name;
  const ends = head.length > 0 && head[head.length - 1] === SEPARATOR[0];
  return Buffer.concat(ends ? [head, tail] : [head, SEPARATOR, tail]);
}

/** A key that tells any two paths apart (no path holds a NUL), for sets and maps. */
export function pathKey(file: FilePath): string {
  return typeof file === "string" ? file : `\0${file.toString("latin1")}`;
}

/**
 * A path as text, for reports, ignore rules and sorting: bytes that are not UTF-8 are
 * written `\xNN`, as in a string literal, so that the name stays readable and tells apart
 * from any other.
 */
export function pathText(file: FilePath): string {
  if (typeof file === "string") return file;
  let text = "";
  let from = 0;
  for (let i = 0; i < file.length; ) {
    const length = utf8SequenceLength(file, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += Buffer.from(file.subarray(from, i)).toString("utf8") + `\\x${file[i]!.toString(16).padStart(2, "0")}`;
    from = ++i;
  }
  return text + Buffer.from(file.subarray(from)).toString("utf8");
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when there is none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  return isUtf8(bytes.subarray(i, i + length)) ? length : 0;
}
