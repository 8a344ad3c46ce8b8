/**
 * `scan` reads UTF-16 and UTF-32 files, either byte order, with and without a byte-order
 * mark, and reports each key at its own line and column, CJK lines before it or not.
 */
import { describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { encodeWide, WIDE_ENCODINGS } from "../../support/wide-text.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

describe("wide text files", () => {
  it("finds keys in UTF-16 and UTF-32 files after CJK lines, at the right line and column", async () => {
    const files: Record<string, Buffer> = {};
    const expected: string[] = [];
    const keys: string[] = [];
    for (const encoding of WIDE_ENCODINGS) {
      for (const bom of [true, false]) {
        const key = secretKey();
        keys.push(key);
        const name = `${encoding}${bom ? "-bom" : ""}.txt`;
        // U+4E0A (上) holds a 0x0a byte; in UTF-16BE a line feed before a CJK line is no `0a 00`.
        files[name] = encodeWide(`日本語のテキスト上です\n中文文本行，上下 😀\n\t配置 KEY=${key}\n`, encoding, bom);
        expected.push(`${name}:3:${"\t配置 KEY=".length + 1}:${masked(key)}`);
      }
    }
    const t = tree(files);
    const { report } = await scanJson(t.dir, [], keys);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.masked}`).sort()).toEqual(expected.sort());
  });

  it("counts the lines of a UTF-32 file past the 4 MiB read chunk", async () => {
    const key = secretKey();
    const line = "上下左右\n";
    const lines = Math.ceil((5 * 1024 * 1024) / (line.length * 4));
    const t = tree({ "big.txt": encodeWide(`${line.repeat(lines)}x = ${key}\n`, "utf32be", false) });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => `${f.line}:${f.column}`)).toEqual([`${lines + 1}:5`]);
  });
});
