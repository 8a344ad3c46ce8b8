/**
 * What the text around a key says about whose key it is: the name it is assigned to on
 * its line (`ELEVENLABS_API_KEY=`, `"deepseek": {"key": …`), else the YAML/JSON key or
 * the TOML/INI section that encloses it. Only looked at for tokens that are keys, so it
 * costs nothing on text without keys; every look is bounded, so it stays linear.
 */
import { OTHER_KIND, ROXELS_CONTEXT, VENDORS } from "./vendors.js";
import { hasRoxelsSecretShape, type KeyKind } from "./grammar.js";

/** How far back on the key's own line a name is looked for. */
const LINE_WINDOW = 160;
/** How many characters above the key's line the enclosing key or section is looked for. */
const ENCLOSING_WINDOW = 8192;

type Named = { readonly roxels: true } | { readonly rows: ReadonlyArray<(typeof VENDORS)[number]> };

const WORDS = new Map<string, Named>();
for (const word of ROXELS_CONTEXT) WORDS.set(word, { roxels: true });
for (const vendor of VENDORS) {
  for (const word of vendor.context) {
    const named = WORDS.get(word);
    const rows = named && "rows" in named ? [...named.rows, vendor] : [vendor];
    WORDS.set(word, { rows });
  }
}
// Longest first, so that `eleven_labs` is not read as something shorter inside it.
const WORD_PATTERN = new RegExp([...WORDS.keys()].sort((a, b) => b.length - a.length).map(escape).join("|"), "g");

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What the last key's look above found, so that the next key's look stops at that key's
 * line: a file of many keys is then read upwards once in all, not once a key.
 */
export interface ContextMemo {
  lineStart: number;
  indent: number;
  named: Named | null;
}

export function newContextMemo(): ContextMemo {
  return { lineStart: -1, indent: -1, named: null };
}

/** Where an encoded value that holds a key stands in the text around it. */
export interface OuterPlace {
  readonly text: string;
  readonly index: number;
}

/**
 * The kind a key of `kind` (what its token alone says) has in its context. `from` is
 * where the key's own context may start at the earliest (just past the previous key), so
 * that `A_KEY=sk_… B_KEY=sk_…` gives each key its own name. `outer` is where the base64
 * value that held the key stands: a decoded value rarely names its vendor, but the name
 * it is assigned to does (`DEEPSEEK_API_KEY: c2stZjA…` in a Kubernetes secret).
 */
export function kindInContext(text: string, index: number, from: number, token: string, kind: KeyKind, memo: ContextMemo = newContextMemo(), outer?: OuterPlace): KeyKind {
  if (kind === "roxels-embed") return kind;
  let named = namesAround(text, index, from, token, memo);
  if (named.length === 0 && outer !== undefined) named = namesAround(outer.text, outer.index, 0, token, newContextMemo());
  if (named.length === 0) return kind;
  const last = named[named.length - 1]!;
  // Named as Roxels: a Roxels key when its shape alone leaves the vendor open (a hex body,
  // `other-sk`) and the grammar has room for it. A shape only one vendor issues (48 hex
  // digits, OpenAI's legacy marker) says whose it is whatever the name: it is never sent
  // to the Roxels API on the strength of a name.
  if ("roxels" in last) return kind === OTHER_KIND && hasRoxelsSecretShape(token) ? "roxels-secret" : kind;
  // The last vendor named whose shape the key has: `moonshot_client = OpenAI(api_key=sk-…`
  // names OpenAI last, but the key has Moonshot's shape, not OpenAI's. A Roxels word
  // before them does not count: a key named as another vendor's is never sent to Roxels.
  for (let i = named.length - 1; i >= 0; i--) {
    const word = named[i]!;
    if ("roxels" in word) break;
    for (const row of word.rows) if (row.token.test(token)) return row.kind;
  }
  // Named as another vendor's, in a shape that vendor does not use: still not a Roxels key.
  return kind === "roxels-secret" ? OTHER_KIND : kind;
}

/**
 * The vendor words that name a key, in the order they stand: those before it on its line,
 * else the enclosing key or section above it; then the hosts of URLs just after it, which
 * count only when nothing before named a vendor whose shape the key has
 * (`OpenAI(api_key="sk-…", base_url="https://api.deepseek.com")`).
 */
function namesAround(text: string, index: number, from: number, token: string, memo: ContextMemo): Named[] {
  const before = namedBefore(text, index, from);
  const named = before.length > 0 ? before : nonNull(namedAbove(text, index, memo));
  if (named.some((word) => "roxels" in word || word.rows.some((row) => row.token.test(token)))) return named;
  const after = hostsAfter(text, index + token.length);
  return after.length > 0 ? [...named, ...after.reverse()] : named;
}

function nonNull(named: Named | null): Named[] {
  return named === null ? [] : [named];
}

/** The vendor words between the start of the key's line (or `from`) and the key. */
function namedBefore(text: string, index: number, from: number): Named[] {
  const floor = Math.max(from, index - LINE_WINDOW, 0);
  let start = index;
  while (start > floor) {
    const code = text.charCodeAt(start - 1);
    // A line, or a statement of a minified line, ends the key's context.
    if (code === 0x0a || code === 0x0d || code === 0x3b) break;
    start--;
  }
  return wordsIn(text.slice(start, index));
}

/** How far after a key, over at most a few lines, URLs are looked for. */
const AFTER_WINDOW = 240;
const AFTER_LINES = 3;
const URL_HOST = /https?:\/\/([a-z0-9.-]+)/g;

/**
 * Vendor words in the hosts of the URLs after a key, up to the next key: a client made
 * with a key and a base URL (`api.deepseek.com`, `api.moonshot.cn`) on the same line or
 * the next few. Hosts only: a name after the key belongs to the next key (`"x": "sk_…",
 * "revenuecat": …`), but a host is where this one is sent.
 */
function hostsAfter(text: string, end: number): Named[] {
  let stop = Math.min(text.length, end + AFTER_WINDOW);
  let lines = 0;
  for (let i = end; i < stop; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a && ++lines === AFTER_LINES) stop = i;
    // The next key's prefix: what follows is that key's.
    else if ((code === 0x73 || code === 0x72) && text.charCodeAt(i + 1) === 0x6b && (text.charCodeAt(i + 2) === 0x5f || text.charCodeAt(i + 2) === 0x2d)) stop = i;
  }
  const window = text.slice(end, stop).toLowerCase();
  const named: Named[] = [];
  URL_HOST.lastIndex = 0;
  for (let m = URL_HOST.exec(window); m !== null; m = URL_HOST.exec(window)) named.push(...wordsIn(m[1]!));
  return named;
}

function wordsIn(segment: string): Named[] {
  const lower = segment.toLowerCase();
  WORD_PATTERN.lastIndex = 0;
  const named: Named[] = [];
  for (let m = WORD_PATTERN.exec(lower); m !== null; m = WORD_PATTERN.exec(lower)) named.push(WORDS.get(m[0])!);
  return named;
}

function lastWord(segment: string): Named | null {
  return wordsIn(segment).at(-1) ?? null;
}

/**
 * The vendor word on the lines that enclose the key's line: each less indented line
 * above it (`deepseek:` over `  api_key: sk-…`, `"moonshot": {` over its members), or,
 * for a line that is not indented, the nearest `[section]` header above it.
 */
function namedAbove(text: string, index: number, memo: ContextMemo): Named | null {
  const floor = Math.max(0, index - ENCLOSING_WINDOW);
  let lineStart = index;
  while (lineStart > floor && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
  if (lineStart === floor && floor > 0) return null;
  if (lineStart === memo.lineStart) return memo.named;
  const keyIndent = indentAt(text, lineStart);
  const named = enclosingWord(text, lineStart, keyIndent, Math.max(floor, memo.lineStart), memo);
  memo.lineStart = lineStart;
  memo.indent = keyIndent;
  memo.named = named;
  return named;
}

function enclosingWord(text: string, lineStart: number, keyIndent: number, floor: number, memo: ContextMemo): Named | null {
  let indent = keyIndent;
  let end = lineStart - 1; // the line feed that ends the line above
  while (end > floor) {
    let start = end;
    while (start > floor && text.charCodeAt(start - 1) !== 0x0a) start--;
    if (start === memo.lineStart) break; // the last key's line: what it found above holds here too
    const line = text.slice(start, Math.min(end, start + LINE_WINDOW));
    end = start - 1;
    if (line.trim() === "") continue;
    const lineIndent = indentAt(text, start);
    if (indent === 0) {
      if (line.charCodeAt(0) !== 0x5b) continue; // `[`: a TOML or INI section
      return lastWord(line);
    }
    if (lineIndent >= indent) continue;
    const named = lastWord(line);
    if (named !== null) return named;
    indent = lineIndent;
    if (indent === 0) return null;
  }
  // Stopped at the last key's line: the same enclosing line holds when the search had
  // come up to that key's own depth.
  return end > floor && memo.indent === indent ? memo.named : null;
}

function indentAt(text: string, lineStart: number): number {
  let at = lineStart;
  while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at++;
  return at - lineStart;
}
