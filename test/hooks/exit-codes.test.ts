/** The hook's exit codes: a crashing CLI is "could not run" (2), not "key found" (1). */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, committedRepo, ROOT, tempDir } from "../support/repo.js";

afterAll(cleanupTempDirs);

describe("the hook's exit codes", () => {
  it("says the scan could not run when the CLI crashes (exit 2 from the bin, not 1)", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    // A CLI whose bundle throws: the bin must exit 2, and the hook say so.
    const broken = tempDir("roxels-broken-cli-");
    const bin = path.join(broken, "bin");
    spawnSync("cp", ["-r", path.join(ROOT, "packages/cli/bin"), bin]);
    spawnSync("mkdir", ["-p", path.join(broken, "dist")]);
    writeFileSync(path.join(broken, "dist/cli.cjs"), "exports.run = async () => { throw new TypeError('boom'); };\n");
    writeFileSync(path.join(broken, "dist/hook.cjs"), "exports.runStaged = async () => { throw new TypeError('boom'); };\n");
    const direct = spawnSync(process.execPath, [path.join(bin, "roxels-guard.js"), "scan", "--staged"], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
    expect(direct.status).toBe(2);
    expect(direct.stderr).toBe("roxels-guard: internal error: boom\n");
    repo.write("c.txt", "c\n").git("add", "c.txt");
    repo.env = { ...repo.env, ROXELS_GUARD_CLI: path.join(bin, "roxels-guard.js") };
    const commit = repo.commit("c");
    expect(commit.status).not.toBe(0);
    expect(commit.all).toContain("roxels-guard: commit blocked: the scan could not run (exit 2");
    expect(commit.all).not.toContain("add the key(s) listed above");
  });
});
