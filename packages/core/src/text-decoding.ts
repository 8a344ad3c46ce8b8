/**
 * Turning file bytes into text the grammar can read, without paying for a full UTF-8
 * decode: keys are ASCII, so UTF-8 (valid or not) is read as latin1, one character per
 * byte, and only the columns of findings are decoded properly. UTF-16 and UTF-32 text,
 * with a BOM or recognised by its shape without one, is decoded for real, since keys in
 * it are two or four bytes a character, and only a real decode counts its lines right.
 */

export type TextEncoding = "utf8" | "utf16le" | "utf16be" | "utf32le" | "utf32be";

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  /** True when `text` holds bytes (latin1), so columns need a UTF-8 decode of the line. */
  readonly bytewise: boolean;
  /** Bytes at the start of the buffer that were a byte-order mark. */
  readonly bomLength: number;
}

/** How many leading bytes binary sniffing looks at (git looks at 8000 too). */
export const SNIFF_LENGTH = 8000;

/** Bytes one code unit of `encoding` takes: a chunk is cut at a multiple of it. */
export function codeUnitBytes(encoding: TextEncoding): 1 | 2 | 4 {
  return encoding === "utf8" ? 1 : encoding === "utf16le" || encoding === "utf16be" ? 2 : 4;
}

export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | "binary" {
  const end = Math.min(head.length, SNIFF_LENGTH);
  // Every file of a scan comes through here, nearly all of them UTF-8 without a BOM: a
  // first byte that starts no BOM leaves one question, whether a NUL stands in the head,
  // asked once (each subarray and each native call costs about as much as the search).
  const first = head[0];
  if (first !== 0xef && first !== 0xff && first !== 0xfe && first !== 0) {
    const sniffed = end === head.length ? head : head.subarray(0, end);
    return sniffed.indexOf(0) === -1 ? { encoding: "utf8", bomLength: 0 } : (sniffWideText(sniffed) ?? "binary");
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", bomLength: 3 };
  // UTF-32's BOMs first: UTF-32LE's begins with UTF-16LE's. Believed only when the rest
  // reads as UTF-32 text.
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0 && isUtf32Text(head, 4, end, true)) return { encoding: "utf32le", bomLength: 4 };
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff && isUtf32Text(head, 4, end, false)) return { encoding: "utf32be", bomLength: 4 };
  // A UTF-16 BOM is believed only when NUL bytes follow, as any UTF-16 text with a space,
  // a digit or a line break has: two bytes of FF FE must not turn an ASCII file into
  // garbage that hides the keys in it.
  const hasNul = head.subarray(2, end).indexOf(0) !== -1;
  if (head[0] === 0xff && head[1] === 0xfe && hasNul) return { encoding: "utf16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff && hasNul) return { encoding: "utf16be", bomLength: 2 };
  // indexOf is a native search; a loop here costs every scanned file up to 8000 steps.
  if (head.subarray(0, end).indexOf(0) === -1) return { encoding: "utf8", bomLength: 0 };
  return sniffWideText(head.subarray(0, end)) ?? "binary";
}

/**
 * UTF-16 or UTF-32 text without a BOM, told from a binary by what its code units are:
 * every one a character text holds (no NUL, no control but tab, line breaks and form
 * feed, no lone surrogate), with a few ASCII characters among them (the NULs that sent
 * it here). UTF-8 text with a stray NUL read as UTF-16 is pairs of ASCII bytes (the
 * "Bush hid the facts" misreading); real UTF-16 text has few such pairs, even in CJK
 * text, whose units spread over bytes that are not ASCII. Binaries fail at their first
 * control character, most at their first NUL pair.
 */
function sniffWideText(head: Uint8Array): { encoding: TextEncoding; bomLength: 0 } | null {
  for (const littleEndian of [true, false]) {
    if (isUtf32Text(head, 0, head.length, littleEndian)) return { encoding: littleEndian ? "utf32le" : "utf32be", bomLength: 0 };
  }
  let best: TextEncoding | null = null;
  let bestAscii = 0;
  for (const littleEndian of [true, false]) {
    const ascii = utf16AsciiUnits(head, littleEndian);
    if (ascii > bestAscii) {
      best = littleEndian ? "utf16le" : "utf16be";
      bestAscii = ascii;
    }
  }
  return best === null ? null : { encoding: best, bomLength: 0 };
}

/** Whether a code point may stand in text: not NUL, not a control but tab, line feed, form feed and carriage return. */
function isTextCodePoint(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
  return code !== 0x7f && code !== 0xfffe && code !== 0xffff;
}

function isAsciiText(code: number): boolean {
  return code < 0x7f && isTextCodePoint(code);
}

/** Fewest ASCII characters that make NUL-holding bytes wide text: one may be a stray NUL's. */
const MIN_ASCII_UNITS = 2;

/**
 * How many ASCII units the bytes hold read as UTF-16 (0 when they are not UTF-16 text:
 * a unit text never holds, a lone surrogate, or mostly pairs of ASCII bytes).
 */
function utf16AsciiUnits(head: Uint8Array, littleEndian: boolean): number {
  const units = head.length >> 1;
  let ascii = 0;
  let asciiPairs = 0;
  for (let i = 0; i < units; i++) {
    const a = head[2 * i]!;
    const b = head[2 * i + 1]!;
    const unit = littleEndian ? a | (b << 8) : (a << 8) | b;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      if (unit >= 0xdc00) return 0; // a low surrogate with no high one before it
      if (i + 1 === units) break; // the sniffed head ends between the two halves
      const next = littleEndian ? head[2 * i + 2]! | (head[2 * i + 3]! << 8) : (head[2 * i + 2]! << 8) | head[2 * i + 3]!;
      if (next < 0xdc00 || next > 0xdfff) return 0;
      i++;
      continue;
    }
    if (!isTextCodePoint(unit)) return 0;
    if (unit < 0x80) ascii++;
    else if (isAsciiText(a) && isAsciiText(b)) asciiPairs++;
  }
  if (ascii < MIN_ASCII_UNITS || asciiPairs * 2 > units) return 0;
  return ascii;
}

/** Whether bytes [from, end) read as UTF-32 text: every unit a text code point, some of them ASCII. */
function isUtf32Text(head: Uint8Array, from: number, end: number, littleEndian: boolean): boolean {
  let ascii = 0;
  for (let at = from; at + 4 <= end; at += 4) {
    const code = littleEndian
      ? (head[at]! | (head[at + 1]! << 8) | (head[at + 2]! << 16)) + head[at + 3]! * 0x1000000
      : head[at]! * 0x1000000 + ((head[at + 1]! << 16) | (head[at + 2]! << 8) | head[at + 3]!);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || !isTextCodePoint(code)) return false;
    if (code < 0x80) ascii++;
  }
  return ascii >= MIN_ASCII_UNITS || (from === 4 && end - from < 4 * MIN_ASCII_UNITS);
}

/** Decode a slice of a file whose encoding is already known (see `detectEncoding`). */
export function decodeChunk(bytes: Buffer, encoding: TextEncoding): string {
  if (encoding === "utf8") return bytes.toString("latin1");
  if (encoding === "utf16le") return bytes.toString("utf16le");
  if (encoding === "utf16be") {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  return decodeUtf32(bytes, encoding === "utf32le");
}

/**
 * UTF-32, which neither Buffer nor TextDecoder reads: each code point written as one or
 * two UTF-16 units, then decoded natively. A code point no text holds becomes U+FFFD.
 */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  const count = bytes.length >> 2;
  const out = Buffer.allocUnsafe(count * 4);
  let length = 0;
  for (let i = 0; i < count; i++) {
    let code = littleEndian ? bytes.readUInt32LE(i * 4) : bytes.readUInt32BE(i * 4);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) code = 0xfffd;
    if (code >= 0x10000) {
      code -= 0x10000;
      out.writeUInt16LE(0xd800 + (code >> 10), length);
      out.writeUInt16LE(0xdc00 + (code & 0x3ff), length + 2);
      length += 4;
    } else {
      out.writeUInt16LE(code, length);
      length += 2;
    }
  }
  return out.toString("utf16le", 0, length);
}

/** Decode a whole small buffer: null for binary content. */
export function decodeBuffer(bytes: Buffer): DecodedText | null {
  const detected = detectEncoding(bytes.subarray(0, SNIFF_LENGTH));
  if (detected === "binary") return null;
  const text = decodeChunk(bytes.subarray(detected.bomLength), detected.encoding);
  return { text, encoding: detected.encoding, bytewise: detected.encoding === "utf8", bomLength: detected.bomLength };
}
