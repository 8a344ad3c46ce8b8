import { isAscii } from "node:buffer";
import { kernelCountLineFeeds, kernelUtf16Width } from "./simd-kernel.js";

/**
 * Offsets to 1-based lines and columns. Columns count UTF-16 code units, as ESLint,
 * editors and SARIF's default `columnKind` do; in bytewise (latin1-read UTF-8) text the
 * part of the line before a finding is decoded to count them.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class PositionMapper {
  readonly #text: string;
  readonly #bytewise: boolean;
  #line: number;
  #lineStart = 0;
  #scanned = 0;
  #columnIndex = 0;
  #columnValue = 1;
  /**
   * The first line feed at or after `#scanned` (-1: none left), once looked for. Searching
   * again from `#scanned` on every call would read to the end of a long line each time:
   * thousands of keys on one minified line made that quadratic.
   */
  #nextFeed: number | null = null;

  /**
   * @param firstLine line number of the text's first line (a chunk of a larger file)
   * @param firstColumn column of the text's first character when it starts mid-line
   */
  constructor(text: string, options: { firstLine?: number; bytewise?: boolean; firstColumn?: number } = {}) {
    this.#text = text;
    this.#bytewise = options.bytewise ?? false;
    this.#line = options.firstLine ?? 1;
    this.#columnValue = options.firstColumn ?? 1;
  }

  /** Position of `index`. Calls must come in non-decreasing order of index. */
  locate(index: number): Position {
    if (index < this.#scanned) throw new RangeError("PositionMapper.locate called out of order");
    const text = this.#text;
    let nl = this.#nextFeed ?? text.indexOf("\n", this.#scanned);
    for (; nl !== -1 && nl < index; nl = text.indexOf("\n", nl + 1)) {
      this.#line++;
      this.#lineStart = nl + 1;
      this.#columnIndex = nl + 1;
      this.#columnValue = 1;
    }
    this.#nextFeed = nl;
    this.#scanned = index;
    this.#columnValue += this.#width(this.#columnIndex, index);
    this.#columnIndex = index;
    return { line: this.#line, column: this.#columnValue };
  }

  /** Offset where the line holding the last located index starts. */
  get lineStart(): number {
    return this.#lineStart;
  }

  #width(from: number, to: number): number {
    if (!this.#bytewise) return to - from;
    const slice = this.#text.slice(from, to);
    // Pure ASCII needs no decode; most code before a key on its line is ASCII.
    // eslint-disable-next-line no-control-regex
    if (!/[^\x00-\x7f]/.test(slice)) return slice.length;
    return Buffer.from(slice, "latin1").toString("utf8").length;
  }
}

/** Line and column of one offset in a small text. */
export function positionOf(text: string, index: number, bytewise = false): Position {
  return new PositionMapper(text, { bytewise }).locate(index);
}

/** The text of the line holding `index` (without its line break). */
export function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  let end = text.indexOf("\n", index);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
  return text.slice(start, end);
}

/** Line feeds in `bytes`, counted by the SIMD kernel where it runs. */
export function countLineFeeds(bytes: Uint8Array): number {
  const counted = kernelCountLineFeeds(bytes);
  if (counted !== null) return counted;
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Columns (UTF-16 code units) that UTF-8 `bytes` take up: what a bytewise column counts. */
export function utf16Width(bytes: Buffer): number {
  if (isAscii(bytes)) return bytes.length;
  if (bytes.length <= EXACT_WIDTH_LIMIT) return bytes.toString("utf8").length;
  // A line of megabytes (a source map, a minified bundle) is not decoded to be measured:
  // one unit per UTF-8 sequence, two for a four-byte one. Exact for valid UTF-8. The SIMD
  // kernel counts so, 16 bytes a step. Without it: such a line is mostly ASCII with a few
  // characters scattered through it: blocks that `isAscii` clears (native, many bytes at
  // once) count their length, and only the others are counted byte by byte, which took
  // 5x longer on next's source maps. A sequence cut by a block's end is counted by its
  // lead byte, in whichever block that falls.
  const counted = kernelUtf16Width(bytes);
  if (counted !== null) return counted;
  let units = 0;
  for (let start = 0; start < bytes.length; start += WIDTH_BLOCK) {
    const end = Math.min(bytes.length, start + WIDTH_BLOCK);
    if (isAscii(bytes.subarray(start, end))) {
      units += end - start;
      continue;
    }
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
  }
  return units;
}

/** Up to this many bytes, a width is measured by decoding (exact for invalid UTF-8 too). */
const EXACT_WIDTH_LIMIT = 64 * 1024;
/** Bytes `utf16Width` hands `isAscii` at once: smaller blocks cost more in views than they save. */
const WIDTH_BLOCK = 4096;
