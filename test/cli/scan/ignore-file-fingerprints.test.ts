/**
 * Fingerprint lines of .roxelsguardignore and the config's allowFingerprints: what is
 * accepted, and a key pasted in their place is refused, shown masked.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, randomBody, secretKey } from "../../support/keys.js";
import { explainJson } from "./support.js";

const tree = useTempTrees();

describe(".roxelsguardignore: fingerprint lines", () => {
  it("accepts spaces around the colon, any case, and a # note with or without a space", async () => {
    const keys = Array.from({ length: 5 }, () => secretKey());
    const fp = keys.map((k) => fingerprintKey(k));
    const t = tree({
      ".roxelsguardignore": [
        `fingerprint: ${fp[0]}`,
        `fingerprint:${fp[1]}#sandbox`,
        `Fingerprint :  ${fp[2]!.toUpperCase()}   # revoked 2026-11`,
        `${fp[3]}#note`,
        `\tfingerprint:\t${fp[4]} `,
        "",
      ].join("\n"),
      "a.env": keys.map((k, i) => `K${i}=${k}`).join("\n"),
    });
    const json = await explainJson(t.dir);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    expect(json.suppressed.map((s) => s.reason)).toEqual(Array(5).fill("ignore-file"));
  });

  it("stops with the file and line of a fingerprint that is not one", async () => {
    const fp = fingerprintKey(secretKey());
    const cases: Array<[string, RegExp]> = [
      [`fingerprint:${fp.slice(1)}`, /:3: "fingerprint:" must be followed by a fingerprint, 16 hex digits/],
      [`fingerprint: ${fp}0 # note`, /:3: "fingerprint:" must be followed by a fingerprint/],
      ["fingerprint: see the wiki", /:3: "fingerprint:" must be followed by a fingerprint/],
      [`${fp.slice(1)}`, /:3: 15 hex digits: a fingerprint has 16/],
      [`${fp}${fp}  # sha-256?`, /:3: 32 hex digits: a fingerprint has 16/],
    ];
    for (const [line, message] of cases) {
      const t = tree({ ".roxelsguardignore": `# keys\ndist/\n${line}\n`, "a.txt": "x\n" });
      const result = await runCli(["scan"], { cwd: t.dir });
      expect({ line, code: result.code }).toEqual({ line, code: 2 });
      expect(result.stderr).toMatch(/^roxels-guard: \S*\.roxelsguardignore:3: /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
  });

  it("stops on a key pasted into the file, shown masked with the fingerprint to write instead", async () => {
    const key = secretKey();
    for (const line of [key, `fingerprint: ${key}`, `# the old one: ${key}`, `K=${key} # note`]) {
      const t = tree({ ".roxelsguardignore": `dist/\n${line}\n`, "a.env": `K=${key}\n` });
      const result = await runCli(["scan"], { cwd: t.dir });
      expect(result.code).toBe(2);
      expectNoKeyIn([result.stdout, result.stderr], [key]);
      expect(result.stderr).toMatch(/^roxels-guard: \S*\.roxelsguardignore:2: holds a key/);
      expect(result.stderr).toContain(`(${masked(key)})`);
      expect(result.stderr).toContain(`write ${fingerprintKey(key)} there instead`);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("stops on a key in the config's allowFingerprints, shown masked", async () => {
    const key = secretKey();
    const t = tree({ "roxels-guard.config.json": JSON.stringify({ allowFingerprints: [key] }), "a.txt": "x\n" });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expectNoKeyIn([result.stdout, result.stderr], [key]);
    expect(result.stderr).toContain(`entry ${masked(key)} is a key, not a fingerprint: write ${fingerprintKey(key)} instead`);
  });

  it("keeps hex-looking names that are paths as path rules", async () => {
    const key = secretKey();
    const t = tree({
      ".roxelsguardignore": "deadbeef\n20240101123456\ndist/main.3f9a8b7c6d5e4f30.js\nfoo#bar\n",
      "deadbeef/a.env": `K=${key}\n`,
      "20240101123456/a.env": `K=${key}\n`,
      "dist/main.3f9a8b7c6d5e4f30.js": `k="${key}"\n`,
      [`src/${randomBody(8)}.txt`]: "x\n",
    });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stats.skippedBy.ignored).toBe(3);
  });
});
