/**
 * The staged scan's harder cases: merges in progress, submodules, ignore rules, very large
 * diffs read by a bounded number of git processes.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, gitWrapper, installedRepo, realGit, Repo } from "../../support/repo.js";

afterAll(cleanupTempDirs);

describe("merge in progress", () => {
  it("does not block a merge for keys the merged branch already added, but blocks one the merge adds", () => {
    const repo = installedRepo();
    repo.write("shared.txt", "line 1\nline 2\n");
    repo.commitAll("base");
    repo.git("checkout", "-q", "-b", "feature");
    const branchKey = secretKey();
    repo.write("feature.txt", `k=${branchKey}\n`).write("shared.txt", "feature 1\nline 2\n");
    repo.commitAll("feature key, committed around the hook");
    repo.git("checkout", "-q", "main");
    repo.write("shared.txt", "main 1\nline 2\n");
    repo.commitAll("main change");

    // A conflict, resolved by a line that adds a new key.
    expect(repo.tryGit("merge", "--no-edit", "feature").status).not.toBe(0);
    const mergeKey = secretKey();
    repo.write("shared.txt", `resolved ${mergeKey}\nline 2\n`).git("add", "shared.txt");
    const blocked = repo.commit("merge", "--no-edit");
    expect(blocked.status).toBe(1);
    expect(blocked.all).toContain(`shared.txt:1:10  roxels-secret  ${masked(mergeKey)}`);
    expect(blocked.all).not.toContain(masked(branchKey));
    expectNoKey(blocked.all, [branchKey, mergeKey]);

    repo.write("shared.txt", "resolved by hand\nline 2\n").git("add", "shared.txt");
    const merged = repo.commit("merge", "--no-edit");
    expect(merged.status).toBe(0);
    expect(repo.git("rev-list", "--parents", "-n", "1", "HEAD").trim().split(" ")).toHaveLength(3);
  });
});

describe("submodules, ignore rules, large diffs", () => {
  it("commits a submodule without scanning it as text", () => {
    const inner = new Repo();
    inner.write("lib.txt", "library\n").commitAll("lib");
    const repo = installedRepo();
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.dir, "vendor/lib");
    const scan = repo.cli(["scan", "--staged", "--format", "json"]);
    expect(scan.status).toBe(0);
    expect(JSON.parse(scan.stdout).stats.files).toBe(1); // .gitmodules
    expect(repo.commit("submodule").status).toBe(0);
  });

  it("skips paths excluded by .roxelsguardignore", () => {
    const repo = installedRepo();
    repo.write(".roxelsguardignore", "fixtures/\n").write("fixtures/leaky.env", `KEY=${secretKey()}\n`);
    repo.git("add", "-A");
    const scan = repo.cli(["scan", "--staged", "--format", "json"]);
    expect(scan.status).toBe(0);
    expect(JSON.parse(scan.stdout).stats.skippedBy.ignored).toBe(1);
    expect(repo.commit("fixtures").status).toBe(0);
  });

  it("finds a key deep in a very large staged file, at its line, in bounded git processes", () => {
    const repo = new Repo();
    const key = secretKey();
    const lines: string[] = [];
    for (let i = 1; i <= 200_000; i++) lines.push(i === 150_000 ? `value = "${key}"` : `line ${i} of a generated file with some padding text`);
    repo.write("big/generated.txt", `${lines.join("\n")}\n`);
    for (let i = 0; i < 300; i++) repo.write(`many/file-${i}.txt`, `file ${i}\n`);
    repo.write(".gitattributes", "*.bin -diff\n").write("data.bin", "text after all\n");
    repo.git("add", "-A");
    const git = gitWrapper('exec "$REAL_GIT" "$@"');
    const scan = repo.cli(["scan", "--staged", "--format", "json"], {
      env: { PATH: `${git.dir}:${process.env.PATH}`, REAL_GIT: realGit() },
    });
    expect(scan.status).toBe(1);
    const report = JSON.parse(scan.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ file: "big/generated.txt", line: 150_000, column: 10, masked: masked(key) });
    expect(report.stats.files).toBe(303);
    const calls = readFileSync(git.log, "utf8").trim().split("\n");
    // One diff, one cat-file for the file hidden by -diff: not one per file. The
    // repository is found from its .git folder, with no rev-parse.
    expect(calls.sort()).toEqual(["cat-file", "diff"]);
    expectNoKey(scan.all, [key]);
  });
});
