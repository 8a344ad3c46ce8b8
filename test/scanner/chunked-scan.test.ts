/**
 * ChunkedScan, called directly: text fed in pieces through a small buffer gives exactly
 * the findings, at exactly the lines and columns, that one scan of the whole text gives.
 * Keys are planted at every offset around the buffer's edge, after non-ASCII text, in
 * UTF-16, and in a line too long to hold a safe cut point.
 */
import { describe, expect, it } from "vitest";
import type { TextEncoding } from "@roxels-guard/core";
import { FingerprintSuppressions, scanText, type Finding, type ScanSink } from "@roxels-guard/scanner";
import { CUT_WINDOW } from "../../packages/scanner/dist/chunk-cut.js";
import { ChunkedScan, scanInto } from "../../packages/scanner/dist/chunked-scan.js";
import { secretKey } from "../support/keys.js";

/** The smallest buffer ChunkedScan takes, so a few hundred kilobytes cross many edges. */
const BUFFER = CUT_WINDOW + 1024 + 512;

function sink(): ScanSink {
  return { suppressions: new FingerprintSuppressions(), explain: false, findings: [], suppressed: [] };
}

const where = (findings: readonly Finding[]) => findings.map((f) => `${f.line}:${f.column} ${f.masked}`);

/** `bytes` through a ChunkedScan, written `piece` bytes at a time. */
function chunked(bytes: Buffer, encoding: TextEncoding, piece: number, skip = 0): Finding[] {
  const out = sink();
  const scan = new ChunkedScan(Buffer.alloc(BUFFER), encoding, scanInto(out, { file: "f" }), skip);
  for (let at = 0; at < bytes.length; at += piece) scan.write(bytes, at, Math.min(bytes.length, at + piece));
  scan.end();
  return out.findings;
}

function whole(text: string): Finding[] {
  const out = sink();
  scanText(text, { file: "f", bytewise: false }, out);
  return out.findings;
}

/** Filler lines of `line` characters, then `key`, so that the key starts at byte `offset` (ASCII filler). */
function planted(offset: number, key: string, tail = 5000): string {
  let text = "";
  while (text.length < offset - 80) text += `${"x".repeat(Math.min(70, offset - 80 - text.length))}\n`;
  text += " ".repeat(offset - text.length);
  return `${text}${key}\n${"y".repeat(tail)}\n`;
}

describe("ChunkedScan over UTF-8", () => {
  it("finds a key at every offset around the buffer's edge once, at the line and column of the whole text", () => {
    const key = secretKey();
    for (let offset = BUFFER - key.length - 2; offset <= BUFFER + 2; offset++) {
      const text = planted(offset, key);
      const expected = whole(text);
      expect(expected).toHaveLength(1);
      expect(where(chunked(Buffer.from(text), "utf8", 4096)), `key at byte ${offset}`).toEqual(where(expected));
    }
  });

  it("gives the same findings whatever the writes' size, keys many buffers apart", () => {
    const keys = Array.from({ length: 12 }, () => secretKey());
    const text = keys.map((key, i) => `${"é".repeat(3000 * i)}\n${"z".repeat(BUFFER - 7 * i)} const k${i} = "${key}";\n`).join("");
    const expected = where(whole(text));
    expect(expected).toHaveLength(keys.length);
    for (const piece of [1, 7, 4096, BUFFER, text.length]) {
      expect(where(chunked(Buffer.from(text), "utf8", piece)), `${piece}-byte writes`).toEqual(expected);
    }
  });

  it("counts columns in UTF-16 code units after multi-byte characters that straddle the edge", () => {
    const key = secretKey();
    // Three-byte characters (and four-byte ones, two code units each) up to the edge.
    const before = "€😀".repeat(Math.ceil(BUFFER / 7) + 10);
    const text = `${before} "${key}"\n`;
    const found = chunked(Buffer.from(text), "utf8", 1000);
    expect(where(found)).toEqual(where(whole(text)));
    expect(found[0]!.column).toBe(before.length + 3);
  });

  it("finds a key in a line longer than the buffer, where no safe cut point is near the edge", () => {
    const key = secretKey();
    // A run of key characters: no cut is safe inside it, so the scanner must carry it over.
    const text = `${"a".repeat(BUFFER - 10)} ${key} ${"b".repeat(BUFFER * 2)} ${key}\n`;
    const expected = where(whole(text));
    expect(expected).toHaveLength(2);
    expect(where(chunked(Buffer.from(text), "utf8", 8192))).toEqual(expected);
  });

  it("starts again at line 1 after end(), for the next stream", () => {
    const out = sink();
    const scan = new ChunkedScan(Buffer.alloc(BUFFER), "utf8", scanInto(out, { file: "f" }));
    const key = secretKey();
    scan.write(Buffer.from(`\n\n"${key}"\n`));
    scan.end();
    scan.write(Buffer.from(`"${key}"\n`));
    scan.end();
    expect(out.findings.map((f) => [f.line, f.column])).toEqual([
      [3, 2],
      [1, 2],
    ]);
  });
});

describe("ChunkedScan over UTF-16", () => {
  for (const encoding of ["utf16le", "utf16be"] as const) {
    it(`finds keys around the buffer's edge in ${encoding}, a byte-order mark skipped`, () => {
      const keys = [secretKey(), secretKey()];
      const text = `${"ü".repeat(BUFFER / 2 - 20)} "${keys[0]}"\n${"w".repeat(BUFFER)}\n"${keys[1]}"\n`;
      const le = Buffer.from(`\ufeff${text}`, "utf16le");
      const bytes = encoding === "utf16le" ? le : Buffer.from(le).swap16();
      expect(where(chunked(bytes, encoding, 3001, 2))).toEqual(where(whole(text)));
    });
  }
});
