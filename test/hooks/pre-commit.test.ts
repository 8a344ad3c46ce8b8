/**
 * The plain pre-commit hook that `install` writes into .git/hooks (or core.hooksPath):
 * blocks a commit that adds a key, chains an existing hook, works from a linked worktree.
 */
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, ROOT } from "../support/repo.js";

afterAll(cleanupTempDirs);

function installedRepo(): Repo {
  const repo = new Repo().linkCli();
  const install = repo.cli(["install"]);
  expect(install.status).toBe(0);
  return repo;
}

describe("plain-hook install", () => {
  it("writes an executable pre-commit hook into .git/hooks and is idempotent", () => {
    const repo = new Repo().linkCli();
    const first = repo.cli(["install"]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("roxels-guard: pre-commit hook installed in .git/hooks/pre-commit\nroxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
    const hook = repo.path(".git/hooks/pre-commit");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    const text = readFileSync(hook, "utf8");
    expect(text).toBe(readFileSync(path.join(ROOT, "hooks/pre-commit"), "utf8"));

    const second = repo.cli(["install"]);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("roxels-guard: pre-commit hook already installed in .git/hooks/pre-commit\nroxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
    expect(readFileSync(hook, "utf8")).toBe(text);
    expect(existsSync(`${hook}.pre-roxels-guard`)).toBe(false);
  });

  it("blocks a commit that adds a key, naming file, line and the masked key", () => {
    const repo = installedRepo();
    const key = secretKey();
    repo.write("src/config.js", `const a = 1;\nconst b = 2;\nexport const key = "${key}";\n`);
    repo.git("add", "src/config.js");
    const commit = repo.commit("add config");
    expect(commit.status).toBe(1);
    expect(commit.all).toContain(`src/config.js:3:21  roxels-secret  ${masked(key)}`);
    expect(commit.all).toContain("roxels-guard: commit blocked: the staged changes add the key(s) listed above.");
    expect(commit.all).toContain("roxels-guard revoke");
    expect(commit.all).toContain("roxels-guard-ignore");
    expect(commit.all).toContain("git commit --no-verify");
    expectNoKey(commit.all, [key]);
    expect(repo.commitCount()).toBe(0);
  });

  it("allows a commit without a key, and the first commit of an empty repository", () => {
    const repo = installedRepo();
    repo.write("README.md", "# hello\nsk_your_key_here is a placeholder\n");
    repo.git("add", "-A");
    const commit = repo.commit("first");
    expect(commit.status).toBe(0);
    expect(repo.commitCount()).toBe(1);
  });

  it("blocks a key in the first commit of an empty repository", () => {
    const repo = installedRepo();
    const key = secretKey({ hyphen: true });
    repo.write(".env", `ROXELS_API_KEY=${key}\n`);
    repo.git("add", ".env");
    const commit = repo.commit("first");
    expect(commit.status).toBe(1);
    expect(commit.all).toContain(`.env:1:16  roxels-secret  ${masked(key)}`);
    expect(repo.commitCount()).toBe(0);
  });

  it("chains an existing hook: it is kept, runs first, and can still block", () => {
    const repo = new Repo().linkCli();
    const hook = repo.path(".git/hooks/pre-commit");
    writeFileSync(hook, `#!/bin/sh\necho previous-hook-ran >> "${repo.path("ran.log")}"\n[ -f "${repo.path("deny")}" ] && exit 7\nexit 0\n`);
    chmodSync(hook, 0o755);
    const install = repo.cli(["install"]);
    expect(install.status).toBe(0);
    expect(install.stdout).toContain("the existing hook was kept as .git/hooks/pre-commit.pre-roxels-guard and runs first");
    expect(readFileSync(`${hook}.pre-roxels-guard`, "utf8")).toContain("previous-hook-ran");
    // install proved the hook by running it (the kept hook first, as git will).
    expect(readFileSync(repo.path("ran.log"), "utf8")).toBe("previous-hook-ran\n");
    writeFileSync(repo.path("ran.log"), "");

    repo.write("a.txt", "fine\n").git("add", "a.txt");
    expect(repo.commit("clean").status).toBe(0);
    expect(readFileSync(repo.path("ran.log"), "utf8")).toBe("previous-hook-ran\n");

    const key = secretKey();
    repo.write("b.txt", `${key}\n`).git("add", "b.txt");
    const blocked = repo.commit("key");
    expect(blocked.status).toBe(1);
    expect(blocked.all).toContain(`b.txt:1:1  roxels-secret  ${masked(key)}`);
    expect(readFileSync(repo.path("ran.log"), "utf8")).toBe("previous-hook-ran\nprevious-hook-ran\n");

    repo.git("rm", "-q", "--cached", "b.txt");
    repo.write("deny", "").write("c.txt", "ok\n").git("add", "c.txt");
    const denied = repo.commit("denied by the previous hook");
    expect(denied.status).toBe(1);
    expect(denied.all).not.toContain("roxels-secret");
    expect(repo.commitCount()).toBe(1);

    // While the kept hook refuses every commit, install cannot prove the scan runs.
    const refused = repo.cli(["install"]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("not protected: the hook failed (exit 7) before it judged the staged canary");

    // Idempotent: a second install neither re-chains nor touches the kept hook.
    rmSync(repo.path("deny"));
    const again = repo.cli(["install"]);
    expect(again.stdout).toContain("already installed");
  });

  it("respects core.hooksPath", () => {
    const repo = new Repo().linkCli();
    repo.git("config", "core.hooksPath", "githooks");
    const install = repo.cli(["install"]);
    expect(install.stdout).toBe("roxels-guard: pre-commit hook installed in githooks/pre-commit\nroxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
    expect(existsSync(repo.path(".git/hooks/pre-commit"))).toBe(false);
    const key = secretKey();
    repo.write("k.txt", `token: ${key}\n`).git("add", "k.txt");
    const commit = repo.commit("key");
    expect(commit.status).toBe(1);
    expect(commit.all).toContain(`k.txt:1:8  roxels-secret  ${masked(key)}`);
  });

  it("works from a linked worktree (hooks are shared)", () => {
    const repo = installedRepo();
    repo.write("a.txt", "a\n").git("add", "-A");
    expect(repo.commit("base").status).toBe(0);
    const worktree = path.join(repo.home, "wt");
    repo.git("worktree", "add", "-q", "-b", "side", worktree);
    const inTree = new Repo(worktree, { init: false });
    inTree.env = repo.env;
    inTree.linkCli();
    const key = secretKey();
    inTree.write("side.txt", `${key}\n`).git("add", "side.txt");
    const commit = inTree.commit("side key");
    expect(commit.status).toBe(1);
    expect(commit.all).toContain(`side.txt:1:1  roxels-secret  ${masked(key)}`);
  });
});
