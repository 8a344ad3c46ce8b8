import { findKeys } from "./find-keys.js";
import { KEY_PREFIXES } from "./grammar.js";

export interface RedactOptions {
  /**
   * Also hide runs that merely start like a key (a prefix and 12 or more token
   * characters) though the grammar rejects them: for text from elsewhere, such as a
   * server's error message, where a truncated or altered key must not show either.
   */
  readonly keyShaped?: boolean;
  /**
   * Also hide base64 values that decode to a key (the whole value): for text a scanned
   * file wrote, such as an ignore comment's reason.
   */
  readonly encoded?: boolean;
}

// Built from the grammar's own prefixes, so a new prefix is hidden here too.
const KEY_SHAPED = new RegExp(`(?<![A-Za-z0-9_])(${KEY_PREFIXES.join("|")})[A-Za-z0-9_-]{12,}`, "g");

/**
 * `text` with every key in it replaced by its masked form: the last line of defence for
 * text that may echo user input (an error naming a path or a flag value that was a key).
 * Embed keys are masked too: a message has no reason to show any key in full.
 */
export function redactKeys(text: string, options: RedactOptions = {}): string {
  const matches = findKeys(text, { includeEmbed: true, decodeBase64: options.encoded === true });
  let out = "";
  let at = 0;
  for (const match of matches) {
    if (match.index < at) continue; // a second key decoded from the value already hidden
    out += text.slice(at, match.index) + match.secret.masked;
    at = match.index + match.length;
  }
  out += text.slice(at);
  return options.keyShaped ? out.replace(KEY_SHAPED, "$1…") : out;
}
