/**
 * Other vendors' keys for tests, made at run time from `randomBody` (so they follow its
 * seeding): no realistic key is committed outside fixtures/.
 */
import { randomBody } from "./keys.js";

const HEX = "0123456789abcdef";

/** `length` lowercase hex digits, with at least one letter and one digit. */
export function hexBody(length: number): string {
  for (;;) {
    const out = [...randomBody(length)].map((c) => HEX[c.charCodeAt(0) % 16]).join("");
    if (/[a-f]/.test(out) && /[0-9]/.test(out)) return out;
  }
}

/** One key of each vendor in core's table, keyed by the kind it should get. */
export const vendorKeys = {
  elevenlabs: () => `sk_${hexBody(48)}`,
  deepseek: () => `sk-${hexBody(32)}`,
  dashscope: () => `sk-${hexBody(32)}`,
  moonshot: () => `sk-${randomBody(48)}`,
  paystack: (mode: "live" | "test" = "live") => `sk_${mode}_${hexBody(40)}`,
  clerk: (mode: "live" | "test" = "test") => `sk_${mode}_${randomBody(42)}`,
  revenuecat: () => `sk_${randomBody(32)}`,
  openrouter: () => `sk-or-v1-${hexBody(64)}`,
  langfuse: () => `sk-lf-${hexBody(8)}-${hexBody(4)}-${hexBody(4)}-${hexBody(4)}-${hexBody(12)}`,
};
