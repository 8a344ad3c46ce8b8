/**
 * `scan --history`: keys added (and later removed) across commits and branches, reported
 * once at their first commit with a count, or each time with --all-occurrences.
 */
import { pathToFileURL } from "node:url";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, ROOT } from "../../support/repo.js";

afterAll(cleanupTempDirs);

const k1 = secretKey();
const k2 = secretKey({ hyphen: true });
const k3 = secretKey();
const k4 = secretKey();
const keys = [k1, k2, k3, k4];
let repo: Repo;
const c: Record<string, string> = {};

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  masked: string;
  fingerprint: string;
  commit: string;
  author: string;
  date: string;
  occurrences?: number;
}

function json(args: string[]): { status: number | null; findings: JsonFinding[]; stats: { commits: number }; all: string } {
  const run = repo.cli(["scan", "--history", ...args, "--format", "json"]);
  expectNoKey(run.all, keys);
  const report = JSON.parse(run.stdout);
  return { status: run.status, findings: report.findings, stats: report.stats, all: run.all };
}

beforeAll(() => {
  repo = new Repo();
  repo.write("a.txt", `first line\nkey=${k1}\n`);
  c.c1 = repo.commitAll("c1: add k1", "ada@example.com");
  repo.write("a.txt", "first line\nkey=from-env\n");
  c.c2 = repo.commitAll("c2: remove k1", "ada@example.com");
  repo.write("config/b.env", `K=${k1}\n`).write("c.txt", `x\ny\nz = "${k2}"\n`);
  c.c3 = repo.commitAll("c3: k1 again, and k2", "bob@example.com");
  repo.git("checkout", "-q", "-b", "feature");
  repo.write("feat.txt", `${k3}\n`).write("shared.txt", "feature\n");
  c.c4 = repo.commitAll("c4: k3 on a branch", "cy@example.com");
  repo.git("checkout", "-q", "main");
  repo.write("c.txt", "x\ny\nz = process.env.KEY\n").write("shared.txt", "main\n");
  c.c5 = repo.commitAll("c5: remove k2", "ada@example.com");
  repo.git("branch", "side", c.c5);
  // A merge whose conflict resolution adds a key of its own.
  repo.git("checkout", "-q", "-b", "merged", c.c5);
  repo.tryGit("merge", "-q", "--no-edit", "feature");
  repo.write("shared.txt", `resolved ${k4}\n`);
  c.merge = repo.commitAll("merge feature, adding k4 in the resolution", "dee@example.com");
  repo.git("checkout", "-q", "main");
});

describe("scan --history", () => {
  it("reports each key of HEAD's history once, at its first commit, with a count", () => {
    const { status, findings, stats } = json([]);
    expect(status).toBe(1);
    expect(stats.commits).toBe(4);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ file: "a.txt", line: 2, column: 5, masked: masked(k1), commit: c.c1, author: "ada@example.com", occurrences: 2 });
    expect(findings[0]!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(findings[1]).toMatchObject({ file: "c.txt", line: 3, column: 6, masked: masked(k2), commit: c.c3, author: "bob@example.com", occurrences: 1 });
  });

  it("lists every commit that added a key with --all-occurrences", () => {
    const { findings } = json(["--all-occurrences"]);
    expect(findings.map((f) => [f.masked, f.file, f.line, f.commit])).toEqual([
      [masked(k1), "a.txt", 2, c.c1],
      // Within a commit, git's path order: "c.txt" sorts before "config/…".
      [masked(k2), "c.txt", 3, c.c3],
      [masked(k1), "config/b.env", 1, c.c3],
    ]);
  });

  it("scans every branch with --all, and a merge counts only for what its resolution adds", () => {
    const { findings, stats } = json(["--all"]);
    expect(stats.commits).toBe(6);
    const byKey = new Map(findings.map((f) => [f.masked, f]));
    expect(byKey.get(masked(k3))).toMatchObject({ file: "feat.txt", line: 1, commit: c.c4, author: "cy@example.com", occurrences: 1 });
    expect(byKey.get(masked(k4))).toMatchObject({ file: "shared.txt", line: 1, column: 10, commit: c.merge, author: "dee@example.com", occurrences: 1 });
    expect(findings).toHaveLength(4);
  });

  it("scans a range, and --since as a shorthand for <ref>..HEAD", () => {
    const range = json(["main..feature"]);
    expect(range.stats.commits).toBe(1);
    expect(range.findings.map((f) => [f.masked, f.commit])).toEqual([[masked(k3), c.c4]]);

    const since = json(["--since", c.c2!]);
    expect(since.stats.commits).toBe(2);
    expect(since.findings.map((f) => [f.masked, f.file, f.commit, f.occurrences])).toEqual([
      [masked(k2), "c.txt", c.c3, 1],
      [masked(k1), "config/b.env", c.c3, 1],
    ]);

    const clean = repo.cli(["scan", "--history", `${c.c3}..${c.c5}`]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("no keys found (1 commit,");
  });

  it("writes SARIF with the commit in each result and no key in full", () => {
    const run = repo.cli(["scan", "--history", "--format", "sarif"]);
    expect(run.status).toBe(1);
    expectNoKey(run.all, keys);
    const sarif = JSON.parse(run.stdout);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results[0].partialFingerprints["roxelsGuardKey/v1"]).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(results[0])).toContain(c.c1!.slice(0, 12));
  });

  it("prints text findings with the short commit, author and date", () => {
    const run = repo.cli(["scan", "--history"]);
    expect(run.status).toBe(1);
    expectNoKey(run.all, keys);
    expect(run.stdout).toContain(`a.txt:2:5  roxels-secret  ${masked(k1)}`);
    expect(run.stdout).toContain(`${c.c1!.slice(0, 12)} ada@example.com`);
    expect(run.stdout).toContain("(+1 more commits)");
    expect(run.stdout).toContain("2 keys found (4 commits,");
  });

  it("refuses unknown revisions and option-like ranges with one line", () => {
    const unknown = repo.cli(["scan", "--history", "nope..main"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('roxels-guard: unknown revision or range "nope..main"\n');
    const option = repo.cli(["scan", "--history", "--", "--output=/tmp/x"]);
    expect(option.status).toBe(2);
    expect(option.stderr).toBe('roxels-guard: "--output=/tmp/x" is not a revision or range (e.g. main..HEAD, v1.0..)\n');
    const since = repo.cli(["scan", "--since", "no-such-tag"]);
    expect(since.stderr).toBe('roxels-guard: unknown revision or range "no-such-tag..HEAD"\n');
  });

  it("warns that a shallow clone's history was scanned only to its depth", () => {
    expect(repo.cli(["scan", "--history", "--format", "json"]).stderr).toBe("");
    const clone = new Repo(undefined, { init: false });
    clone.git("clone", "-q", "--depth", "1", "--branch", "side", pathToFileURL(repo.dir).href, ".");
    const run = clone.cli(["scan", "--history", "--format", "json"]);
    expectNoKey(run.all, keys);
    // Its one commit shows the whole tree as added: the key still in config/b.env is found.
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file)).toEqual(["config/b.env"]);
    expect(run.stderr).toBe(
      "roxels-guard: warning: this clone is shallow: commits before its depth were not scanned (git fetch --unshallow, or fetch-depth: 0)\n",
    );
  });

  it("refuses a history of no commits (exit 2), never a silent pass", () => {
    const empty = new Repo();
    const run = empty.cli(["scan", "--history"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("roxels-guard: HEAD has no commits yet: nothing was scanned\n");
    expect(run.stdout).toBe("");
    const head = repo.head();
    const range = repo.cli(["scan", "--history", `${head}..${head}`]);
    expect(range.status).toBe(2);
    expect(range.stderr).toBe(`roxels-guard: the range "${head}..${head}" holds no commits: nothing was scanned\n`);
  });

  it("reports progress as commits are read (the CLI shows it on a terminal)", async () => {
    const { resolveSettings } = await import(pathToFileURL(path.join(ROOT, "packages/scanner/dist/settings.js")).href);
    const { scanHistory } = await import(pathToFileURL(path.join(ROOT, "packages/scanner/dist/history.js")).href);
    const calls: Array<[number, number | null]> = [];
    const result = await scanHistory(resolveSettings({ cwd: repo.dir }), { all: true, onProgress: (done: number, total: number | null) => calls.push([done, total]) });
    expect(result.stats.commits).toBe(6);
    expect(calls[0]).toEqual([0, 6]);
    expect(calls.at(-1)).toEqual([6, 6]);
  });
});
