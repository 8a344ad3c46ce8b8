/**
 * Archives for tests, built at run time around keys made at run time. Zips are written
 * here (no zip tool is sure to be installed on CI); tars and tgz by the system's tar.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";

export interface ZipEntry {
  readonly name: string;
  readonly data: string | Buffer;
  /** Stored (0) or deflated (8, the default). */
  readonly method?: 0 | 8;
  /** Declare this expanded size instead of the real one (a lying zip bomb). */
  readonly declaredSize?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `entries`; `prefix` bytes before it make a self-extracting-style archive. */
export function makeZip(entries: readonly ZipEntry[], prefix: Buffer = Buffer.alloc(0)): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const method = entry.method ?? 8;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset - prefix.length, 16);
  return Buffer.concat([prefix, ...locals, directory, end]);
}

/** A tar (gzipped when `gzip`) made by the system's tar from `files` (a value `{ link }` is a symlink). */
export function makeTar(files: Record<string, string | Buffer | { link: string }>, gzip = false): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "roxels-tar-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, "root", name);
      mkdirSync(path.dirname(file), { recursive: true });
      if (typeof content === "object" && !Buffer.isBuffer(content)) symlinkSync(content.link, file);
      else writeFileSync(file, content);
    }
    const out = path.join(dir, "out.tar");
    execFileSync("tar", ["-c", "-f", out, ...(gzip ? ["-z"] : []), "-C", path.join(dir, "root"), ...Object.keys(files)]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function gzip(data: string | Buffer): Buffer {
  return gzipSync(data);
}
