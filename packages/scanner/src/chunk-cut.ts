/**
 * Where a chunk of a stream may be cut: after a character no key or base64 value holds.
 * Apart from chunked-scan.ts so that the pre-filter's worker threads, which cut chunks
 * too, load none of the scanning code.
 */

/** How far back from a chunk's end a safe cut point is looked for. */
export const CUT_WINDOW = 64 * 1024;

/** Characters that can be part of a key token or of a base64 value. */
function isValueChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f || code === 0x2d || code === 0x2b || code === 0x2f || code === 0x3d
  );
}

/**
 * Whether a chunk may end just after `code`: a character no key or base64 value holds,
 * and not the `\\` or `%` that opens an escape (`\\nsk_…`, `%3Dsk_…`: cut after it, the
 * next chunk would see `nsk_…`), nor the line break inside a wrapped base64 block or a
 * quoted-printable soft break.
 */
function isCutAfter(code: number, before: number, after: number, twoBefore: number): boolean {
  if (isValueChar(code) || code === 0x5c || code === 0x25) return false;
  if ((code === 0x0a || code === 0x0d) && isValueChar(before) && (isValueChar(after) || after === 0x20 || after === 0x0a)) return false;
  // Nor after a quoted-printable soft break's `=\r\n`, which may split a key.
  if (code === 0x0a && before === 0x0d && twoBefore === 0x3d) return false;
  return true;
}

/**
 * Offset just past the last character near the end that no key or base64 value contains.
 * In bytes, never inside a multi-byte UTF-8 character: the columns counted on each side
 * of the cut must add up.
 */
export function safeCut(text: string | Uint8Array): number {
  const floor = Math.max(0, text.length - CUT_WINDOW);
  if (typeof text === "string") {
    for (let i = text.length - 1; i >= floor; i--) if (isCutAfter(text.charCodeAt(i), text.charCodeAt(i - 1), text.charCodeAt(i + 1), text.charCodeAt(i - 2))) return i + 1;
  } else {
    for (let i = text.length - 1; i >= floor; i--) {
      const byte = text[i]!;
      if (byte < 0x80 && isCutAfter(byte, text[i - 1] ?? 0, text[i + 1] ?? 0, text[i - 2] ?? 0)) return i + 1;
      if (byte >= 0xc0) return i; // before the first byte of a multi-byte character
    }
  }
  // One unbroken blob longer than the window: no key can stand inside it anyway.
  return text.length - 1024;
}
