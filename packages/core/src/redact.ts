import { findKeys } from "./find-keys.js";
import { KEY_PREFIXES, ROXELS_BODY_MIN } from "./grammar.js";

export interface RedactOptions {
  /**
   * Text from elsewhere, such as a server's error message or a field of a report file:
   * also hide runs that merely start like a key (a prefix and 12 or more token
   * characters) though the grammar rejects them, keys glued to the text before them
   * (`invalid_key_sk_…`), and keys disguised by percent-encoding (`sk%5F…`), HTML or
   * backslash escapes, or invisible characters (zero-width spaces, soft hyphens) inside.
   */
  readonly keyShaped?: boolean;
  /**
   * Also hide base64 values that decode to a key (the whole value): for text a scanned
   * file wrote, such as an ignore comment's reason.
   */
  readonly encoded?: boolean;
}

const PREFIXES = `(?:${KEY_PREFIXES.join("|")})`;
// Built from the grammar's own prefixes, so a new prefix is hidden here too. Standing on
// its own, a prefix and 12 token characters is enough; glued to letters or digits before
// it (`tokensk_…`), a whole key's length is needed, so that words like `disk_usage_id`
// stay readable.
const KEY_SHAPED = new RegExp(`(?<![A-Za-z0-9])${PREFIXES}[A-Za-z0-9_-]{12,}|${PREFIXES}[A-Za-z0-9_-]{${ROXELS_BODY_MIN},}`, "g");

/**
 * Characters that print as nothing: zero-width spaces and joiners, the soft hyphen, word
 * joiners, direction marks, the byte-order mark. Inside a key they hide it from a plain
 * search while a reader (or a copy and paste) still gets the key.
 */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/;

/**
 * `text` with every key in it replaced by its masked form: the last line of defence for
 * text that may echo user input (an error naming a path or a flag value that was a key).
 * Embed keys are masked too: a message has no reason to show any key in full.
 */
export function redactKeys(text: string, options: RedactOptions = {}): string {
  if (options.keyShaped) return redactUntrusted(text, options.encoded === true);
  const matches = findKeys(text, { includeEmbed: true, decodeBase64: options.encoded === true });
  let out = "";
  let at = 0;
  for (const match of matches) {
    if (match.index < at) continue; // a second key decoded from the value already hidden
    out += text.slice(at, match.index) + match.secret.masked;
    at = match.index + match.length;
  }
  return out + text.slice(at);
}

/**
 * The text as a reader would take it: escapes decoded, invisible characters dropped, and
 * for each of its characters, the span of the original text it came from.
 */
export function readableView(text: string): { view: string; starts: number[]; ends: number[] } {
  let view = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const decoded = decodeAt(text, i);
    if (decoded) {
      // An escape may itself stand for an invisible character.
      if (!INVISIBLE.test(decoded.char)) {
        view += decoded.char;
        starts.push(i);
        ends.push(i + decoded.length);
      }
      i += decoded.length;
      continue;
    }
    const char = text[i]!;
    if (!INVISIBLE.test(char)) {
      view += char;
      starts.push(i);
      ends.push(i + 1);
    }
    i++;
  }
  return { view, starts, ends };
}

/** An escape at `i` that stands for one printable ASCII character: `%5F`, `&#95;`, `&#x5f;`, `\x5f`, `\u005f`. */
function decodeAt(text: string, i: number): { char: string; length: number } | undefined {
  const c = text[i];
  if (c !== "%" && c !== "&" && c !== "\\") return undefined;
  const escape = /^(?:%([0-9A-Fa-f]{2})|&#[xX]([0-9A-Fa-f]{1,6});|&#([0-9]{1,7});|\\x([0-9A-Fa-f]{2})|\\u([0-9A-Fa-f]{4}))/.exec(text.slice(i, i + 12));
  if (!escape) return undefined;
  const [whole, pct, hexEntity, decEntity, hexByte, unicode] = escape;
  const code = decEntity !== undefined ? Number(decEntity) : parseInt((pct ?? hexEntity ?? hexByte ?? unicode)!, 16);
  if (code > 0x10ffff) return undefined;
  const char = String.fromCodePoint(code);
  // Printable ASCII, or an invisible character (dropped by the caller): anything else stays as written.
  if (!(code >= 0x20 && code < 0x7f) && !INVISIBLE.test(char)) return undefined;
  return { char, length: whole.length };
}

/** See `RedactOptions.keyShaped`. */
function redactUntrusted(text: string, decodeBase64: boolean): string {
  const { view, starts, ends } = readableView(text);
  const spans: Array<{ from: number; to: number; masked: string }> = [];
  for (const match of findKeys(view, { includeEmbed: true, decodeBase64 })) {
    spans.push({ from: match.index, to: match.index + match.length, masked: match.secret.masked });
  }
  for (const match of view.matchAll(KEY_SHAPED)) {
    const prefix = KEY_PREFIXES.find((p) => match[0].startsWith(p))!;
    spans.push({ from: match.index, to: match.index + match[0].length, masked: `${prefix}…` });
  }
  if (spans.length === 0) return text;
  // Widest first at each start; a span inside one already hidden is dropped.
  spans.sort((a, b) => a.from - b.from || b.to - a.to);
  let out = "";
  let at = 0; // in the original text
  let covered = 0; // in the view
  for (const span of spans) {
    if (span.from < covered) {
      if (span.to <= covered) continue;
      span.from = covered;
    }
    const from = starts[span.from]!;
    out += text.slice(at, from) + span.masked;
    at = ends[span.to - 1]!;
    covered = span.to;
  }
  return out + text.slice(at);
}
