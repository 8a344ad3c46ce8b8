import { findKeys } from "./find-keys.js";

/**
 * `text` with every key in it replaced by its masked form: the last line of defence for
 * text that may echo user input (an error naming a path or a flag value that was a key).
 * Embed keys are masked too: a message has no reason to show any key in full.
 */
export function redactKeys(text: string): string {
  const matches = findKeys(text, { includeEmbed: true, decodeBase64: false });
  if (matches.length === 0) return text;
  let out = "";
  let at = 0;
  for (const match of matches) {
    out += text.slice(at, match.index) + match.secret.masked;
    at = match.index + match.length;
  }
  return out + text.slice(at);
}
