/**
 * File names and symlink targets in the index and in history: what the file scan finds on
 * disk (a key as a file or folder name, a key as a link's target) is found in what a
 * commit adds too, at the masked path, with the commit in history.
 */
import { mkdirSync, symlinkSync, unlinkSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo } from "../../support/repo.js";

afterAll(cleanupTempDirs);

interface Finding {
  file: string;
  line: number;
  column: number;
  masked: string;
  place?: string;
  commit?: string;
}

function findings(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { findings: Finding[] }).findings;
}

describe("scan --staged", () => {
  it("reports a staged file whose name holds a key and a symlink whose target is one, at masked paths", () => {
    const [named, folder, linked] = [secretKey(), secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("README.md", "hello\n");
    repo.commitAll("init");
    repo.write(`backup/${named}.json`, "{}\n");
    repo.write(`keys/${folder}/notes.txt`, "nothing here\n");
    symlinkSync(`/srv/keys/${linked}`, repo.path("current-key"));
    repo.git("add", "-A");
    const run = repo.cli(["scan", "--staged", "--format", "json"]);
    expect(run.status).toBe(1);
    expectNoKey(run.all, [named, folder, linked]);
    const found = findings(run.stdout).map((f) => [f.file, f.place, f.masked, f.line, f.column]);
    expect(found.sort()).toEqual(
      [
        [`backup/${masked(named)}.json`, "file-name", masked(named), 1, 8],
        [`keys/${masked(folder)}/notes.txt`, "file-name", masked(folder), 1, 6],
        ["current-key", "symlink-target", masked(linked), 1, 11],
      ].sort(),
    );
  });

  it("judges the index, not the work tree, and a name only when the change adds it", () => {
    const [old, renamedInto, linked] = [secretKey(), secretKey(), secretKey()];
    const repo = new Repo();
    repo.write(`keys/${old}/a.txt`, "one\n");
    symlinkSync("/srv/keys/none", repo.path("current-key"));
    repo.commitAll("init");
    // Edited, moved within the same key-named folder: the name adds no key.
    repo.write(`keys/${old}/a.txt`, "one\ntwo\n");
    repo.git("add", "-A");
    repo.git("mv", `keys/${old}/a.txt`, `keys/${old}/b.txt`);
    expect(repo.cli(["scan", "--staged"]).status).toBe(0);
    // A rename into a new key-named folder adds that key; a link's new target is scanned.
    mkdirSync(repo.path("moved"));
    repo.git("mv", `keys/${old}/b.txt`, `moved/${renamedInto}.txt`);
    unlinkSync(repo.path("current-key"));
    symlinkSync(`../${linked}`, repo.path("current-key"));
    repo.git("add", "-A");
    unlinkSync(repo.path("current-key")); // the work tree no longer has it: the index does
    const run = repo.cli(["scan", "--staged", "--format", "json"]);
    expect(findings(run.stdout).map((f) => [f.place, f.masked]).sort()).toEqual(
      [
        ["file-name", masked(renamedInto)],
        ["symlink-target", masked(linked)],
      ].sort(),
    );
  });

  it("blocks a commit through the installed hook", () => {
    const named = secretKey();
    const repo = new Repo().linkCli();
    repo.commitAll("init");
    expect(repo.cli(["install"]).status).toBe(0);
    repo.write(`${named}`, "");
    repo.git("add", "-A");
    const commit = repo.commit("add");
    expect(commit.status).not.toBe(0);
    expect(commit.all).toContain(masked(named));
    expectNoKey(commit.all, [named]);
  });
});

describe("scan --history", () => {
  it("reports names and link targets with the commit that added them, once each", () => {
    const [named, linked] = [secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("README.md", "hello\n");
    repo.commitAll("init");
    repo.write(`config/${named}.env`, "A=1\n");
    const first = repo.commitAll("add a file");
    symlinkSync(`/etc/roxels/${linked}`, repo.path("current"));
    repo.write(`config/${named}.env`, "A=2\n");
    const second = repo.commitAll("link");
    const run = repo.cli(["scan", "--history", "--format", "json"]);
    expectNoKey(run.all, [named, linked]);
    expect(findings(run.stdout).map((f) => [f.file, f.place, f.commit]).sort()).toEqual(
      [
        [`config/${masked(named)}.env`, "file-name", first],
        ["current", "symlink-target", second],
      ].sort(),
    );
    const text = repo.cli(["scan", "--history"]);
    expect(text.stdout).toContain(`config/${masked(named)}.env`);
    expectNoKey(text.all, [named, linked]);
  });
});
