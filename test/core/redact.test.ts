/** core's redactKeys: the last line of defence for text that may echo a key. */
import { describe, expect, it } from "vitest";
import { maskKey, redactKeys } from "@roxels-guard/core";
import { secretKey } from "../support/keys.js";

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
