/**
 * The pre-commit framework (https://pre-commit.com), the real tool from the Python
 * registry, using this repository's .pre-commit-hooks.yaml: the hook installs from a hook
 * repository that holds only what the hook needs (nothing is built), it finds a committed
 * key with `pre-commit run --all-files`, and on a commit it judges what is staged; its
 * commit-msg hook blocks a message holding a key.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";
import { masked, secretKey } from "../support/keys.js";
import { userEnv } from "../support/packed.js";
import { pythonTools } from "../support/registry-install.js";

const PRE_COMMIT = "pre-commit==4.6.2";

const scratch = mkdtempSync(path.join(os.tmpdir(), "roxels-pre-commit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let python = "";
// pre-commit's own cache of hook repositories, private to this test.
const env = userEnv({ PRE_COMMIT_HOME: path.join(scratch, "cache") });

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", args, { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function preCommit(cwd: string, ...args: string[]) {
  const r = spawnSync(python, ["-m", "pre_commit", ...args], { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, all: `${r.stdout}${r.stderr}` };
}

/** A repository holding what a clone of this one gives pre-commit for the hook: its manifest and pre-commit/. */
function hookRepository(): { dir: string; rev: string } {
  const dir = path.join(scratch, "hook-repo");
  for (const file of [".pre-commit-hooks.yaml", "pre-commit", "LICENSE"]) cpSync(path.join(REPO_ROOT, file), path.join(dir, file), { recursive: true });
  git(scratch, "init", "-q", "-b", "main", dir);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "hooks");
  return { dir, rev: git(dir, "rev-parse", "HEAD") };
}

function appRepository(name: string, hooks: { dir: string; rev: string }, ids = ["roxels-guard"]): string {
  const dir = path.join(scratch, name);
  git(scratch, "init", "-q", "-b", "main", dir);
  writeFileSync(path.join(dir, ".pre-commit-config.yaml"), `repos:\n  - repo: ${hooks.dir}\n    rev: ${hooks.rev}\n    hooks:\n${ids.map((id) => `      - id: ${id}\n`).join("")}`);
  writeFileSync(path.join(dir, "README.md"), "# an app\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "start");
  return dir;
}

describe("the pre-commit framework hook", () => {
  it("runs the prebuilt CLI kept in pre-commit/, at the CLI package's version", () => {
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, "packages/cli/package.json"), "utf8")) as { version: string }).version;
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "pre-commit/roxels-guard.cjs"), "--version"], { env, encoding: "utf8" });
    expect(r.stdout.trim()).toBe(version);
  });

  let hooks = { dir: "", rev: "" };
  beforeAll(async () => {
    python = await pythonTools([PRE_COMMIT]);
    hooks = hookRepository();
  }, 300_000);

  it("installs without building anything and finds a committed key with run --all-files", () => {
    const app = appRepository("app-all-files", hooks);
    const key = secretKey();
    writeFileSync(path.join(app, "config.js"), `export const roxels = "${key}";\n`);
    git(app, "add", "config.js");
    git(app, "commit", "-q", "--no-verify", "-m", "a key slips in");

    const run = preCommit(app, "run", "--all-files");
    expect(run.status, run.all).toBe(1);
    expect(run.all).toContain("config.js:1:");
    expect(run.all).toContain(masked(key));
    expect(run.all).not.toContain(key);

    writeFileSync(path.join(app, "config.js"), "export const roxels = process.env.ROXELS_API_KEY;\n");
    git(app, "commit", "-q", "--no-verify", "-am", "read it from the environment");
    expect(preCommit(app, "run", "--all-files").status).toBe(0);
  });

  it("as the git hook, blocks a commit that stages a key and judges only what is staged", () => {
    const app = appRepository("app-commit", hooks);
    const install = preCommit(app, "install");
    expect(install.status, install.all).toBe(0);
    const commit = (message: string) => spawnSync("git", ["commit", "-q", "-m", message], { cwd: app, env, encoding: "utf8" });

    const key = secretKey();
    writeFileSync(path.join(app, "settings.env"), `ROXELS_API_KEY=${key}\n`);
    git(app, "add", "settings.env");
    const blocked = commit("add settings");
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("settings.env:1:");
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    git(app, "rm", "-q", "--cached", "settings.env");

    // A clean line staged, the key left unstaged in the same file: pre-commit stashes the
    // unstaged part, and the commit goes through.
    writeFileSync(path.join(app, "notes.txt"), "first\n");
    git(app, "add", "notes.txt");
    writeFileSync(path.join(app, "notes.txt"), `first\n${key}\n`);
    const partly = commit("notes");
    expect(partly.status, partly.stdout + partly.stderr).toBe(0);
    expect(git(app, "show", "HEAD:notes.txt")).toBe("first");
  });

  it("as the commit-msg hook, blocks a message that holds a key and lets a clean one through", () => {
    const app = appRepository("app-commit-msg", hooks, ["roxels-guard-commit-msg"]);
    const install = preCommit(app, "install", "--hook-type", "commit-msg");
    expect(install.status, install.all).toBe(0);
    writeFileSync(path.join(app, "notes.txt"), "first\n");
    git(app, "add", "notes.txt");

    const key = secretKey();
    const blocked = spawnSync("git", ["commit", "-q", "-m", `rotate the key, the old one was ${key}`], { cwd: app, env, encoding: "utf8" });
    const said = blocked.stdout + blocked.stderr;
    expect(blocked.status, said).not.toBe(0);
    expect(said).toContain(masked(key));
    expect(said).not.toContain(key);
    expect(git(app, "rev-list", "--count", "HEAD")).toBe("1");

    const clean = spawnSync("git", ["commit", "-q", "-m", "add notes"], { cwd: app, env, encoding: "utf8" });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(git(app, "rev-list", "--count", "HEAD")).toBe("2");
  });
});
