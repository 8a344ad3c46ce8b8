/** The pre-push hook blocks pushing commits that add a key, on existing and new branches. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, ROOT, tempDir } from "../support/repo.js";

afterAll(cleanupTempDirs);

describe("pre-push hook", () => {
  it("blocks pushing commits that add a key, on existing and new branches, and only those", () => {
    const remote = tempDir("roxels-remote-");
    const repo = new Repo().linkCli();
    repo.git("init", "-q", "--bare", remote);
    repo.git("remote", "add", "origin", remote);
    const install = repo.cli(["install", "--pre-push"]);
    expect(install.stdout).toBe(
      "roxels-guard: pre-commit hook installed in .git/hooks/pre-commit\nroxels-guard: pre-push hook installed in .git/hooks/pre-push\n" +
        "roxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n",
    );
    expect(readFileSync(repo.path(".git/hooks/pre-push"), "utf8")).toBe(readFileSync(path.join(ROOT, "hooks/pre-push"), "utf8"));

    repo.write("a.txt", "a\n").commitAll("clean");
    expect(repo.tryGit("push", "-q", "origin", "main").status).toBe(0);

    const key = secretKey();
    repo.write("b.txt", `one\n${key}\n`).commitAll("key, committed around the pre-commit hook");
    repo.write("c.txt", "c\n").commitAll("clean on top");
    const blocked = repo.tryGit("push", "-q", "origin", "main");
    expect(blocked.status).not.toBe(0);
    expect(blocked.all).toContain(`b.txt:2:1  roxels-secret  ${masked(key)}`);
    expect(blocked.all).toContain("roxels-guard: push blocked: the commits being pushed add the key(s) listed above.");
    expect(blocked.all).toContain("git push --no-verify");
    expectNoKey(blocked.all, [key]);
    expect(repo.git("rev-parse", "origin/main").trim()).not.toBe(repo.head());

    // A new branch holding the key is blocked too.
    repo.git("checkout", "-q", "-b", "topic");
    const newBranch = repo.tryGit("push", "-q", "origin", "topic");
    expect(newBranch.status).not.toBe(0);
    expect(newBranch.all).toContain(masked(key));

    // Once the key is on the remote (pushed on purpose), later pushes judge only their own commits.
    expect(repo.tryGit("push", "-q", "--no-verify", "origin", "main").status).toBe(0);
    repo.write("d.txt", "d\n").commitAll("clean after");
    const later = repo.tryGit("push", "-q", "origin", "topic");
    expect(later.all).not.toContain("roxels-secret");
    expect(later.status).toBe(0);
  });

  it("blocks pushing a tag that names a blob holding a key, which brings no commit", () => {
    const remote = tempDir("roxels-remote-");
    const repo = new Repo().linkCli();
    repo.git("init", "-q", "--bare", remote);
    repo.git("remote", "add", "origin", remote);
    expect(repo.cli(["install", "--pre-push"]).status).toBe(0);
    repo.write("a.txt", "a\n").commitAll("clean");
    expect(repo.tryGit("push", "-q", "origin", "main").status).toBe(0);

    const key = secretKey();
    const hashed = (content: string) => execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo.dir, env: repo.env, input: content, encoding: "utf8" }).trim();
    repo.git("tag", "-a", "cfg", hashed(`ROXELS_API_KEY=${key}\n`), "-m", "config");
    const blocked = repo.tryGit("push", "-q", "origin", "refs/tags/cfg");
    expect(blocked.status).not.toBe(0);
    expect(blocked.all).toContain(`refs/tags/cfg:1:16  roxels-secret  ${masked(key)}`);
    expectNoKey(blocked.all, [key]);
    expect(repo.tryGit("ls-remote", "--tags", "origin").stdout).not.toContain("refs/tags/cfg");

    repo.git("tag", "notes-blob", hashed("release notes, nothing secret\n"));
    const clean = repo.tryGit("push", "-q", "origin", "refs/tags/notes-blob");
    expect(clean.status, clean.all).toBe(0);
  });
});
