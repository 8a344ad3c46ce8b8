/** Text written as UTF-16 or UTF-32, either byte order, with or without a byte-order mark: the shapes Windows tools and old editors save. */
export type WideEncoding = "utf16le" | "utf16be" | "utf32le" | "utf32be";

export const WIDE_ENCODINGS: readonly WideEncoding[] = ["utf16le", "utf16be", "utf32le", "utf32be"];

export function encodeWide(text: string, encoding: WideEncoding, bom: boolean): Buffer {
  const full = (bom ? "\ufeff" : "") + text;
  if (encoding === "utf16le" || encoding === "utf16be") {
    const bytes = Buffer.from(full, "utf16le");
    return encoding === "utf16be" ? bytes.swap16() : bytes;
  }
  const points = [...full].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((code, i) => (encoding === "utf32le" ? bytes.writeUInt32LE(code, i * 4) : bytes.writeUInt32BE(code, i * 4)));
  return bytes;
}
