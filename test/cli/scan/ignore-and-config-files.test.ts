/**
 * The ignore file and the config: fingerprints in any case, and a malformed file's text never echoed.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";

const tree = useTempTrees();

describe("ignore files and configs", () => {
  it("accepts fingerprints in upper case and with a trailing note", async () => {
    const [a, b] = [secretKey(), secretKey()];
    const t = tree({
      ".roxelsguardignore": `${fingerprintKey(a).toUpperCase()}\n${fingerprintKey(b)}   # sandbox key, revoked 2026-11\n`,
      "a.env": `A=${a}\nB=${b}\n`,
    });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(0);
  });

  it("does not echo the text of a malformed config or baseline", async () => {
    const key = secretKey();
    const t = tree({ "roxels-guard.config.json": `KEY=${key}\n`, "b.json": `${key}\n`, "a.txt": "x\n" });
    const config = await runCli(["scan"], { cwd: t.dir });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/roxels-guard\.config\.json: not valid JSON( \(at character \d+\))?\n$/);
    writeFileSync(path.join(t.dir, "roxels-guard.config.json"), "{}");
    const baseline = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
    expect(baseline.stderr).toMatch(/^roxels-guard: b\.json: not valid JSON( \(at character \d+\))?\n$/);
    expect(`${config.stderr}${baseline.stderr}`).not.toContain(key.slice(3, 8));
  });
});
