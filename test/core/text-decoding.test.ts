/**
 * How core tells text from a binary and decodes it: UTF-16 and UTF-32 with and without a
 * byte-order mark are text, decoded for real; UTF-8 with a stray NUL and binaries are not
 * taken for them.
 */
import { describe, expect, it } from "vitest";
import { decodeBuffer, detectEncoding, SNIFF_LENGTH } from "@roxels-guard/core";
import { randomBytes } from "../support/random.js";
import { secretKey } from "../support/keys.js";
import { encodeWide, WIDE_ENCODINGS } from "../support/wide-text.js";

// CJK lines first: in UTF-16BE their units are not ASCII pairs, and U+4E0A (上) holds a 0x0a byte.
const cjk = (key: string) => `日本語のテキスト上です\n中文文本行，上下\n한국어 텍스트\nKEY=${key} 😀\n`;

describe("detectEncoding and decodeBuffer", () => {
  for (const encoding of WIDE_ENCODINGS) {
    for (const bom of [true, false]) {
      it(`reads ${encoding} ${bom ? "with" : "without"} a BOM holding CJK text`, () => {
        const text = cjk(secretKey());
        const bytes = encodeWide(text, encoding, bom);
        expect(detectEncoding(bytes)).toEqual({ encoding, bomLength: bom ? (encoding.startsWith("utf16") ? 2 : 4) : 0 });
        expect(decodeBuffer(bytes)?.text).toBe(text);
      });
    }
  }

  it("reads ASCII-only UTF-16 and UTF-32 without a BOM", () => {
    const text = `KEY=${secretKey()}\n`;
    for (const encoding of WIDE_ENCODINGS) expect(decodeBuffer(encodeWide(text, encoding, false))?.text, encoding).toBe(text);
  });

  it("keeps UTF-8 with stray NULs, and random bytes, binary", () => {
    const line = `const key = "${secretKey()}"; // config\n`;
    for (const nuls of [1, 2, 3]) {
      let text = line.repeat(20);
      // NULs at even offsets only: the parity UTF-16 would put them at.
      for (let k = 0; k < nuls; k++) text = `${text.slice(0, 100 * (k + 1))}\0${text.slice(100 * (k + 1) + 1)}`;
      expect(detectEncoding(Buffer.from(text)), `${nuls} NULs`).toBe("binary");
    }
    for (let k = 0; k < 50; k++) expect(detectEncoding(randomBytes(4096))).toBe("binary");
  });

  it("asks a head that starts no BOM only whether a NUL stands in its first SNIFF_LENGTH bytes", () => {
    const line = Buffer.from(`const key = "${secretKey()}"; // config\n`);
    const text = Buffer.concat(Array.from({ length: 300 }, () => line));
    expect(detectEncoding(text)).toEqual({ encoding: "utf8", bomLength: 0 });
    expect(detectEncoding(text.subarray(0, 1))).toEqual({ encoding: "utf8", bomLength: 0 });
    expect(detectEncoding(new Uint8Array(text.subarray(0, 100)))).toEqual({ encoding: "utf8", bomLength: 0 });
    for (const at of [1, 7999, 8000, 9000]) {
      const bytes = Buffer.from(text);
      bytes[at] = 0;
      expect(detectEncoding(bytes), `NUL at ${at}`).toEqual(at < SNIFF_LENGTH ? "binary" : { encoding: "utf8", bomLength: 0 });
      expect(detectEncoding(bytes.subarray(0, SNIFF_LENGTH)), `NUL at ${at}`).toEqual(at < SNIFF_LENGTH ? "binary" : { encoding: "utf8", bomLength: 0 });
    }
    // UTF-16 text without a BOM whose first byte is ASCII still reads as UTF-16.
    expect(detectEncoding(encodeWide(`KEY=${secretKey()}\n`, "utf16le", false))).toEqual({ encoding: "utf16le", bomLength: 0 });
  });

  it("does not take a UTF-16LE BOM before a NUL-holding ASCII file for UTF-32", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(`\x01\x02KEY=${secretKey()}\n`)]);
    expect(detectEncoding(bytes)).not.toEqual({ encoding: "utf32le", bomLength: 4 });
  });
});
