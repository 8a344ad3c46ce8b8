/**
 * Reading the entries of a zip file (and of jar, whl, docx, xlsx, apk, which are zips)
 * held in memory, from its central directory, as unzip does: local headers are only
 * used to find where each entry's data starts, so entries written with data descriptors
 * and self-extracting stubs before the archive are read too. Deflate is Node's own zlib,
 * asked never to produce more than the caller allows (`maxOutputLength`), which is what
 * turns a zip bomb into an error here instead of an out-of-memory there.
 *
 * Why not a library: the container is a few fixed-layout records, and the one part that
 * needs care, inflating with a hard output cap, is zlib's; fflate and yauzl either lack
 * the cap or bring a stream API the synchronous scanner would have to wrap.
 */
import type { ArchiveEntry } from "./entries.js";

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

export class ArchiveFormatError extends Error {}

/**
 * A zip cut short (an interrupted upload or download) has lost its central directory,
 * which sits at the end; its entries are still there, each after a local header. `unzip`
 * gives up; here the local headers are walked from the start, as far as they go, and
 * the entry the cut runs through is read up to the cut. `truncated` is called once when
 * that is how the entries were read.
 */
export function* zipEntries(zip: Buffer, truncated: () => void = () => {}): Generator<ArchiveEntry> {
  let directory: { offset: number; entries: number };
  try {
    directory = centralDirectory(zip);
  } catch (error) {
    if (!(error instanceof ArchiveFormatError) || !isLocalHeader(zip, 0)) throw error;
    truncated();
    yield* localEntries(zip);
    return;
  }
  let at = directory.offset;
  for (let n = 0; n < directory.entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new ArchiveFormatError("its central directory is damaged");
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressed = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let local = zip.readUInt32LE(at + 42);
    const name = zip.toString((flags & 0x800) !== 0 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    ({ compressed, size, local } = zip64Sizes(extra, compressed, size, local));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    if ((flags & 1) !== 0) {
      yield { name, size, compressed, skip: "encrypted" };
      continue;
    }
    if (method !== 0 && method !== 8) {
      yield { name, size, compressed, skip: `compression method ${method} is not read` };
      continue;
    }
    yield {
      name,
      size,
      compressed,
      read: (maxOutputLength: number) => {
        if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw new ArchiveFormatError(`the entry ${name} is damaged`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        return readData(zip.subarray(start, start + compressed), method, maxOutputLength);
      },
    };
  }
}

const LOCAL_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function* localEntries(zip: Buffer): Generator<ArchiveEntry> {
  for (let at = 0; isLocalHeader(zip, at); ) {
    const flags = zip.readUInt16LE(at + 6);
    const method = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.toString((flags & 0x800) !== 0 ? "utf8" : "latin1", at + 30, Math.min(zip.length, at + 30 + nameLength));
    const start = at + 30 + nameLength + extraLength;
    // With a data descriptor (flag 8) the sizes follow the data: a deflate stream ends by
    // itself (what follows it is ignored), and the next entry is the next local header.
    const sized = (flags & 8) === 0;
    const { compressed: declared, size } = zip64Sizes(zip.subarray(at + 30 + nameLength, start), zip.readUInt32LE(at + 18), zip.readUInt32LE(at + 22), 0);
    const compressed = sized ? Math.max(0, Math.min(declared, zip.length - start)) : Math.max(0, zip.length - start);
    if (!name.endsWith("/")) {
      if ((flags & 1) !== 0) yield { name, size, compressed, skip: "encrypted" };
      else if (method !== 0 && method !== 8) yield { name, size, compressed, skip: `compression method ${method} is not read` };
      else if (method === 0 && !sized) yield { name, size, compressed, skip: "stored with a data descriptor in a zip without its directory" };
      else yield { name, size, compressed, read: (maxOutputLength: number) => readData(zip.subarray(start, start + compressed), method, maxOutputLength, true) };
    }
    at = sized ? start + declared : zip.indexOf(LOCAL_SIGNATURE, start);
    if (at === -1) return;
  }
}

/**
 * A local header that a zip writer made: its signature, a version needed of at most 6.3
 * (the newest the format has) and a compression method the format defines. Bytes that
 * merely start with `PK\x03\x04` (a damaged file, a false match inside compressed data)
 * fail it and end the walk, so their garbage never becomes an entry name.
 */
function isLocalHeader(zip: Buffer, at: number): boolean {
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) return false;
  const method = zip.readUInt16LE(at + 8);
  return (zip[at + 4]! <= 63 && zip[at + 5]! <= 20 && (method <= 20 || (method >= 93 && method <= 99))) && at + 30 + zip.readUInt16LE(at + 26) <= zip.length;
}

/**
 * An entry's data, inflated when deflated, never past `maxOutputLength`. `partial`: the
 * data may be cut short, and what inflates before the cut is returned.
 */
function readData(data: Buffer, method: number, maxOutputLength: number, partial = false): Buffer {
  if (method === 0) {
    if (data.length > maxOutputLength) throw new RangeError("too large");
    return data;
  }
  // Loaded here, not imported: a scan that meets no zip never pays for zlib at start-up.
  const { constants, inflateRawSync } = process.getBuiltinModule("node:zlib");
  return inflateRawSync(data, { maxOutputLength: Math.max(1, maxOutputLength), ...(partial ? { finishFlush: constants.Z_SYNC_FLUSH } : {}) });
}

function centralDirectory(zip: Buffer): { offset: number; entries: number } {
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= floor; at--) {
    if (zip.readUInt32LE(at) !== EOCD) continue;
    let entries = zip.readUInt16LE(at + 10);
    let offset = zip.readUInt32LE(at + 16);
    if ((entries === 0xffff || offset === 0xffffffff) && at >= 20 && zip.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const record = Number(zip.readBigUInt64LE(at - 20 + 8));
      if (record + 56 > zip.length || zip.readUInt32LE(record) !== ZIP64_EOCD) throw new ArchiveFormatError("its zip64 directory is damaged");
      entries = Number(zip.readBigUInt64LE(record + 32));
      offset = Number(zip.readBigUInt64LE(record + 48));
    }
    // A self-extracting stub before the archive shifts every offset by its length.
    const size = zip.readUInt32LE(at + 12);
    const shift = size !== 0xffffffff && offset + size < at ? at - (offset + size) : 0;
    return { offset: offset + shift, entries };
  }
  throw new ArchiveFormatError("no zip directory found (truncated?)");
}

/** The zip64 extra field holds the 64-bit values of the fields set to 0xFFFFFFFF, in order. */
function zip64Sizes(extra: Buffer, compressed: number, size: number, local: number): { compressed: number; size: number; local: number } {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        const value = field + 8 <= at + 4 + length && field + 8 <= extra.length ? Number(extra.readBigUInt64LE(field)) : -1;
        field += 8;
        return value;
      };
      if (size === 0xffffffff) size = next();
      if (compressed === 0xffffffff) compressed = next();
      if (local === 0xffffffff) local = next();
      break;
    }
    at += 4 + length;
  }
  return { compressed, size, local };
}
