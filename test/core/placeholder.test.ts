/** core's placeholder measures, held to a plain reference implementation. */
import { describe, expect, it } from "vitest";
import { placeholderReason, shannonEntropy } from "@roxels-guard/core";
import { randomBody } from "../support/keys.js";

function referenceEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / text.length) * Math.log2(count / text.length);
  return entropy;
}

describe("shannonEntropy", () => {
  it("matches a plain count on random and regular text, call after call", () => {
    const texts = [
      ...Array.from({ length: 200 }, (_, i) => randomBody(1 + (i % 64))),
      "aaaaaaaaaaaaaaaaaaaaaaaa",
      "abababababababababababab",
      "AAAAbbbb0000",
      "x",
      "",
    ];
    // Twice through, so that a count left over from one call would show in the next.
    for (const text of [...texts, ...texts]) expect(shannonEntropy(text), text).toBeCloseTo(referenceEntropy(text), 12);
  });

  it("counts characters outside ASCII as characters", () => {
    expect(shannonEntropy("ééééaaaa")).toBeCloseTo(1, 12);
  });
});

describe("placeholderReason", () => {
  it("gives the same answer however often a body was seen before", () => {
    const bodies = ["aaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwx", randomBody(32), "yourkeyhereyourkeyhere12"];
    const first = bodies.map((b) => placeholderReason(b));
    expect(first).toEqual(["repetitive", "sequential", null, "low-entropy"]);
    expect(bodies.map((b) => placeholderReason(b))).toEqual(first);
  });
});
