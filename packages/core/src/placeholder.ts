/**
 * Placeholder detection: the docs, READMEs and samples are full of things shaped like
 * keys that are not keys. A finding on `sk_your_key_here` teaches people to ignore the
 * tool, so these are rejected here, once, for every part of the project.
 */

/** Words that make up placeholder bodies (`sk_yourkeyhere…`, `sk_EXAMPLEKEY…`). */
const PLACEHOLDER_WORDS = [
  "your", "key", "here", "example", "sample", "test", "dummy", "fake", "redacted",
  "placeholder", "secret", "insert", "replace", "changeme", "change", "token", "api",
  "roxels", "xxxx", "demo", "mock", "stub", "todo", "value", "foo", "bar", "baz", "live",
  "my", "none", "null", "undefined", "abc", "xyz", "sk", "rk",
];

// Longest first so that "example" wins over "ex…" style partial words.
const WORD_PATTERN = new RegExp(
  PLACEHOLDER_WORDS.slice().sort((a, b) => b.length - a.length).join("|"),
  "gi",
);

/**
 * Share of the body that dictionary words must cover before it counts as a placeholder.
 * Random 24-64 character bodies contain a short word now and then by chance ("key" turns
 * up in about one real key in five hundred), so a single hit must not reject a key.
 */
const WORD_COVERAGE = 0.5;

/** Shannon entropy (bits per character) under which a body is too regular to be random. */
const MIN_ENTROPY = 3.0;

/** Fewest distinct characters a random body of 24+ characters plausibly has. */
const MIN_DISTINCT = 8;

/** Share of steps between neighbours that may be +1 or -1 (`abcdef`, `123456`, `987654`). */
const MAX_SEQUENCE_SHARE = 0.5;

export type PlaceholderReason =
  | "placeholder-words"
  | "low-entropy"
  | "repetitive"
  | "sequential"
  | "identifier";

/** Why `body` (the random part of a key, letters and digits) is a placeholder, or null. */
export function placeholderReason(body: string): PlaceholderReason | null {
  const { distinct, entropy } = histogram(body);
  if (distinct < MIN_DISTINCT) return "repetitive";
  if (entropy < MIN_ENTROPY) return "low-entropy";
  if (/^[0-9]+$/.test(body)) return "repetitive";
  if (sequentialShare(body) >= MAX_SEQUENCE_SHARE) return "sequential";
  if (wordCoverage(body) >= WORD_COVERAGE) return "placeholder-words";
  return null;
}

/**
 * True when a key body reads as a program identifier, not as random characters: no digit,
 * and all lowercase, all uppercase, or camel/PascalCase whose every capital starts a word
 * of at least three letters (`sk_customerSubscriptionIdentifier`, `.sk_ButtonPrimaryLargeState`,
 * `sk_MAXIMUMNUMBEROFRETRIESALLOWED`). Those are names in code, which the entropy and word
 * rules let through.
 *
 * Why a real key is rarely lost: of the 62^n bodies of n characters, 26^n are all
 * capitals and 26^n * T(n) are word-shaped, T counting the ways to tile n places with `a`
 * and `Abb` cells (T(n) = T(n-1) + T(n-3), T(24) = 5,896). A random 24-character body, the
 * shortest a key has, is rejected with probability 5,897 * (26/62)^24 = 5.2e-6, about one
 * key in 190,000; at 32 characters 1.1e-7, at 48 4e-11. Words of two letters (`userIdFor`)
 * would have made that 6.6e-5 at 24 characters: a missed key costs more than a reported
 * name, which an ignore comment settles.
 */
export function isIdentifierShaped(body: string): boolean {
  if (!/^[A-Za-z]+$/.test(body)) return false;
  if (body === body.toUpperCase()) return true;
  for (let i = 0; i < body.length; i++) {
    if (isUpperCase(body.charCodeAt(i)) && !(isLowerCase(body.charCodeAt(i + 1)) && isLowerCase(body.charCodeAt(i + 2)))) return false;
  }
  return true;
}

function isUpperCase(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

function isLowerCase(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

/** True when a free-form string (with separators) reads as a placeholder: `your-key-here`. */
export function looksLikePlaceholderText(text: string): boolean {
  const letters = text.replace(/[^A-Za-z0-9]/g, "");
  if (letters.length === 0) return true;
  return wordCoverage(letters) >= WORD_COVERAGE || histogram(letters).distinct < 4;
}

export function shannonEntropy(text: string): number {
  return histogram(text).entropy;
}

/** Per ASCII code, how often it occurs in the text being counted; zero between calls. */
const ASCII_COUNTS = new Uint32Array(128);

/**
 * Distinct characters and Shannon entropy (bits per character) in one pass. Every
 * key-shaped token goes through here, most of them too short or too regular to be keys
 * (a 10 MB file of `sk_…` tokens is millions of calls), so ASCII text, which key bodies
 * are, is counted in a reused table rather than a Map of one-character strings.
 */
function histogram(text: string): { distinct: number; entropy: number } {
  const n = text.length;
  if (n === 0) return { distinct: 0, entropy: 0 };
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) >= 128) return generalHistogram(text);
  for (let i = 0; i < n; i++) ASCII_COUNTS[text.charCodeAt(i)]!++;
  let distinct = 0;
  let entropy = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const count = ASCII_COUNTS[code]!;
    if (count === 0) continue; // counted at its first occurrence
    ASCII_COUNTS[code] = 0;
    distinct++;
    const p = count / n;
    entropy -= p * Math.log2(p);
  }
  return { distinct, entropy };
}

function generalHistogram(text: string): { distinct: number; entropy: number } {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / n;
    entropy -= p * Math.log2(p);
  }
  return { distinct: counts.size, entropy };
}

/** Share of neighbouring pairs that step by one: random bodies score about 3%. */
function sequentialShare(text: string): number {
  const lower = text.toLowerCase();
  let steps = 0;
  for (let i = 1; i < lower.length; i++) {
    const step = lower.charCodeAt(i) - lower.charCodeAt(i - 1);
    if (step === 1 || step === -1) steps++;
  }
  return lower.length > 1 ? steps / (lower.length - 1) : 0;
}

function wordCoverage(text: string): number {
  let covered = 0;
  WORD_PATTERN.lastIndex = 0;
  for (let m = WORD_PATTERN.exec(text); m !== null; m = WORD_PATTERN.exec(text)) {
    covered += m[0].length;
  }
  return covered / text.length;
}
