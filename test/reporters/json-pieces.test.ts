/**
 * Reports written in pieces: the same bytes as `JSON.stringify(value, null, 2)`, however
 * the streamed arrays nest and whatever they hold (empty, one element, strings with line
 * breaks and quotes, nested objects), and elements are made only as the writer reaches them.
 */
import { describe, expect, it } from "vitest";
import { jsonPieces, mapped, Streamed } from "@roxels-guard/reporters";

/** The value with every Streamed replaced by a plain array: what JSON.stringify would have been given. */
function plain(value: unknown): unknown {
  if (value instanceof Streamed) return [...value.items].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const odd = { text: 'line\nbreak "quoted" \\ \u2026', n: -1.5, none: null, empty: {}, list: [], nested: { a: [1, { b: "c" }] } };

describe("jsonPieces", () => {
  const cases: Record<string, () => unknown> = {
    "a streamed array at the top": () => new Streamed([odd, 2, "three"]),
    "an empty streamed array": () => ({ version: 1, findings: new Streamed([]), stats: { files: 0 } }),
    "one element": () => ({ findings: new Streamed([odd]) }),
    "streamed arrays inside arrays and objects, beside plain ones": () => ({
      $schema: "x",
      runs: [{ tool: { rules: [{ id: "a" }] }, results: new Streamed([odd, odd]), after: [1, 2] }],
      tail: new Streamed([[1, [2, {}]], "s"]),
    }),
    "an undefined property, left out": () => ({ a: undefined, b: new Streamed([1]) }),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`writes ${name} exactly as JSON.stringify(…, null, 2)`, () => {
      expect([...jsonPieces(make())].join("")).toBe(JSON.stringify(plain(make()), null, 2));
    });
  }

  it("makes each element only when the writer reaches it", () => {
    const made: number[] = [];
    const pieces = jsonPieces({ results: new Streamed(mapped([1, 2, 3], (n) => (made.push(n), { n }))) });
    let text = "";
    for (const piece of pieces) {
      text += piece;
      // Never more than the element being written is made ahead of the text.
      expect(made.length).toBeLessThanOrEqual((text.match(/"n"/g) ?? []).length + 1);
    }
    expect(made).toEqual([1, 2, 3]);
    expect(JSON.parse(text)).toEqual({ results: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });
});
