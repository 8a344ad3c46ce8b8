/**
 * `roxels-guard doctor`: proves the installed hook with a canary commit and names what to fix.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { cleanupTempDirs, committedRepo, Repo, tempDir } from "../support/repo.js";

afterAll(cleanupTempDirs);

/** What the user has: the index file's bytes and the work tree's status. */
function snapshot(repo: Repo) {
  return { index: readFileSync(repo.path(".git/index")).toString("base64"), status: repo.git("status", "--porcelain", "--untracked-files=all") };
}

describe("doctor", () => {
  it("says there is no hook, and the command that fixes it (exit 1)", () => {
    const repo = committedRepo();
    const r = repo.cli(["doctor"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not protected: there is no pre-commit hook: .git/hooks/pre-commit does not exist");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("fix: npx roxels-guard install");
  });

  it("proves an installed hook with a canary, leaving the index and work tree as they were (exit 0)", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    const key = secretKey();
    // Something of the user's staged, and something not staged: both must stay as they are.
    repo.write("staged.txt", "staged\n").git("add", "staged.txt");
    repo.write("a.txt", "changed, not staged\n");
    const before = snapshot(repo);
    const r = repo.cli(["doctor"]);
    expect(r.status, r.all).toBe(0);
    expect(r.stdout).toContain("git runs .git/hooks/pre-commit (no core.hooksPath)");
    expect(r.stdout).toMatch(/a canary key \(sk_\w{4}…\w{4}\) staged in a throwaway index was blocked by the hook/);
    expect(r.stdout).toContain("protected: the next commit will be scanned by roxels-guard");
    expect(snapshot(repo)).toEqual(before);
    expect(r.all).not.toContain(key);
  });

  it("runs from a linked worktree, whose hooks are the main repository's", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    const worktree = path.join(repo.home, "wt");
    repo.git("worktree", "add", "-q", "-b", "side", worktree);
    const inTree = new Repo(worktree, { init: false });
    inTree.env = repo.env;
    inTree.linkCli();
    const r = inTree.cli(["doctor"]);
    expect(r.status, r.all).toBe(0);
    expect(r.stdout).toContain("protected");
  });

  it("finds a hook git skips because it is not executable", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    chmodSync(repo.path(".git/hooks/pre-commit"), 0o644);
    const r = repo.cli(["doctor"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not protected: .git/hooks/pre-commit is not executable, so git skips it");
    expect(r.stdout).toContain("fix: chmod +x .git/hooks/pre-commit");
  });

  it("follows a global core.hooksPath, which git prefers to .git/hooks", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    const global = tempDir("roxels-global-hooks-");
    writeFileSync(path.join(global, "pre-commit"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    repo.git("config", "--global", "core.hooksPath", global);
    const r = repo.cli(["doctor"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`git runs ${path.join(global, "pre-commit")} (core.hooksPath ${global}, set in ${path.join(repo.home, ".gitconfig")})`);
    expect(r.stdout).toContain("does not run roxels-guard");
  });

  it("sees through a hook that mentions roxels-guard but lets a key through", () => {
    const repo = committedRepo();
    writeFileSync(repo.path(".git/hooks/pre-commit"), "#!/bin/sh\n# roxels-guard scan --staged (disabled)\nexit 0\n", { mode: 0o755 });
    const r = repo.cli(["doctor"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not protected: the hook ran and let a staged canary key \(sk_\w{4}…\w{4}, in roxels-guard-canary-[0-9a-f]{8}\.env\) through/);
  });

  it("says when the hook cannot find the CLI", () => {
    const repo = new Repo();
    repo.write("a.txt", "a\n").git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "start");
    // The CLI run directly, as npx would; the hook then finds none in node_modules or on PATH.
    const install = repo.cli(["install"]);
    expect(install.status).toBe(1);
    expect(install.stdout).toContain("not protected: the hook cannot run roxels-guard");
    expect(install.stdout).toContain("fix: npm install --save-dev roxels-guard");
    expect(install.stdout).not.toContain("hook installed");
  });

  it("is a usage error outside a repository (exit 2)", () => {
    const repo = new Repo(tempDir(), { init: false });
    const r = repo.cli(["doctor"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("not a git repository");
  });
});
