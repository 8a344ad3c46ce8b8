/**
 * The key grammar of the Roxels API contract, and the other vendors' keys that look
 * like Roxels keys. This file decides what a token is; `find-keys.ts` decides where
 * tokens start and end.
 */
import { isIdentifierShaped, looksLikePlaceholderText, placeholderReason, type PlaceholderReason } from "./placeholder.js";

export type KeyKind =
  | "roxels-secret"
  | "roxels-embed"
  | "stripe-secret"
  | "stripe-restricted"
  | "openai"
  | "anthropic";

/** Kinds that are findings: everything but the embed key, which is meant for browsers. */
export const FINDING_KINDS: readonly KeyKind[] = [
  "roxels-secret",
  "stripe-secret",
  "stripe-restricted",
  "openai",
  "anthropic",
];

export const KIND_DESCRIPTIONS: Readonly<Record<KeyKind, string>> = {
  "roxels-secret": "Roxels secret key",
  "roxels-embed": "Roxels embed key",
  "stripe-secret": "Stripe secret key",
  "stripe-restricted": "Stripe restricted key",
  openai: "OpenAI API key",
  anthropic: "Anthropic API key",
};

/** Where to rotate a key of each kind: the one-line "what now" of every report. */
export const KIND_ADVICE: Readonly<Record<KeyKind, string>> = {
  "roxels-secret":
    "revoke it (roxels-guard revoke) and create a new key in the Roxels dashboard; keep it in a server-side env var",
  "roxels-embed": "embed keys are meant for the browser; nothing to do",
  "stripe-secret": "not a Roxels key: roll it in the Stripe dashboard",
  "stripe-restricted": "not a Roxels key: roll it in the Stripe dashboard",
  openai: "not a Roxels key: revoke it in the OpenAI dashboard",
  anthropic: "not a Roxels key: revoke it in the Anthropic console",
};

export function isRoxelsSecret(kind: KeyKind | null | undefined): kind is "roxels-secret" {
  return kind === "roxels-secret";
}

/** How every key of every kind begins: a secret or restricted prefix and a separator. */
export const KEY_PREFIXES: readonly string[] = ["sk_", "sk-", "rk_", "rk-"];

/** Body length bounds of a Roxels key (contract: 24 to 64 of `[A-Za-z0-9]`). */
export const ROXELS_BODY_MIN = 24;
export const ROXELS_BODY_MAX = 64;

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

const STRIPE = /^([sr])k_(?:live|test)_([A-Za-z0-9]{16,247})$/;
const ANTHROPIC = /^sk-ant-(?:[a-z]+\d{2}-)?([A-Za-z0-9_-]{32,})$/;
const OPENAI_SCOPED = /^sk-(?:proj|svcacct|admin)-([A-Za-z0-9_-]{20,})$/;
// OpenAI's legacy keys embed the base64 of "OpenAI" in the middle.
const OPENAI_LEGACY = /^sk-[A-Za-z0-9]{10,}T3BlbkFJ[A-Za-z0-9]{10,}$/;
const ROXELS = /^([sr])k[_-]([A-Za-z0-9]+)$/;

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

  const stripe = STRIPE.exec(token);
  if (stripe) {
    const rest = stripe[2]!;
    const reason = placeholderReason(rest);
    if (reason) return { rejected: reason };
    return { kind: stripe[1] === "s" ? "stripe-secret" : "stripe-restricted", prefixLength: token.length - rest.length };
  }

  if (first === 0x73 && separator === 0x2d) {
    const vendor = ANTHROPIC.exec(token) ?? OPENAI_SCOPED.exec(token);
    if (vendor) {
      const rest = vendor[1]!;
      if (looksLikePlaceholderText(rest)) return { rejected: "placeholder-words" };
      return { kind: token.startsWith("sk-ant-") ? "anthropic" : "openai", prefixLength: token.length - rest.length };
    }
    if (OPENAI_LEGACY.test(token)) return { kind: "openai", prefixLength: 3 };
  }

  const roxels = ROXELS.exec(token);
  if (roxels) {
    const roxelsBody = roxels[2]!;
    if (roxelsBody.length < ROXELS_BODY_MIN || roxelsBody.length > ROXELS_BODY_MAX) {
      const reason = roxelsBody.length >= 8 ? placeholderReason(roxelsBody) : null;
      return reason ? { rejected: reason } : null;
    }
    const reason = placeholderReason(roxelsBody) ?? (isIdentifierShaped(roxelsBody) ? "identifier" : null);
    if (reason) return { rejected: reason };
    return { kind: roxels[1] === "s" ? "roxels-secret" : "roxels-embed", prefixLength: 3 };
  }

  // `sk_your_key_here`, `sk-your-key-here`: placeholder prose with separators.
  if (body.length >= 8 && looksLikePlaceholderText(body)) return { rejected: "placeholder-words" };
  return null;
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
