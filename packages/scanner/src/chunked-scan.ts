/**
 * Text that arrives in pieces, scanned in bounded memory: a file read chunk by chunk, the
 * added lines of a diff, a blob streamed out of `git cat-file`. Whatever its size (a 2 GB
 * log, a 200 MB line), it costs one buffer. Chunks are cut at a character that no key or
 * base64 value can contain, so nothing is cut in half and nothing is seen twice; the
 * uncut tail is carried to the front of the buffer and scanned with the next chunk.
 *
 * UTF-8 (nearly all text) is looked at as bytes first: a chunk becomes a string and goes
 * to the grammar only when core's byte pre-filter says it may hold a key (`chunkNeeds`).
 * Almost no chunk does, so almost no chunk costs a decode.
 */
import { binaryChunkNeeds, chunkNeeds, codeUnitBytes, countLineFeeds, decodeChunk, isBinaryCandidateAt, isPlainCandidateAt, PositionMapper, utf16Views, utf16Width, type TextEncoding } from "@roxels-guard/core";
import { CUT_WINDOW, safeCut } from "./chunk-cut.js";
import { scanText, type ScanSink, type TextOrigin } from "./text-scan.js";

/** Where a chunk's text starts in the whole stream. */
export interface ChunkPosition {
  readonly firstLine: number;
  readonly firstColumn: number;
  /** True when the text is UTF-8 bytes read as latin1 (see core's text-decoding). */
  readonly bytewise: boolean;
  /** The bytes are a binary's, searched as bytes (a key may be glued to a record's length byte). */
  readonly binary?: boolean;
}

/**
 * What is done with a chunk's text: usually `scanText` into a sink (`scanInto`). Only
 * matches starting before `limit` belong to this chunk; `decodeBase64` is false when the
 * pre-filter saw no base64 value that could hold a key.
 */
export type ChunkVisitor = (text: string, at: ChunkPosition, limit: number, decodeBase64: boolean, from?: number) => void;

/** The visitor that scans each chunk into `sink`, its findings named after `origin`'s file. */
export function scanInto(sink: ScanSink, origin: Omit<TextOrigin, "firstLine" | "firstColumn" | "bytewise">): ChunkVisitor {
  return (text, at, limit, decodeBase64, from = 0) => {
    const full: TextOrigin = Object.create(origin, {
      firstLine: { value: at.firstLine },
      firstColumn: { value: at.firstColumn },
      bytewise: { value: at.bytewise },
      binary: { value: at.binary === true },
    }) as TextOrigin;
    scanText(text, full, sink, limit, decodeBase64, from);
  };
}

export class ChunkedScan {
  readonly #buffer: Buffer;
  readonly #encoding: TextEncoding;
  readonly #visit: ChunkVisitor;
  /** Bytes still to drop at the stream's start (a byte-order mark). */
  #skip: number;
  #start = 0;
  #end = 0;
  #firstLine = 1;
  #firstColumn = 1;
  /** UTF-16 and UTF-32 only: the decoded tail not yet scanned. */
  #carry = "";
  /** Bytes that are not text (a binary, searched as bytes): see the constructor. */
  readonly #binary: boolean;

  /**
   * @param buffer where bytes gather; its length is the chunk size. It must be larger
   *   than CUT_WINDOW + 1024 (the longest tail a cut leaves).
   * @param skip bytes to drop at the start of the stream (a byte-order mark)
   * @param binary the bytes are not text: searched as `strings` would, ASCII runs in place
   *   and UTF-16 runs decoded; columns count bytes
   */
  constructor(buffer: Buffer, encoding: TextEncoding, visit: ChunkVisitor, skip = 0, binary = false) {
    this.#buffer = buffer;
    this.#encoding = encoding;
    this.#visit = visit;
    this.#skip = skip;
    this.#binary = binary && encoding === "utf8";
  }

  /** Free space at the end of the buffer: a reader may fill it in place, then call `wrote`. */
  get room(): Buffer {
    return this.#buffer.subarray(this.#end);
  }

  /** `count` bytes were written at the start of `room`. */
  wrote(count: number): void {
    this.#end += count;
    if (this.#skip > 0) {
      const dropped = Math.min(this.#skip, this.#end - this.#start);
      this.#start += dropped;
      this.#skip -= dropped;
    }
    if (this.#end === this.#buffer.length) this.#scanFull();
  }

  /** Copy bytes `start..end` of `bytes` in, scanning each time the buffer fills. */
  write(bytes: Uint8Array, start = 0, end = bytes.length): void {
    while (start < end) {
      const count = Math.min(end - start, this.#buffer.length - this.#end);
      this.#buffer.set(bytes.subarray(start, start + count), this.#end);
      start += count;
      this.wrote(count);
    }
  }

  /** One byte (a line feed between lines): cheaper than a one-byte `write`. */
  writeByte(byte: number): void {
    this.#buffer[this.#end] = byte;
    this.wrote(1);
  }

  /** Bytes written and not scanned yet. */
  get pending(): number {
    return this.#end - this.#start;
  }

  /** Scan what is left; the scanner can then take a new stream, positions starting again at line 1. */
  end(): void {
    const view = this.#buffer.subarray(this.#start, this.#end);
    if (this.#encoding === "utf8") {
      this.#scanBytes(view, view.length);
    } else {
      const text = this.#carry + decodeChunk(view, this.#encoding);
      if (text.length > 0) this.#visit(text, this.#position(false), text.length, true);
    }
    this.#start = this.#end = 0;
    this.#firstLine = this.#firstColumn = 1;
    this.#carry = "";
  }

  #position(bytewise: boolean): ChunkPosition {
    return { firstLine: this.#firstLine, firstColumn: this.#firstColumn, bytewise, binary: bytewise && this.#binary };
  }

  #scanFull(): void {
    if (this.#encoding === "utf8") this.#scanFullUtf8();
    else this.#scanFullDecoded();
  }

  /**
   * UTF-8 read as latin1, one character per byte: offsets in the bytes are offsets in the
   * text, so the carry stays in the buffer and a chunk that cannot hold a key is never
   * decoded.
   */
  #scanFullUtf8(): void {
    const view = this.#buffer.subarray(this.#start, this.#end);
    const cut = safeCut(view);
    this.#scanBytes(view, cut);
    // Where the next chunk starts, counted on the bytes: most chunks are never decoded.
    const before = view.subarray(0, cut);
    const lastFeed = before.lastIndexOf(0x0a);
    // In a binary, "lines" run for megabytes and are not UTF-8: columns count bytes there.
    const width = this.#binary ? (bytes: Buffer) => bytes.length : utf16Width;
    if (lastFeed === -1) {
      this.#firstColumn += width(before);
    } else {
      this.#firstLine += countLineFeeds(before);
      this.#firstColumn = 1 + width(before.subarray(lastFeed + 1));
    }
    this.#keepFrom(this.#start + cut);
  }

  /** One chunk of UTF-8 (or binary) bytes, its matches taken up to `cut`. */
  #scanBytes(view: Buffer, cut: number): void {
    const needs = this.#binary ? binaryChunkNeeds(view) : chunkNeeds(view);
    if (needs === "plain" && view.length > WINDOWED_MIN) scanWindows(view, this.#position(true), this.#visit, cut);
    else if (needs !== "nothing") this.#visit(view.toString("latin1"), this.#position(true), cut, needs === "all");
    if (!this.#binary) return;
    // Lines of UTF-16 text end in the same 0x0a byte: the line count carries over.
    for (const utf16 of utf16Views(view)) {
      this.#visit(utf16.text, { firstLine: this.#firstLine, firstColumn: 1, bytewise: false }, Math.floor((cut - utf16.alignment) / 2), true);
    }
  }

  /** UTF-16 and UTF-32: decoded for real, chunk by chunk, the carry kept as text. */
  #scanFullDecoded(): void {
    // Bytes past the last whole code unit are part of a character: they wait for the rest.
    const whole = this.#end - ((this.#end - this.#start) % codeUnitBytes(this.#encoding));
    const text = this.#carry + decodeChunk(this.#buffer.subarray(this.#start, whole), this.#encoding);
    const cut = safeCut(text);
    const at = this.#position(false);
    this.#visit(text, at, cut, true);
    const next = new PositionMapper(text, { firstLine: at.firstLine, firstColumn: at.firstColumn }).locate(cut);
    this.#firstLine = next.line;
    this.#firstColumn = next.column;
    this.#carry = text.slice(cut);
    this.#keepFrom(whole);
  }

  /** Move bytes `from..end` to the front of the buffer. */
  #keepFrom(from: number): void {
    this.#buffer.copy(this.#buffer, 0, from, this.#end);
    this.#end -= from;
    this.#start = 0;
  }
}

/** Chunks smaller than this are decoded whole: windows pay off on large ones only. */
const WINDOWED_MIN = 256 * 1024;
/** What a window holds before a candidate: the key's own line and the one above (ignore comments), the context look-back. */
const WINDOW_BEFORE = 16 * 1024;
/** What a window holds after a candidate: the longest token and the rest of its line, within reason. */
const WINDOW_AFTER = 4 * 1024;

/**
 * A large chunk that needs plain candidates only (no base64 value worth decoding) is not
 * decoded whole: only a window around each `sk`/`rk` prefix is, with what the grammar
 * reads around a key (the line above for an ignore comment, the name before it, the
 * enclosing YAML/JSON keys). A chunk of a source map or a long changelog that names
 * `sk-` a few times then costs a few windows, not a decode of megabytes.
 */
function scanWindows(view: Buffer, position: ChunkPosition, visit: ChunkVisitor, cut: number): void {
  const candidates: number[] = [];
  const isCandidateAt = position.binary === true ? isBinaryCandidateAt : isPlainCandidateAt;
  for (const needle of ["k_", "k-"]) {
    for (let k = view.indexOf(needle, 1); k !== -1 && k - 1 < cut; k = view.indexOf(needle, k + 2)) {
      // `task-` or `mask_` is no key's start: no window (a source map names hundreds).
      if (isCandidateAt(view, k - 1)) candidates.push(k - 1);
    }
  }
  // A quoted-printable soft break after a prefix's `k` (`sk=\r\n_`).
  for (let k = view.indexOf("k=\r\n", 1); k !== -1 && k - 1 < cut; k = view.indexOf("k=\r\n", k + 2)) if (isPlainCandidateAt(view, k)) candidates.push(k - 1);
  for (let k = view.indexOf("k=\n", 1); k !== -1 && k - 1 < cut; k = view.indexOf("k=\n", k + 2)) if (isPlainCandidateAt(view, k)) candidates.push(k - 1);
  candidates.sort((a, b) => a - b);
  // Line and column at byte `at`, carried forward window by window: a one-line chunk of
  // megabytes is measured once, not once a window.
  let line = position.firstLine;
  let column = position.firstColumn;
  let at = 0;
  let previousEnd = 0;
  for (let i = 0; i < candidates.length; ) {
    let start = Math.max(0, candidates[i]! - WINDOW_BEFORE);
    // Open the window at a line start where one is near: its first column is then 1.
    const feed = view.lastIndexOf(0x0a, start);
    if (feed !== -1 && candidates[i]! - feed <= 2 * WINDOW_BEFORE) start = feed + 1;
    else if (feed === -1 && candidates[i]! <= 2 * WINDOW_BEFORE) start = 0;
    start = Math.max(start, at);
    // Never inside a multi-byte character: both sides of the start must count its columns once.
    while (start < candidates[i]! && (view[start]! & 0xc0) === 0x80) start++;
    let end = Math.min(view.length, candidates[i]! + WINDOW_AFTER);
    while (i < candidates.length && candidates[i]! < end) end = Math.min(view.length, candidates[i++]! + WINDOW_AFTER);
    const between = view.subarray(at, start);
    const lastFeed = between.lastIndexOf(0x0a);
    if (lastFeed === -1) {
      column += utf16Width(between);
    } else {
      line += countLineFeeds(between);
      column = 1 + utf16Width(between.subarray(lastFeed + 1));
    }
    at = start;
    // Windows may overlap (each reads back for context): a key is taken by the first only.
    visit(view.toString("latin1", start, end), { firstLine: line, firstColumn: column, bytewise: true, binary: position.binary === true }, Math.max(0, cut - start), false, Math.max(0, previousEnd - start));
    previousEnd = end;
  }
}

