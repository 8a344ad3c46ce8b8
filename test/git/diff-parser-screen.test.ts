/**
 * The diff reader's byte screen (`mayHold`): each batch of added lines is offered as
 * bytes before it becomes strings, exactly the text `added` then gets joined with "\n";
 * a batch the screen turns down never reaches `added`. The history and staged scans
 * screen with core's mayHoldKey, so a screened-out batch must be one findKeys finds
 * nothing in (with and without --explain).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { ROOT } from "./support/repo.js";

const { DiffParser } = await import(pathToFileURL(path.join(ROOT, "packages/scanner/dist/git/diff-parser.js")).href);
const { findKeys, mayHoldKey } = await import(pathToFileURL(path.join(ROOT, "packages/core/dist/index.js")).href);

const key = secretKey();
const PATCH = [
  "\x01aaa\0ada@example.com\x002024-01-01T00:00:00+00:00",
  "diff --git a/one.js b/one.js",
  "index 1111111..2222222 100644",
  "--- a/one.js",
  "+++ b/one.js",
  "@@ -1,2 +1,4 @@",
  " const a = 1;",
  "+const b = 2;",
  "-const gone = 0;",
  "+const c = 3;",
  " const d = 4;",
  "@@ -10,1 +12,2 @@",
  "+// roxels-guard-ignore-next-line",
  "+const secret = 'caf\xc3\xa9';",
  "diff --git a/two.env b/two.env",
  "new file mode 100644",
  "index 0000000..3333333",
  "--- /dev/null",
  "+++ b/two.env",
  "@@ -0,0 +1,2 @@",
  "+NAME=x",
  `+ROXELS_API_KEY=${key}`,
  "diff --git a/three.txt b/three.txt",
  "new file mode 100644",
  "index 0000000..4444444",
  "--- /dev/null",
  "+++ b/three.txt",
  "@@ -0,0 +1,1 @@",
  "+sk_your_key_here is a placeholder",
  "",
].join("\n");

function run(screen: ((batch: Buffer, bytes: number) => boolean) | undefined, chunkSize: number) {
  const offered: Array<{ text: string; bytes: number }> = [];
  const delivered: Array<{ path: string; text: string; bytes: number }> = [];
  const parser = new DiffParser({
    file: () => true,
    added: (f: { path: string }, lines: string[], _numbers: number[], bytes: number) => delivered.push({ path: f.path, text: lines.join("\n"), bytes }),
    ...(screen
      ? {
          mayHold: (batch: Buffer, bytes: number) => {
            offered.push({ text: batch.toString("latin1"), bytes });
            return screen(batch, bytes);
          },
        }
      : {}),
  });
  const all = Buffer.from(PATCH, "latin1");
  for (let i = 0; i < all.length; i += chunkSize) parser.push(all.subarray(i, i + chunkSize));
  parser.end();
  return { offered, delivered };
}

describe("the diff reader's byte screen", () => {
  it("offers each batch as the bytes of the text `added` gets, however the output is cut", () => {
    const unscreened = run(undefined, 1 << 16).delivered;
    expect(unscreened.map((d) => d.path)).toEqual(["one.js", "two.env", "three.txt"]);
    for (const chunkSize of [1, 3, 64, 1 << 16]) {
      const { offered, delivered } = run(() => true, chunkSize);
      expect(offered).toEqual(unscreened.map(({ text, bytes }) => ({ text, bytes })));
      expect(delivered).toEqual(unscreened);
    }
  });

  it("does not deliver a batch the screen turns down", () => {
    const { offered, delivered } = run((batch) => batch.includes("ROXELS_API_KEY"), 7);
    expect(offered).toHaveLength(3);
    expect(delivered.map((d) => d.path)).toEqual(["two.env"]);
  });

  it("with core's mayHoldKey, keeps every batch where findKeys finds a key or a rejected candidate", () => {
    for (const explain of [false, true]) {
      const { offered, delivered } = run((batch) => mayHoldKey(batch, explain), 5);
      for (const { text } of offered) {
        let rejected = false;
        const matches = findKeys(text, explain ? { onRejected: () => (rejected = true) } : {});
        const kept = delivered.some((d) => d.text === text);
        if (matches.length > 0 || rejected) expect(kept).toBe(true);
      }
      // The batch of plain code is screened out; the key's batch never is.
      expect(delivered.map((d) => d.path)).not.toContain("one.js");
      expect(delivered.map((d) => d.path)).toContain("two.env");
    }
  });
});
