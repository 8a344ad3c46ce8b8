/**
 * The CI recipes as written: the GitHub Actions steps of docs/ci.md (push and
 * pull_request) and the range step of action.yml, run with bash against real clones, with
 * `npx roxels-guard@…` answered by this build of the CLI. None may pass on nothing.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { cleanupTempDirs, CLI, Repo, ROOT, tempDir } from "../support/repo.js";

afterAll(cleanupTempDirs);

/** The shell of a `run: |` block: the lines after it, indented deeper. */
function runBlock(text: string, after: string): string {
  const lines = text.slice(text.indexOf(after)).split("\n");
  const start = lines.findIndex((l) => /^\s*run: \|\s*$/.test(l) || /^\s*run: \S/.test(l));
  const first = lines[start]!;
  if (!first.trim().endsWith("|")) return first.replace(/^\s*run: /, "");
  const indent = /^\s*/.exec(lines[start + 1]!)![0].length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== "" && /^\s*/.exec(line)![0].length < indent) break;
    body.push(line.slice(indent));
  }
  return body.join("\n");
}

const ZERO = "0".repeat(40);
const key = secretKey();
let npxDir = "";

beforeAll(() => {
  // `npx --yes roxels-guard@<version> …` runs this build's CLI.
  npxDir = tempDir("roxels-npx-");
  writeFileSync(
    path.join(npxDir, "npx"),
    `#!/bin/sh\n[ "$1" = --yes ] && case $2 in roxels-guard@*) ;; *) exit 99 ;; esac || exit 99\nshift 2\nexec "${process.execPath}" "${CLI}" "$@"\n`,
    { mode: 0o755 },
  );
});

/** A clone whose origin/main has one clean commit; `feature` adds `commits` on top. */
function clone(commits: Array<"key" | "clean">): { repo: Repo; base: string; head: string } {
  const origin = new Repo();
  origin.write("README.md", "# app\n").commitAll("start");
  const repo = new Repo(tempDir(), { init: false });
  repo.env = origin.env;
  spawnSync("git", ["clone", "-q", origin.dir, repo.dir], { env: repo.env });
  const base = repo.head();
  repo.git("checkout", "-q", "-b", "feature");
  commits.forEach((kind, i) => repo.write(`f${i}.js`, kind === "key" ? `export const k = "${key}";\n` : `export const v = ${i};\n`).commitAll(`c${i}`));
  return { repo, base, head: repo.head() };
}

function bash(repo: Repo, script: string, env: Record<string, string>) {
  const r = spawnSync("bash", ["-e", "-c", script], { cwd: repo.dir, env: { ...repo.env, ...env, PATH: `${npxDir}${path.delimiter}${repo.env.PATH}` }, encoding: "utf8" });
  return { status: r.status, all: r.stdout + r.stderr };
}

describe("docs/ci.md without the action", () => {
  const ciMd = readFileSync(path.join(ROOT, "docs/ci.md"), "utf8");
  const push = runBlock(ciMd, "<!-- recipe:push -->");
  const pullRequest = runBlock(ciMd, "<!-- recipe:pull_request -->");

  it("push: fails on a pushed key, passes clean commits, and refuses a range of no commits", () => {
    const withKey = clone(["clean", "key"]);
    const found = bash(withKey.repo, push, { BEFORE: withKey.base, AFTER: withKey.head, DEFAULT_BRANCH: "main" });
    expect(found.status, found.all).toBe(1);
    expect(found.all).toContain("f1.js:1:");

    const clean = clone(["clean"]);
    expect(bash(clean.repo, push, { BEFORE: clean.base, AFTER: clean.head, DEFAULT_BRANCH: "main" }).status).toBe(0);

    // A push that brings nothing new: never a silent pass.
    const nothing = bash(clean.repo, push, { BEFORE: clean.head, AFTER: clean.head, DEFAULT_BRANCH: "main" });
    expect(nothing.status).toBe(2);
    expect(nothing.all).toContain("holds no commits");
  });

  it("push of a new branch (before is all zeros): scans what the default branch lacks", () => {
    const { repo, head } = clone(["key", "clean"]);
    const r = bash(repo, push, { BEFORE: ZERO, AFTER: head, DEFAULT_BRANCH: "main" });
    expect(r.status, r.all).toBe(1);
    expect(r.all).toContain("f0.js:1:");
  });

  it("pull_request: scans base..head", () => {
    const { repo, base, head } = clone(["key"]);
    const r = bash(repo, pullRequest, { BASE: base, HEAD: head });
    expect(r.status, r.all).toBe(1);
    expect(r.all).toContain("f0.js:1:");
  });
});

describe("action.yml's range step", () => {
  const step = runBlock(readFileSync(path.join(ROOT, "action.yml"), "utf8"), "- id: range");

  function range(repo: Repo, env: Record<string, string>): Record<string, string> {
    const output = path.join(tempDir("roxels-gh-"), "output");
    writeFileSync(output, "");
    const base = { INPUT_RANGE: "", ALL_HISTORY: "false", EVENT: "push", PR_BASE: "", PR_HEAD: "", BEFORE: "", SHA: "", DEFAULT_BRANCH: "main", GITHUB_OUTPUT: output };
    const r = bash(repo, step, { ...base, ...env });
    expect(r.status, r.all).toBe(0);
    return Object.fromEntries(readFileSync(output, "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  }

  it("takes before..after on a push, base..head on a pull request, and says when a push holds no commits", () => {
    const { repo, base, head } = clone(["key"]);
    expect(range(repo, { BEFORE: base, SHA: head })).toEqual({ range: `${base}..${head}` });
    expect(range(repo, { EVENT: "pull_request", PR_BASE: base, PR_HEAD: head })).toEqual({ range: `${base}..${head}` });
    expect(range(repo, { BEFORE: ZERO, SHA: head })).toEqual({ range: `${head} --not origin/main` });
    expect(range(repo, { BEFORE: head, SHA: head })).toEqual({ range: `${head}..${head}`, skip: "true" });
  });
});
