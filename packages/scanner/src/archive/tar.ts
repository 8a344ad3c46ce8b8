/**
 * Reading the entries of a tar file held in memory: POSIX ustar, with pax (`x`) and GNU
 * (`L`, `K`) long names, as npm, pip and `tar czf` write them. Symlink targets are entries
 * too (their target is scanned as text: a key can be a link's target).
 *
 * Why not a library: a tar is 512-byte headers of fixed fields followed by the data; the
 * readers on npm (tar-stream, tar) are stream-based and would need wrapping for a
 * synchronous in-memory read, for a format this small.
 */
import type { ArchiveEntry } from "./entries.js";
import { ArchiveFormatError } from "./zip.js";

const BLOCK = 512;

/** A tar has no magic number of its own for old (v7) archives: a header's checksum is what marks one. */
export function isTar(head: Uint8Array): boolean {
  if (head.length < BLOCK) return false;
  return checksumHolds(head, 0);
}

function checksumHolds(bytes: Uint8Array, at: number): boolean {
  const stored = octal(bytes, at + 148, 8);
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : bytes[at + i]!;
  return sum === stored && sum !== 8 * 0x20;
}

function octal(bytes: Uint8Array, at: number, length: number): number | null {
  // GNU base-256 for sizes of 8 GiB and more.
  if ((bytes[at]! & 0x80) !== 0) {
    let value = 0;
    for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i]!;
    return value;
  }
  let value = 0;
  let digits = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes[at + i]!;
    if (byte === 0 || byte === 0x20) {
      if (digits > 0) break;
      continue;
    }
    if (byte < 0x30 || byte > 0x37) return null;
    value = value * 8 + (byte - 0x30);
    digits++;
  }
  return digits === 0 ? null : value;
}

function text(bytes: Buffer, at: number, length: number): string {
  const end = bytes.indexOf(0, at);
  return bytes.toString("utf8", at, end === -1 || end > at + length ? at + length : end);
}

export function* tarEntries(tar: Buffer): Generator<ArchiveEntry> {
  let longName: string | null = null;
  let longLink: string | null = null;
  let paxPath: string | null = null;
  let paxLink: string | null = null;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = at;
    if (tar[header] === 0 && isZeroBlock(tar, header)) return;
    if (!checksumHolds(tar, header)) throw new ArchiveFormatError("a tar header is damaged");
    const size = octal(tar, header + 124, 12) ?? 0;
    const type = String.fromCharCode(tar[header + 156]!);
    const dataStart = header + BLOCK;
    const data = tar.subarray(dataStart, Math.min(tar.length, dataStart + size));
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === "K") {
      longLink = text(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      ({ path: paxPath, linkpath: paxLink } = paxRecords(data));
      continue;
    }
    if (type === "g") continue;
    const ustar = tar.toString("latin1", header + 257, header + 262) === "ustar";
    const prefix = ustar ? text(tar, header + 345, 155) : "";
    const base = text(tar, header, 100);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${base}` : base);
    const link = paxLink ?? longLink ?? text(tar, header + 157, 100);
    longName = longLink = paxPath = paxLink = null;
    if (type === "2" || type === "1") {
      yield { name, size: link.length, compressed: link.length, linkTarget: link };
      continue;
    }
    if (type !== "0" && type !== "\0" && type !== "7") continue; // folders, devices, FIFOs
    if (data.length < size) throw new ArchiveFormatError(`the entry ${name} is truncated`);
    yield {
      name,
      size,
      compressed: size,
      read: (maxOutputLength: number) => {
        if (data.length > maxOutputLength) throw new RangeError("too large");
        return data;
      },
    };
  }
}

function isZeroBlock(bytes: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** `<length> <key>=<value>\n` records; only the names matter here. */
function paxRecords(data: Buffer): { path: string | null; linkpath: string | null } {
  let path: string | null = null;
  let linkpath: string | null = null;
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(data.toString("latin1", at, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.toString("utf8", space + 1, at + length - 1);
    const equals = record.indexOf("=");
    if (record.slice(0, equals) === "path") path = record.slice(equals + 1);
    if (record.slice(0, equals) === "linkpath") linkpath = record.slice(equals + 1);
    at += length;
  }
  return { path, linkpath };
}
