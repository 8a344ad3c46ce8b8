/**
 * The pre-commit hook fails closed: it blocks the commit when the CLI is missing, crashes,
 * cannot start, or git times out, with one line saying why.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, gitWrapper, installedRepo, realGit, Repo, tempDir } from "../support/repo.js";

afterAll(cleanupTempDirs);

describe("failing closed", () => {
  it("blocks with 'run npm install' when the CLI cannot be found", () => {
    const repo = new Repo();
    // No node_modules/.bin/roxels-guard, none on PATH: install writes the hook but says
    // the next commit would not be scanned.
    const install = repo.cli(["install"]);
    expect(install.status).toBe(1);
    expect(install.stdout).toContain("fix: npm install --save-dev roxels-guard");
    repo.write("a.txt", "a\n").git("add", "a.txt");
    const result = repo.commit("no cli");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "roxels-guard: commit blocked: the roxels-guard CLI was not found (run npm install); to commit anyway: git commit --no-verify\n",
    );
    expect(repo.commitCount()).toBe(0);
    expect(repo.commit("on purpose", "--no-verify").status).toBe(0);
  });

  it.each([
    ["crashes", "echo 'TypeError: boom' >&2; exit 70", 70],
    ["is killed", "kill -9 $$", 137],
    ["fails to load (a module missing)", "echo \"Error [ERR_MODULE_NOT_FOUND]: Cannot find module\" >&2; exit 2", 2],
  ])("blocks when the scanner %s", (_label, script, code) => {
    const repo = installedRepo();
    repo.fakeCli(script);
    repo.write("a.txt", "a\n").git("add", "a.txt");
    const result = repo.commit("broken scanner");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `roxels-guard: commit blocked: the scan could not run (exit ${code}, see above); to commit anyway: git commit --no-verify`,
    );
    expect(repo.commitCount()).toBe(0);
  });

  it("blocks when the CLI cannot start (Node.js missing)", () => {
    const repo = installedRepo();
    repo.fakeCli("exec /nonexistent/node");
    repo.write("a.txt", "a\n").git("add", "a.txt");
    const result = repo.commit("no node");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "roxels-guard: commit blocked: the scan could not start (exit 127: is Node.js installed? run npm install); to commit anyway: git commit --no-verify",
    );
  });

  it("blocks when git times out, with one line from the scanner", () => {
    const repo = installedRepo();
    repo.write("a.txt", "a\n").git("add", "a.txt");
    // git diff never finishes; the limit is long enough that no other git command, however
    // loaded the machine, comes near it.
    const git = gitWrapper('[ "$sub" = diff ] && exec sleep 600\nexec "$REAL_GIT" "$@"');
    repo.env = { ...repo.env, PATH: `${git.dir}:${process.env.PATH}`, REAL_GIT: realGit(), ROXELS_GUARD_GIT_TIMEOUT: "3" };
    const scan = repo.cli(["scan", "--staged"]);
    expect(scan.status).toBe(2);
    expect(scan.stderr).toBe("roxels-guard: git diff did not finish within 3 s (ROXELS_GUARD_GIT_TIMEOUT sets the limit)\n");
  });

  it("blocks through the hook when the scan fails (a bad setting)", () => {
    const repo = installedRepo();
    repo.write("a.txt", "a\n").git("add", "a.txt");
    repo.env = { ...repo.env, ROXELS_GUARD_GIT_TIMEOUT: "soon" };
    const result = repo.commit("bad setting");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('roxels-guard: ROXELS_GUARD_GIT_TIMEOUT must be a number of seconds (got "soon")');
    expect(result.stderr).toContain("roxels-guard: commit blocked: the scan could not run (exit 2, see above)");
  });

  it("fails with one line on a corrupt index, outside a repository, and without git", () => {
    const repo = new Repo();
    repo.write("a.txt", "a\n").git("add", "a.txt");
    writeFileSync(repo.path(".git/index"), "DIRC garbage that is not an index");
    const corrupt = repo.cli(["scan", "--staged"]);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/^roxels-guard: git rev-parse failed: .*index.*\n$|^roxels-guard: git diff failed: .*index.*\n$/);

    const outside = repo.cli(["scan", "--staged"], { cwd: tempDir() });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe("roxels-guard: not a git repository (run this inside a git work tree)\n");

    const noGit = repo.cli(["scan", "--staged"], { env: { PATH: tempDir("roxels-empty-path-") } });
    expect(noGit.status).toBe(2);
    expect(noGit.stderr).toBe("roxels-guard: git is not installed or not on PATH\n");
  });
});
