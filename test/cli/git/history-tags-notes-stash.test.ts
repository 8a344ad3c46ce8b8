/**
 * `scan --history` reads what refs reach outside any branch's commits: blobs and trees
 * that tags name, the message of every tag in a chain of tags, and notes; `--all` adds
 * every other ref (remote-tracking, pull-request refs) and every stash entry.
 */
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { makeZip } from "../../support/archives.js";
import { cleanupTempDirs, expectNoKey, Repo, type JsonFinding } from "../../support/repo.js";

afterAll(cleanupTempDirs);

type Found = JsonFinding & { object?: string; date?: string };

function findings(repo: Repo, args: string[]): Found[] {
  const run = repo.cli(["scan", "--format", "json", ...args]);
  expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  return (JSON.parse(run.stdout) as { findings: Found[] }).findings;
}

/** Write `content` as a blob no commit holds. */
function blob(repo: Repo, content: string | Buffer): string {
  return execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo.dir, env: repo.env, input: content, encoding: "utf8" }).trim();
}

/** A tree of `files` that no commit holds. */
function tree(repo: Repo, files: Record<string, string>): string {
  const entries = Object.entries(files).map(([name, content]) => `100644 blob ${blob(repo, content)}\t${name}`);
  // mktree takes one level: a folder is a tree of its own.
  const nested = new Map<string, string[]>();
  const top: string[] = [];
  for (const entry of entries) {
    const [head, name] = entry.split("\t") as [string, string];
    const slash = name.indexOf("/");
    if (slash === -1) top.push(entry);
    else nested.set(name.slice(0, slash), [...(nested.get(name.slice(0, slash)) ?? []), `${head}\t${name.slice(slash + 1)}`]);
  }
  for (const [folder, inner] of nested) {
    const id = execFileSync("git", ["mktree"], { cwd: repo.dir, env: repo.env, input: `${inner.join("\n")}\n`, encoding: "utf8" }).trim();
    top.push(`040000 tree ${id}\t${folder}`);
  }
  return execFileSync("git", ["mktree"], { cwd: repo.dir, env: repo.env, input: `${top.join("\n")}\n`, encoding: "utf8" }).trim();
}

function started(): Repo {
  const repo = new Repo();
  repo.write("a.txt", "a\n");
  repo.commitAll("start");
  return repo;
}

describe("scan --history: tags that name no commit", () => {
  it("finds a key in a blob an annotated or a lightweight tag names, reported at the tag with the blob", () => {
    const [annotated, lightweight] = [secretKey(), secretKey()];
    const repo = started();
    const cfg = blob(repo, `# deploy\nROXELS_API_KEY=${annotated}\n`);
    repo.git("tag", "-a", "cfg", cfg, "-m", "config");
    const light = blob(repo, `token: ${lightweight}\n`);
    repo.git("tag", "gpg-key", light);

    for (const args of [["--history"], ["--all"]]) {
      const found = findings(repo, args);
      expect(
        found.map((f) => [f.file, f.line, f.masked, f.place, f.object, f.commit]),
        args.join(" "),
      ).toEqual([
        ["refs/tags/cfg", 2, masked(annotated), "tagged-object", cfg, undefined],
        ["refs/tags/gpg-key", 1, masked(lightweight), "tagged-object", light, undefined],
      ]);
    }
    const text = repo.cli(["scan", "--history"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`refs/tags/cfg:2:16  roxels-secret  ${masked(annotated)}`);
    expect(text.stdout).toContain(`(in the object a tag names)  object ${cfg.slice(0, 12)}`);
    expectNoKey(text.all, [annotated, lightweight]);
    const sarif = repo.cli(["scan", "--history", "--format", "sarif"]);
    expectNoKey(sarif.all, [annotated, lightweight]);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ properties: { object?: string }; message: { text: string } }> }> }).runs[0]!.results;
    expect(results.map((r) => r.properties.object)).toEqual([cfg, light]);
    expect(results[0]!.message.text).toContain(`in the object a tag names (object ${cfg.slice(0, 12)})`);
  });

  it("finds keys in a tree a tag names, at tag:path, and opens an archive blob a tag names", () => {
    const [inTree, inName, inZip] = [secretKey(), secretKey(), secretKey()];
    const repo = started();
    const snapshot = tree(repo, { "README.md": "snapshot\n", "config/.env": `A=1\nKEY=${inTree}\n`, [`keys/${inName}.txt`]: "x\n" });
    repo.git("tag", "-a", "snap", snapshot, "-m", "a tree");
    const zip = blob(repo, makeZip([{ name: "app/.env", data: `KEY=${inZip}\n` }]));
    repo.git("tag", "release-zip", zip);

    const found = findings(repo, ["--history"]);
    expectNoKey(JSON.stringify(found), [inTree, inName, inZip]);
    expect(found.map((f) => [f.file, f.line, f.masked, f.place, f.object]).sort()).toEqual(
      [
        ["refs/tags/snap:config/.env", 2, masked(inTree), "tagged-object", snapshot],
        [`refs/tags/snap:keys/${masked(inName)}.txt`, 1, masked(inName), "file-name", undefined],
        ["refs/tags/release-zip!/app/.env", 1, masked(inZip), "tagged-object", zip],
      ].sort(),
    );
  });

  it("scans the message of every tag in a chain of tags, ending at a commit or a blob", () => {
    const [outerKey, innerKey, onBlobKey, blobKey, innerName] = [secretKey(), secretKey(), secretKey(), secretKey(), secretKey()];
    const repo = started();
    const commit = repo.head();
    repo.git("-c", "advice.nestedTag=false", "tag", "-a", "inner", "-m", `inner\n\nkey ${innerKey}`);
    const innerId = repo.git("rev-parse", "refs/tags/inner").trim();
    repo.git("-c", "advice.nestedTag=false", "tag", "-a", "outer", "inner", "-m", `outer ${outerKey}`);
    repo.git("tag", "-d", "inner"); // only the outer tag reaches the inner one now
    const data = blob(repo, `SECRET=${blobKey}\n`);
    // The inner tag's own name holds a key: once its ref is gone, only the tag object has it.
    repo.git("tag", "-a", `data-${innerName}`, data, "-m", "data");
    const dataInner = repo.git("rev-parse", `refs/tags/data-${innerName}`).trim();
    repo.git("-c", "advice.nestedTag=false", "tag", "-a", "data", `data-${innerName}`, "-m", `signed off with ${onBlobKey}`);
    repo.git("tag", "-d", `data-${innerName}`);

    const found = findings(repo, ["--history"]);
    expect(found.map((f) => [f.file, f.line, f.masked, f.place, f.commit, f.object]).sort()).toEqual(
      [
        ["refs/tags/outer", 1, masked(outerKey), "tag-message", commit, undefined],
        ["refs/tags/outer", 3, masked(innerKey), "tag-message", commit, innerId],
        ["refs/tags/data", 1, masked(onBlobKey), "tag-message", undefined, undefined],
        ["refs/tags/data", 1, masked(innerName), "ref-name", undefined, dataInner],
        ["refs/tags/data", 1, masked(blobKey), "tagged-object", undefined, data],
      ].sort(),
    );
    expectNoKey(repo.cli(["scan", "--history"]).all, [outerKey, innerKey, onBlobKey, blobKey, innerName]);
  });

  it("reads in a range only the tagged blobs and trees the range names, by ref name or id", () => {
    const [key, other] = [secretKey(), secretKey()];
    const repo = started();
    const data = blob(repo, `K=${key}\n`);
    repo.git("tag", "-a", "cfg", data, "-m", "config");
    repo.git("tag", "other", blob(repo, `K=${other}\n`));
    const tagId = repo.git("rev-parse", "refs/tags/cfg").trim();
    repo.write("b.txt", "b\n");
    repo.commitAll("second");
    expect(findings(repo, ["--history", "HEAD~1..HEAD"])).toEqual([]);
    for (const range of ["cfg", "refs/tags/cfg", `${tagId} --not --remotes=origin`, `HEAD~1..HEAD ${tagId}`]) {
      const found = findings(repo, ["--history", range]);
      expect(found.map((f) => [f.file, f.masked, f.object]), range).toEqual([["refs/tags/cfg", masked(key), data]]);
    }
    // A range of only a clean tagged blob read that blob: a clean pass, not "nothing scanned".
    repo.git("tag", "clean", blob(repo, "nothing here\n"));
    const clean = repo.cli(["scan", "--history", "clean"]);
    expect(clean.status, clean.stderr).toBe(0);
    expect(findings(repo, ["--history"]).map((f) => f.masked).sort()).toEqual([masked(key), masked(other)].sort());
  });
});

describe("scan --history: git notes", () => {
  it("finds a key in a note under refs/notes/commits or any other notes ref, reported with the commit it annotates", () => {
    const [deploy, review, replaced] = [secretKey(), secretKey(), secretKey()];
    const repo = started();
    const first = repo.head();
    repo.write("b.txt", "b\n");
    const second = repo.commitAll("second");
    repo.git("notes", "add", "-m", `deploy with ${deploy}`, first);
    repo.git("notes", "--ref=review", "add", "-m", `looks fine\nbut rotate ${replaced}`, second);
    // The note's text changes later: its earlier version was pushed all the same.
    repo.git("notes", "--ref=review", "add", "-f", "-m", `rotated; new one is ${review}`, second);

    for (const args of [["--history"], ["--all"]]) {
      const found = findings(repo, args);
      expect(found.map((f) => [f.file, f.line, f.masked, f.place, f.commit]).sort(), args.join(" ")).toEqual(
        [
          ["refs/notes/commits", 1, masked(deploy), "note", first],
          ["refs/notes/review", 2, masked(replaced), "note", second],
          ["refs/notes/review", 1, masked(review), "note", second],
        ].sort(),
      );
      // Not also as a file named by a hash in a notes commit.
      expect(found.every((f) => f.file.startsWith("refs/notes/"))).toBe(true);
    }
    const text = repo.cli(["scan", "--history"]);
    expect(text.stdout).toContain(`refs/notes/commits:1:13  roxels-secret  ${masked(deploy)}`);
    expect(text.stdout).toContain(`(in the git note)  ${first.slice(0, 12)}`);
    expectNoKey(text.all, [deploy, review, replaced]);
  });

  it("takes in a range only the notes on the range's commits", () => {
    const [onOld, onNew] = [secretKey(), secretKey()];
    const repo = started();
    const first = repo.head();
    repo.write("b.txt", "b\n");
    const second = repo.commitAll("second");
    repo.git("notes", "add", "-m", `old ${onOld}`, first);
    repo.git("notes", "add", "-m", `new ${onNew}`, second);
    expect(findings(repo, ["--history", `${first}..HEAD`]).map((f) => [f.masked, f.commit])).toEqual([[masked(onNew), second]]);
  });
});

describe("scan --history and --all: which refs", () => {
  it("reads every stash entry, remote-tracking and pull-request ref with --all, and only HEAD's history without it", () => {
    const [stashedOld, stashedStaged, stashedUntracked, remote, pull] = [secretKey(), secretKey(), secretKey(), secretKey(), secretKey()];
    const repo = started();
    repo.write("a.txt", `a\nKEY=${stashedOld}\n`);
    repo.git("stash", "push", "-q", "-m", "first");
    repo.write("staged.txt", `K=${stashedStaged}\n`);
    repo.git("add", "staged.txt");
    repo.write("untracked.txt", `K=${stashedUntracked}\n`);
    repo.git("stash", "push", "-q", "--include-untracked", "-m", "second");
    expect(repo.git("stash", "list").trim().split("\n")).toHaveLength(2);
    // Commits no branch holds: a fetched pull request, a remote-tracking branch.
    const side = (file: string, key: string) => {
      repo.git("checkout", "-q", "-b", `side-${file}`);
      repo.write(file, `K=${key}\n`);
      const sha = repo.commitAll(file);
      repo.git("checkout", "-q", "-");
      repo.git("branch", "-D", `side-${file}`);
      return sha;
    };
    repo.git("update-ref", "refs/remotes/origin/feature", side("remote.txt", remote));
    repo.git("update-ref", "refs/pull/7/head", side("pull.txt", pull));

    expect(findings(repo, ["--history"])).toEqual([]);
    const all = findings(repo, ["--all"]);
    expect(all.map((f) => [f.file, f.masked]).sort()).toEqual(
      [
        ["a.txt", masked(stashedOld)],
        ["staged.txt", masked(stashedStaged)],
        ["untracked.txt", masked(stashedUntracked)],
        ["remote.txt", masked(remote)],
        ["pull.txt", masked(pull)],
      ].sort(),
    );
    expect(all.every((f) => /^[0-9a-f]{40}$/.test(f.commit ?? ""))).toBe(true);
  });
});
