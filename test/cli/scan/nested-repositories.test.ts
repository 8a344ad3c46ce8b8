/**
 * `git ls-files` names a submodule, or a repository inside the work tree, as one entry:
 * its folder. Its files are on disk like any others, so `scan .` reads them, each through
 * its own git and its own ignore rules.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, expectNoKeyIn, runCli, tempTree } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";

const t = tempTree();
afterAll(() => t.cleanup());

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "protocol.file.allow=always", ...args], {
    cwd,
    env: cleanEnv(),
    stdio: "ignore",
  });
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

describe("a scan of a work tree that holds other repositories", () => {
  it("reads a submodule's files and a nested repository's, minus what their own .gitignore excludes", async () => {
    const keys = { top: secretKey(), sub: secretKey(), nested: secretKey(), ignored: secretKey() };
    const upstream = path.join(t.dir, "upstream");
    write(path.join(upstream, "s.env"), `KEY=${keys.sub}\n`);
    git(upstream, "init", "-q");
    git(upstream, "add", ".");
    git(upstream, "commit", "-qm", "sub");

    const main = path.join(t.dir, "main");
    write(path.join(main, "top.env"), `KEY=${keys.top}\n`);
    git(main, "init", "-q");
    git(main, "submodule", "add", "-q", upstream, "vendor/sub");
    const nested = path.join(main, "nested");
    write(path.join(nested, "n.env"), `KEY=${keys.nested}\n`);
    write(path.join(nested, "ignored.env"), `KEY=${keys.ignored}\n`);
    write(path.join(nested, ".gitignore"), "ignored.env\n");
    git(nested, "init", "-q");

    const result = await runCli(["scan", ".", "--format", "json"], { cwd: main });
    expectNoKeyIn([result.stdout, result.stderr], Object.values(keys));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ file: string }> };
    expect(report.findings.map((f) => f.file)).toEqual(["nested/n.env", "top.env", "vendor/sub/s.env"]);

    // A clone without --recurse-submodules: the submodule is an empty folder, and git run
    // in it answers for the outer repository (it once listed the folder again, forever).
    git(main, "add", "top.env");
    git(main, "commit", "-qm", "with a submodule");
    const clone = path.join(t.dir, "clone");
    git(t.dir, "clone", "-q", main, clone);
    const cloned = await runCli(["scan", ".", "--format", "json"], { cwd: clone });
    expect(cloned.stderr).toBe("");
    expect(cloned.code).toBe(1);
    expect((JSON.parse(cloned.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file)).toEqual(["top.env"]);
  });
});
