import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
// A unit of the scanner below its public entry points: imported from its compiled file.
import { gitignoreRules } from "../../packages/scanner/dist/gitignore-rules.js";
import { pick, randomInt } from "../support/random.js";

/**
 * gitignoreRules answers files from their folder when every pattern is a folder pattern:
 * held here to what the `ignore` package answers for the file itself.
 */
const ignore = createRequire(import.meta.url)("ignore") as () => { add(p: string[]): { ignores(p: string): boolean } };

const NAMES = ["a", "b", "dist", "vendor", "keep", "src", "x.js", ".env", "node"];
const FOLDER_PATTERNS = ["a/", "dist/", "/vendor/", "**/keep/", "!keep/", "!a/keep/", "src/*/", "a/**/b/", "#comment/", "", "*/"];

function randomPath(): string {
  const depth = 1 + randomInt(4);
  return Array.from({ length: depth }, () => pick(NAMES)).join("/");
}

describe("gitignore rules", () => {
  it("answer a file from its folder exactly as the ignore package answers the file, for folder patterns", () => {
    for (let i = 0; i < 400; i++) {
      const patterns = Array.from({ length: 1 + randomInt(4) }, () => pick(FOLDER_PATTERNS));
      const ours = gitignoreRules(patterns);
      const theirs = ignore().add(patterns);
      for (let j = 0; j < 40; j++) {
        const file = randomPath();
        expect(ours.ignores(file, false), `${JSON.stringify(patterns)} ${file}`).toBe(theirs.ignores(file));
        expect(ours.ignores(file, true), `${JSON.stringify(patterns)} ${file}/`).toBe(theirs.ignores(`${file}/`));
      }
    }
  });

  it("still test each file when a pattern can match a file", () => {
    const rules = gitignoreRules(["dist/", "*.min.js", "!keep.min.js"]);
    expect(rules.ignores("src/app.min.js", false)).toBe(true);
    expect(rules.ignores("src/keep.min.js", false)).toBe(false);
    expect(rules.ignores("dist/keep.min.js", false)).toBe(true);
    expect(rules.ignores("src/app.js", false)).toBe(false);
  });
});
