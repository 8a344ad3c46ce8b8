/**
 * The key grammar of the Roxels API contract, and the other vendors' keys that look
 * like Roxels keys. This file decides what a token is; `find-keys.ts` decides where
 * tokens start and end.
 */
import { OTHER_KIND, VENDORS, type VendorKind } from "./vendors.js";
import { isIdentifierShaped, looksLikePlaceholderText, placeholderReason, type PlaceholderReason } from "./placeholder.js";

export type KeyKind = "roxels-secret" | "roxels-embed" | VendorKind | typeof OTHER_KIND;

/** Kinds that are findings: everything but the embed key, which is meant for browsers. */
export const FINDING_KINDS: readonly KeyKind[] = ["roxels-secret", ...new Set(VENDORS.map((v) => v.kind)), OTHER_KIND];

function fromVendors(field: "description" | "advice" | "severity", roxels: Record<"roxels-secret" | "roxels-embed" | typeof OTHER_KIND, string>): Readonly<Record<KeyKind, string>> {
  const out: Record<string, string> = { ...roxels };
  for (const vendor of VENDORS) out[vendor.kind] ??= field === "advice" ? `not a Roxels key: ${vendor.advice}` : vendor[field];
  return out as Record<KeyKind, string>;
}

export const KIND_DESCRIPTIONS: Readonly<Record<KeyKind, string>> = fromVendors("description", {
  "roxels-secret": "Roxels secret key",
  "roxels-embed": "Roxels embed key",
  [OTHER_KIND]: "secret key of another vendor",
});

/** Where to rotate a key of each kind: the one-line "what now" of every report. */
export const KIND_ADVICE: Readonly<Record<KeyKind, string>> = fromVendors("advice", {
  "roxels-secret":
    "revoke it (roxels-guard revoke) and create a new key in the Roxels dashboard; keep it in a server-side env var",
  "roxels-embed": "embed keys are meant for the browser; nothing to do",
  [OTHER_KIND]: "not a Roxels key (its shape or the name it is assigned to says so): rotate it in the dashboard of the service that issued it",
});

/** GitHub's 0-10 severity scale (SARIF): a Roxels secret key grants full access to an org. */
export const KIND_SEVERITY: Readonly<Record<KeyKind, string>> = fromVendors("severity", {
  "roxels-secret": "9.5",
  "roxels-embed": "1.0",
  [OTHER_KIND]: "8.0",
});

export function isRoxelsSecret(kind: KeyKind | null | undefined): kind is "roxels-secret" {
  return kind === "roxels-secret";
}

/** How every key of every kind begins: a secret or restricted prefix and a separator. */
export const KEY_PREFIXES: readonly string[] = ["sk_", "sk-", "rk_", "rk-"];

/** Body length bounds of a Roxels key (contract: 24 to 64 of `[A-Za-z0-9]`). */
export const ROXELS_BODY_MIN = 24;
export const ROXELS_BODY_MAX = 64;

/**
 * Fewest token characters after the prefix in any key of any kind (`sk_live_` + 16,
 * Stripe's shortest): in a binary, where a candidate needs no boundary, what sets a key
 * apart from `sk_` in random bytes.
 */
export const MIN_KEY_TAIL = 16;

/**
 * Longest token worth classifying. Vendor keys are the long ones (OpenAI project keys
 * run to ~170 characters); anything longer is a blob, not a key.
 */
export const MAX_TOKEN_LENGTH = 256;

/**
 * Why a key-shaped token is not a key (`--explain`). `suffixed`: a Roxels key glued to
 * more token characters after a separator (`sk_…-2024`), which makes the whole token no
 * key; decided where tokens end, in find-keys.ts.
 */
export type RejectReason = PlaceholderReason | "empty" | "suffixed";

export type Classification =
  | { readonly kind: KeyKind; readonly prefixLength: number }
  | { readonly rejected: RejectReason };

const ROXELS = /^([sr])k[_-]([A-Za-z0-9]+)$/;

/**
 * A secret key of a vendor the table does not know, with words before its random part
 * (OpenAI's user keys `sk-None-…` before the table named them, `sk_prod_…`, `sk-myapp-…`,
 * `sk_test_v2_…`). A word is a letter, up to nine small letters and up to two digits: a
 * Roxels body cut by an underscore (`sk_AbC3dEfGh1Jk_…`) is no word and no key. Only
 * when the part after the last separator is random (`hasRandomMix`): names made of words
 * (`sk-loading-spinner`, `sk_buff_head`) have no digit among mixed-case letters.
 */
const SEGMENTED = /^sk[_-](?:[A-Za-z][a-z]{0,9}\d{0,2}[_-]){1,3}([A-Za-z0-9]{20,128})$/;

/**
 * Whether the letters and digits in [start, end) hold a digit, two capitals and two small
 * letters: what a random body of 20 or more characters nearly always has, and a name made
 * of words nearly never. The one rule for a key glued to a binary's bytes
 * (find-keys.ts `randomGluedBody`, and the kernel's `$randomBody`, held to it by the tests)
 * and for the random part of a key with words before it (SEGMENTED).
 */
export function hasRandomMix(text: string | Uint8Array, start: number, end: number): boolean {
  let digits = 0;
  let upper = 0;
  let lower = 0;
  for (let i = start; i < end; i++) {
    const code = typeof text === "string" ? text.charCodeAt(i) : text[i]!;
    if (code <= 0x39) digits++;
    else if (code <= 0x5a) upper++;
    else lower++;
  }
  return digits >= 1 && upper >= 2 && lower >= 2;
}

const LOWER_HEX = /^[0-9a-f]+$/;
const UPPER_HEX = /^[0-9A-F]+$/;

/** Whether a Roxels-shaped body is only hex digits of one case: some other vendor's key. */
export function isHexBody(body: string): boolean {
  return LOWER_HEX.test(body) || UPPER_HEX.test(body);
}

/**
 * Classify one whole token: a maximal run of `[A-Za-z0-9_-]` that starts with
 * `sk`/`rk` and a separator at a token boundary (or that run without the `-`/`_` glued to
 * its end: find-keys.ts). Returns the kind, a reason it is not a key (for `--explain`),
 * or null when it is simply not key-shaped (`sk_buff`).
 */
export function classifyToken(token: string): Classification | null {
  if (token.length < 3 || token.length > MAX_TOKEN_LENGTH) return null;
  const first = token.charCodeAt(0);
  if ((first !== 0x73 && first !== 0x72) || token.charCodeAt(1) !== 0x6b) return null;
  const separator = token.charCodeAt(2);
  if (separator !== 0x5f && separator !== 0x2d) return null;
  const body = token.slice(3);
  if (body.length === 0) return { rejected: "empty" };

  for (const vendor of VENDORS) {
    if (!vendor.byShape) continue;
    const match = vendor.token.exec(token);
    if (match === null) continue;
    const rest = match[1]!;
    // Bodies with separators (Anthropic, OpenAI) are checked as prose; the rest as random characters.
    const reason = /[_-]/.test(rest) ? (looksLikePlaceholderText(rest) ? "placeholder-words" : null) : placeholderReason(rest);
    if (reason) return { rejected: reason };
    return { kind: vendor.kind, prefixLength: token.length - rest.length };
  }

  const roxels = classifyRoxelsToken(token);
  if (roxels !== undefined) return roxels;

  const segmented = SEGMENTED.exec(token);
  // Digits aside, a camelCase name (`gridTemplateColumns12Desktop`) is still words.
  const random = segmented?.[1];
  if (random !== undefined && hasRandomMix(random, 0, random.length) && !isIdentifierShaped(random.replace(/[0-9]/g, ""))) {
    const reason = placeholderReason(random);
    return reason ? { rejected: reason } : { kind: OTHER_KIND, prefixLength: token.length - random.length };
  }

  // `sk_your_key_here`, `sk-your-key-here`: placeholder prose with separators.
  if (body.length >= 8 && looksLikePlaceholderText(body)) return { rejected: "placeholder-words" };
  return null;
}

/**
 * The token read by the Roxels grammar alone, as if no vendor row existed: undefined when
 * it is not `sk`/`rk`, a separator and only letters and digits.
 */
function classifyRoxelsToken(token: string): Classification | null | undefined {
  const roxels = ROXELS.exec(token);
  if (!roxels) return undefined;
  const roxelsBody = roxels[2]!;
  if (roxelsBody.length < ROXELS_BODY_MIN || roxelsBody.length > ROXELS_BODY_MAX) {
    const reason = roxelsBody.length >= 8 ? placeholderReason(roxelsBody) : null;
    return reason ? { rejected: reason } : null;
  }
  const reason = placeholderReason(roxelsBody) ?? (isIdentifierShaped(roxelsBody) ? "identifier" : null);
  if (reason) return { rejected: reason };
  if (roxels[1] === "r") return { kind: "roxels-embed", prefixLength: 3 };
  return { kind: isHexBody(roxelsBody) ? OTHER_KIND : "roxels-secret", prefixLength: 3 };
}

/**
 * Whether a token has the shape of a Roxels secret key: `roxels-secret`, or `other-sk`
 * with the Roxels shape (a hex-only body, which a key whose context names it as Roxels,
 * `ROXELS_SECRET_KEY=sk_…`, still is: key-context.ts), so that it may go to the API. A
 * shape only another vendor issues (`sk_live_…`, `sk-ant-…`, 48 hex digits, OpenAI's legacy marker) never has it,
 * whatever name it was found under: the API client's last guard.
 */
export function hasRoxelsSecretShape(token: string): boolean {
  const classification = classifyKey(token);
  if (classification === null || !("kind" in classification)) return false;
  // `other-sk` with words before its random part (SEGMENTED) is no Roxels shape.
  return classification.kind === "roxels-secret" || (classification.kind === OTHER_KIND && ROXELS.test(token.trim()));
}

/**
 * Classify a string that should be exactly one key (a value from `--stdin`, a JSX
 * attribute): the same rules as in running text, on the trimmed string.
 */
export function classifyKey(value: string): Classification | null {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(trimmed)) return null;
  return classifyToken(trimmed);
}
