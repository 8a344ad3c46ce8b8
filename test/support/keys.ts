/**
 * Keys for tests, made at run time so that no realistic key is ever committed outside
 * fixtures/. Bodies are random letters and digits, so they pass the placeholder rules;
 * drawn from the run's seed (random.ts), so a failure replays with the same keys.
 */
import { randomBytes, randomBytesFrom, seededRandom } from "./random.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Every kind of test key, drawn from `bytes`. The run's keys come from the run's seed;
 * `keysFromSeed` makes a fixed set for output compared byte for byte (golden files).
 */
function keyMaker(bytes: (length: number) => Buffer) {
  /**
   * Random letters and digits, with at least one digit (when `length` > 0): a body without
   * one may read as an identifier (core's `isIdentifierShaped`, one 24-character body in
   * 15,000), and a test must never fail by that chance. Drawing again until there is a digit
   * keeps every such body equally likely.
   */
  function randomBody(length = 32): string {
    for (;;) {
      const out = randomCharacters(length);
      if (length === 0 || /[0-9]/.test(out)) return out;
    }
  }

  function randomCharacters(length: number): string {
    let out = "";
    while (out.length < length) {
      for (const byte of bytes(length * 2)) {
        // Rejection sampling keeps every character equally likely.
        if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
      }
    }
    return out;
  }

  /** A Roxels secret key, `sk_` form by default, `sk-` with `{ hyphen: true }`. */
  function secretKey(options: { hyphen?: boolean; length?: number } = {}): string {
    return `sk${options.hyphen ? "-" : "_"}${randomBody(options.length ?? 32)}`;
  }

  function embedKey(options: { hyphen?: boolean; length?: number } = {}): string {
    return `rk${options.hyphen ? "-" : "_"}${randomBody(options.length ?? 32)}`;
  }

  function stripeKey(mode: "live" | "test" = "live", restricted = false): string {
    return `${restricted ? "rk" : "sk"}_${mode}_${randomBody(32)}`;
  }

  function openaiProjectKey(): string {
    return `sk-proj-${randomBody(48)}_${randomBody(24)}-${randomBody(20)}`;
  }

  function openaiLegacyKey(): string {
    return `sk-${randomBody(20)}T3BlbkFJ${randomBody(20)}`;
  }

  function anthropicKey(): string {
    return `sk-ant-api03-${randomBody(80)}-${randomBody(12)}AA`;
  }

  return { randomBody, secretKey, embedKey, stripeKey, openaiProjectKey, openaiLegacyKey, anthropicKey };
}

export type TestKeys = ReturnType<typeof keyMaker>;

export const { randomBody, secretKey, embedKey, stripeKey, openaiProjectKey, openaiLegacyKey, anthropicKey }: TestKeys = keyMaker(randomBytes);

/** The same keys every run, whatever the run's seed: for outputs kept in golden files. */
export function keysFromSeed(seed: number): TestKeys {
  const next = seededRandom(seed);
  return keyMaker((length) => randomBytesFrom(next, length));
}

/**
 * How every output shows a key: its prefix (`sk_`; pass the length of a longer one, such
 * as `sk_live_`), the first four characters after it, `…`, and its last four.
 */
export function masked(key: string, prefixLength = 3): string {
  return `${key.slice(0, prefixLength + 4)}…${key.slice(-4)}`;
}
