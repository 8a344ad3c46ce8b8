/**
 * The commit-msg hook (`install --commit-msg`): blocks a message that holds a key, on a
 * comment line too (`-m "#42 …"` keeps it); the diff below the scissors is not the message.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, ROOT, type JsonFinding } from "../support/repo.js";

afterAll(cleanupTempDirs);

describe("install --commit-msg", () => {
  it("blocks a commit whose message holds a key, on a `#` line too; the diff below the scissors is not the message", () => {
    const repo = new Repo().linkCli();
    const install = repo.cli(["install", "--commit-msg"]);
    expect(install.stdout).toContain("roxels-guard: commit-msg hook installed in .git/hooks/commit-msg");
    expect(readFileSync(repo.path(".git/hooks/commit-msg"), "utf8")).toBe(readFileSync(path.join(ROOT, "hooks/commit-msg"), "utf8"));

    const key = secretKey();
    repo.write("a.txt", "a\n").git("add", "a.txt");
    const blocked = repo.commit(`fix login\n\ntested with ${key}`);
    expect(blocked.status).not.toBe(0);
    expect(blocked.all).toContain(`.git/COMMIT_EDITMSG:3:13  roxels-secret  ${masked(key)}`);
    expect(blocked.all).toContain("roxels-guard: commit blocked: the commit message holds the key(s) listed above.");
    expect(blocked.all).toContain("git commit --no-verify");
    expectNoKey(blocked.all, [key]);
    expect(repo.commitCount()).toBe(0);

    const ok = repo.commit("fix login", "--cleanup=strip");
    expect(ok.status, ok.all).toBe(0);

    // A message given with -m keeps a line that starts with `#`: it is the message.
    repo.write("b.txt", "b\n").git("add", "b.txt");
    const issue = repo.commit(`#42 deploy with ${key}`);
    expect(issue.status).not.toBe(0);
    expect(issue.all).toContain(`.git/COMMIT_EDITMSG:1:17  roxels-secret  ${masked(key)}`);
    expect(repo.commitCount()).toBe(1);
  });

  it("reads a message file: comment lines are read, the scissors part is skipped, line numbers kept", () => {
    const [inComment, belowScissors, inBody] = [secretKey(), secretKey(), secretKey()];
    const repo = new Repo();
    repo.write(
      "MSG",
      `subject\n# ${inComment}\n\nbody ${inBody}\n# ------------------------ >8 ------------------------\n+const k = "${belowScissors}";\n`,
    );
    const run = repo.cli(["scan", "--commit-msg", "MSG", "--format", "json"]);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.masked, f.place])).toEqual([
      ["MSG", 2, masked(inComment), "commit-message"],
      ["MSG", 4, masked(inBody), "commit-message"],
    ]);
    const missing = repo.cli(["scan", "--commit-msg", "nope.txt"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^roxels-guard: cannot read the commit message file "nope.txt": ENOENT\n$/);
  });
});
