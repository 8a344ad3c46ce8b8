/**
 * Turning file bytes into text the grammar can read, without paying for a full UTF-8
 * decode: keys are ASCII, so UTF-8 (valid or not) is read as latin1, one character per
 * byte, and only the columns of findings are decoded properly. UTF-16 files with a BOM
 * are decoded for real, since keys in them are two bytes a character.
 */

export type TextEncoding = "utf8" | "utf16le" | "utf16be";

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

export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | "binary" {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", bomLength: 3 };
  const end = Math.min(head.length, SNIFF_LENGTH);
  // A UTF-16 BOM is believed only when NUL bytes follow, as any UTF-16 text with a space,
  // a digit or a line break has: two bytes of FF FE must not turn an ASCII file into
  // garbage that hides the keys in it.
  const hasNul = head.subarray(2, end).indexOf(0) !== -1;
  if (head[0] === 0xff && head[1] === 0xfe && hasNul) return { encoding: "utf16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff && hasNul) return { encoding: "utf16be", bomLength: 2 };
  // indexOf is a native search; a loop here costs every scanned file up to 8000 steps.
  if (head.subarray(0, end).indexOf(0) !== -1) return "binary";
  return { encoding: "utf8", bomLength: 0 };
}

/** Decode a slice of a file whose encoding is already known (see `detectEncoding`). */
export function decodeChunk(bytes: Buffer, encoding: TextEncoding): string {
  if (encoding === "utf8") return bytes.toString("latin1");
  if (encoding === "utf16le") return bytes.toString("utf16le");
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  swapped.swap16();
  return swapped.toString("utf16le");
}

/** Decode a whole small buffer: null for binary content. */
export function decodeBuffer(bytes: Buffer): DecodedText | null {
  const detected = detectEncoding(bytes.subarray(0, SNIFF_LENGTH));
  if (detected === "binary") return null;
  const text = decodeChunk(bytes.subarray(detected.bomLength), detected.encoding);
  return { text, encoding: detected.encoding, bytewise: detected.encoding === "utf8", bomLength: detected.bomLength };
}
