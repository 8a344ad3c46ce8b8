/**
 * A folder named on the command line is scanned even when .gitignore or the ignore file excludes it.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";

const tree = useTempTrees();

describe("folders named on the command line", () => {
  it("scans a folder that .gitignore excludes, and one the ignore file excludes with a folder pattern", async () => {
    const key = secretKey();
    const t = tree({ "build/a.js": `k="${key}"\n`, "dist/b.js": `k="${key}"\n`, "src/c.js": "1\n", ".gitignore": "build/\n", ".roxelsguardignore": "dist/\n" });
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    for (const folder of ["build", "dist"]) {
      const result = await runCli(["scan", folder, "--format", "json"], { cwd: t.dir });
      expect(result.code, folder).toBe(1);
      expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file)).toEqual([`${folder}/${folder === "build" ? "a" : "b"}.js`]);
    }
    const whole = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).stats.skippedBy.ignored).toBe(1);
  });
});
