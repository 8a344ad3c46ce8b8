import { describe, expect, it } from "vitest";
import { PositionMapper, positionOf, utf16Width } from "@roxels-guard/core";

/** The definition, spelled out: lines counted up to the offset, columns in UTF-16 units of the decoded line. */
function reference(text: string, index: number, bytewise: boolean): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  const lineText = before.slice(before.lastIndexOf("\n") + 1);
  const decoded = bytewise ? Buffer.from(lineText, "latin1").toString("utf8") : lineText;
  return { line, column: decoded.length + 1 };
}

describe("PositionMapper", () => {
  // Offsets spread over long lines, short lines and empty ones, non-ASCII before some of them.
  const utf8 = Buffer.from(`${"a".repeat(50_000)}\u00fc${"b".repeat(30_000)}\n\n\u20ac x\n${"=".repeat(70_000)}\n`, "utf8").toString("latin1");
  const offsets = (text: string): number[] => Array.from({ length: 400 }, (_, i) => Math.floor((i * text.length) / 400));

  it("maps every offset of a multi-line text to the line and column the definition gives", () => {
    for (const bytewise of [true, false]) {
      const mapper = new PositionMapper(utf8, { bytewise });
      for (const index of offsets(utf8)) expect(mapper.locate(index), `${index}`).toEqual(reference(utf8, index, bytewise));
    }
  });

  it("keeps counting from firstLine and firstColumn, and on the same offset twice", () => {
    const mapper = new PositionMapper("ab\ncd", { firstLine: 10, firstColumn: 5 });
    expect(mapper.locate(1)).toEqual({ line: 10, column: 6 });
    expect(mapper.locate(1)).toEqual({ line: 10, column: 6 });
    expect(mapper.locate(4)).toEqual({ line: 11, column: 2 });
    expect(mapper.lineStart).toBe(3);
  });

  it("locates offsets past the last line feed and at the end of the text", () => {
    const text = "x\ny\n".repeat(1000) + "z".repeat(5000);
    const mapper = new PositionMapper(text);
    expect(mapper.locate(3999)).toEqual({ line: 2000, column: 2 });
    expect(mapper.locate(4000)).toEqual({ line: 2001, column: 1 });
    expect(mapper.locate(text.length)).toEqual({ line: 2001, column: 5001 });
    expect(positionOf(text, 2)).toEqual({ line: 2, column: 1 });
  });

  it("refuses offsets out of order", () => {
    const mapper = new PositionMapper("abc\ndef");
    mapper.locate(5);
    expect(() => mapper.locate(2)).toThrow(RangeError);
  });
});

describe("utf16Width", () => {
  // Past 64 KiB a width is counted on the bytes, by blocks that are ASCII or not: every
  // kind of UTF-8 sequence, also cut by a block's end, must count as its decoding does.
  it("counts the UTF-16 units of long valid UTF-8 as decoding it would, whatever falls on a block boundary", () => {
    const pieces = ["a", "é", "€", "😀", "\n"];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const size of [70_000, 200_000]) {
      let text = "";
      while (Buffer.byteLength(text) < size) {
        // Long ASCII stretches (whole blocks cleared at once) between a few wide characters.
        text += next() % 4 === 0 ? "x".repeat(next() % 3000) : pieces[next() % pieces.length]!;
      }
      const bytes = Buffer.from(text, "utf8");
      expect(utf16Width(bytes)).toBe(text.length);
      // Started one byte into a sequence, as a block of a larger buffer may be.
      const shifted = Buffer.concat([Buffer.from("ab"), bytes]);
      expect(utf16Width(shifted)).toBe(text.length + 2);
    }
  });

  it("counts a four-byte sequence cut by a 4 KiB block's end once, as two units", () => {
    const bytes = Buffer.concat([Buffer.from("x".repeat(4094 + 64 * 1024)), Buffer.from("😀"), Buffer.from("y".repeat(5000))]);
    expect(utf16Width(bytes)).toBe(4094 + 64 * 1024 + 2 + 5000);
  });
});
