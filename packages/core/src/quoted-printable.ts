/**
 * Quoted-printable (RFC 2045: e-mails, `.eml` and `.mht` files, MIME parts) writes `=` as
 * `=3D` and breaks lines longer than 76 columns with a soft break, `=` at the end of a
 * line, which may fall inside a key (`sk_AbC=\r\nDef…`). Only text that is
 * quoted-printable is decoded: text that says so in a `Content-Transfer-Encoding`
 * header, or whose lines have a soft break's shape (at most 76 columns, ending in `=`,
 * as an encoder fills them); elsewhere a `=` ending a line is code (`const x =`).
 */

/** The header that names the encoding, anywhere in the text (a part's own headers, or the message's). */
const QP_HEADER = /content-transfer-encoding:[ \t]*quoted-printable/i;

/** The longest line an encoder writes, its soft break's `=` included. */
const MAX_LINE = 76;
/** The shortest line with a soft break taken as an encoder's without a header: it fills lines nearly to MAX_LINE. */
const MIN_FILLED_LINE = 60;

/** Decoded text and, for each of its characters, the offset in the original text it came from. */
export interface QuotedPrintableView {
  readonly decoded: string;
  readonly offsets: Int32Array;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/** Length of the soft line break at `at` (`=\r\n` or `=\n`), 0 when there is none. */
function softBreakLength(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x3d) return 0;
  const next = text.charCodeAt(at + 1);
  if (next === 0x0a) return 2;
  return next === 0x0d && text.charCodeAt(at + 2) === 0x0a ? 3 : 0;
}

/** Whether a soft break splits a token (a key's characters on both sides), in text that is quoted-printable. */
function hasSplittingSoftBreak(text: string): boolean {
  const header = QP_HEADER.test(text);
  for (let at = text.indexOf("=\n"), crlf = text.indexOf("=\r\n"); at !== -1 || crlf !== -1; ) {
    const here = at === -1 ? crlf : crlf === -1 ? at : Math.min(at, crlf);
    const lineStart = text.lastIndexOf("\n", here - 1) + 1;
    const columns = here + 1 - lineStart;
    if (columns <= MAX_LINE && (header || columns >= MIN_FILLED_LINE)) return true;
    if (here === at) at = text.indexOf("=\n", at + 2);
    else crlf = text.indexOf("=\r\n", crlf + 3);
  }
  return false;
}

/**
 * The text decoded, when it is quoted-printable and a soft break in it could split a
 * key; else null. Soft breaks are dropped and `=XX` escapes decoded; each decoded
 * character keeps the offset it stood at, so a key is reported where it starts.
 */
export function quotedPrintableView(text: string): QuotedPrintableView | null {
  if (!text.includes("=\n") && !text.includes("=\r\n")) return null;
  if (!hasSplittingSoftBreak(text)) return null;
  const offsets = new Int32Array(text.length);
  const parts: string[] = [];
  let length = 0;
  let copyFrom = 0;
  const copy = (to: number) => {
    if (to <= copyFrom) return;
    parts.push(text.slice(copyFrom, to));
    for (let i = copyFrom; i < to; i++) offsets[length++] = i;
  };
  for (let at = text.indexOf("=", 0); at !== -1; at = text.indexOf("=", at)) {
    const soft = softBreakLength(text, at);
    if (soft > 0) {
      copy(at);
      at += soft;
      copyFrom = at;
      continue;
    }
    const high = hexValue(text.charCodeAt(at + 1));
    const low = high === -1 ? -1 : hexValue(text.charCodeAt(at + 2));
    if (low === -1) {
      at++;
      continue;
    }
    copy(at);
    parts.push(String.fromCharCode(high * 16 + low));
    offsets[length++] = at;
    at += 3;
    copyFrom = at;
  }
  copy(text.length);
  return { decoded: parts.join(""), offsets: offsets.subarray(0, length) };
}
