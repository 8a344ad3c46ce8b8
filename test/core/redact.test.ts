/** core's redactKeys: the last line of defence for text that may echo a key. */
import { describe, expect, it } from "vitest";
import { maskKey, redactKeys } from "@roxels-guard/core";
import { anthropicKey, embedKey, openaiProjectKey, secretKey, stripeKey } from "../support/keys.js";
import { pick, random, randomInt } from "../support/random.js";

describe("redactKeys", () => {
  it("masks each key standing in the text and keeps the rest", () => {
    const [a, b] = [secretKey(), secretKey({ hyphen: true })];
    expect(redactKeys(`cannot read ${a}/x, nor ${b}.`)).toBe(`cannot read ${maskKey(a)}/x, nor ${maskKey(b)}.`);
  });

  it("masks a run that only starts like a key with keyShaped", () => {
    const cut = secretKey().slice(0, 20);
    expect(redactKeys(`token ${cut}`)).toBe(`token ${cut}`);
    expect(redactKeys(`token ${cut}`, { keyShaped: true })).toBe(`token ${cut.slice(0, 3)}…`);
  });

  it("masks a base64 value that holds keys with encoded, once for the whole value", () => {
    const [a, b] = [secretKey(), secretKey()];
    const value = Buffer.from(`ROXELS_KEY=${a}\nBACKUP_KEY=${b}\n`).toString("base64");
    expect(redactKeys(`reason: ${value} end`)).toBe(`reason: ${value} end`);
    const hidden = redactKeys(`reason: ${value} end`, { encoded: true });
    expect(hidden).toBe(`reason: ${maskKey(a)} end`);
  });
});

/**
 * Text from a server or a report file, fuzzed with the run's seed (test/support/random.ts):
 * keys of every kind glued to other text, percent-encoded, HTML- or backslash-escaped and
 * split by invisible characters, character by character at random. Whatever the disguise,
 * the redacted text, read as a person or a decoder would read it, holds neither the key
 * nor the middle of its body that a masked key never shows.
 */
describe("redactKeys on untrusted text, fuzzed", () => {
  const KEYS = [() => secretKey(), () => secretKey({ hyphen: true }), () => embedKey(), () => stripeKey(), () => openaiProjectKey(), () => anthropicKey()];
  const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"];
  const GLUE = ["invalid_key_", "key=", "token:", "x", "Bearer ", "abc123", "_", "-", "%20", "", "(", "'"];
  const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");

  /** One character written as one of the escapes a reader would decode. */
  function disguise(char: string): string {
    const code = char.charCodeAt(0);
    switch (randomInt(8)) {
      case 0:
        return `%${hex(code, 2).toUpperCase()}`;
      case 1:
        return `&#${code};`;
      case 2:
        return `&#x${hex(code, 2)};`;
      case 3:
        return `\\x${hex(code, 2)}`;
      case 4:
        return `\\u${hex(code, 4)}`;
      default:
        return char;
    }
  }

  function disguised(key: string): string {
    const escapes = random() < 0.5;
    const splits = random() < 0.6;
    let out = "";
    for (const char of key) {
      out += escapes && random() < 0.3 ? disguise(char) : char;
      if (splits && random() < 0.15) out += pick(INVISIBLE);
    }
    return out;
  }

  /** An independent reading of the text: escapes decoded, invisible characters dropped. */
  function read(text: string): string {
    return text
      .replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#[xX]([0-9A-Fa-f]+);/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
      .replace(/\\x([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\u([0-9A-Fa-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/[\p{Cf}\u00ad]/gu, "");
  }

  it("never leaves a key readable, however it is glued, escaped or split", () => {
    for (let i = 0; i < 3000; i++) {
      const keys = Array.from({ length: 1 + randomInt(3) }, () => pick(KEYS)());
      const text = keys.map((key) => `${pick(GLUE)}${disguised(key)}${pick(["", " ", "_x", "\"", ".", "sk_"])}`).join(pick([" ", "", "\n", ", "]));
      const shown = read(redactKeys(text, { keyShaped: true }));
      for (const key of keys) {
        const body = key.slice(3);
        const middle = body.slice(4, -4);
        if (shown.includes(key) || shown.includes(middle)) {
          expect.fail(`case ${i}: a key of ${key.length} characters stays readable in ${JSON.stringify(redactKeys(text, { keyShaped: true }).slice(0, 120))}`);
        }
      }
    }
  });

  it("leaves text without a key exactly as it was, escapes and invisible characters included", () => {
    const pieces = ["disk_usage_task_id", "50% off", "%41%42", "&#65;&amp;", "\\x41", "\u200b", "rate limited", "risk-free", "ask_me", "sk_short", "tsk_abcdefghijklmnop"];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + randomInt(6) }, () => pick(pieces)).join(pick([" ", "", "_"]));
      const out = redactKeys(text, { keyShaped: true });
      // Only a run that starts like a key may be shortened: 12 characters after a prefix
      // standing on its own, a whole key's length after one glued to a word.
      const keyShaped = /(?<![A-Za-z0-9])[sr]k[_-][A-Za-z0-9_-]{12,}|[sr]k[_-][A-Za-z0-9_-]{24,}/.test(read(text));
      if (keyShaped) expect(out).not.toBe(text);
      else expect(out, JSON.stringify(text)).toBe(text);
    }
  });
});
