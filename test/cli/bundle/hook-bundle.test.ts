/**
 * The pre-commit hook's bundle (packages/cli/dist/hook.cjs, built by
 * packages/cli/build/bundle.mjs): fresh after the build that `npm test` runs first,
 * loaded by the bin shim for exactly `scan --staged`, and behaving as the unbundled CLI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretKey } from "../../support/keys.js";
import { cleanupTempDirs, CLI, expectNoKey, Repo, ROOT, tempDir } from "../../support/repo.js";

afterAll(cleanupTempDirs);

const DIST = path.join(ROOT, "packages/cli/dist");

/** `scan --staged` through dist/main.js, bypassing the shim's choice of the bundle. */
function unbundled(repo: Repo, args: string[]) {
  const script = `const { run } = await import(${JSON.stringify(path.join(DIST, "main.js"))}); process.exitCode = await run(process.argv.slice(1));`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script, ...args], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
}

/** The repository's files a run of the bin loads, as ES modules and as CommonJS (Node's own debug logs). */
function loadedModules(repo: Repo, args: string[]): { esm: string[]; cjs: string[] } {
  const run = (log: string) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env, NODE_DEBUG: log }, encoding: "utf8" }).stderr;
  const files = (found: string[]) =>
    [...new Set(found.map((f) => path.relative(ROOT, f.startsWith("file:") ? new URL(f).pathname : f)))].filter((f) => /\.(c|m)?js$/.test(f));
  return {
    esm: files(run("esm").match(/file:\/\/[^\s'"]+/g) ?? []),
    cjs: files([...run("module").matchAll(/load "([^"]+)"/g)].map((m) => m[1]!)),
  };
}

describe("the hook bundle", () => {
  it("is what the bin loads for `scan --staged`, without any ES module, and only then", () => {
    const repo = new Repo();
    repo.write("a.txt", "hello\n").write(".roxelsguardignore", "vendor/\n").git("add", "-A");
    const staged = loadedModules(repo, ["scan", "--staged"]);
    expect(staged.esm).toEqual([]);
    // The hook's entry first (it starts git), then the command and the shared code; the
    // path rule's `ignore` is bundled, so nothing comes from node_modules.
    expect(staged.cjs.slice(0, 2)).toEqual(["packages/cli/bin/roxels-guard.js", "packages/cli/dist/hook.cjs"]);
    expect(staged.cjs.filter((f) => !/^packages\/cli\/(bin\/roxels-guard\.js|dist\/[\w~-]+\.cjs)$/.test(f))).toEqual([]);
    // Any other command line runs from the CLI's own bundle (test/cli/bundle/cli-bundle.test.ts).
    const other = loadedModules(repo, ["scan", "--staged", "--format", "json"]);
    expect(other.esm).toEqual([]);
    expect(other.cjs).toContain("packages/cli/dist/cli.cjs");
    expect(other.cjs).not.toContain("packages/cli/dist/hook.cjs");
  });

  it("reports, exits and fails as the unbundled CLI does", () => {
    const key = secretKey();
    const cases: Array<{ name: string; setup: (repo: Repo) => void; cwd?: (repo: Repo) => string }> = [
      { name: "nothing staged", setup: () => {} },
      { name: "a clean change", setup: (r) => r.write("src/a.js", "export const a = 1;\n").git("add", "-A") },
      {
        name: "a staged key",
        setup: (r) => r.write("src/config.js", `const a = 1;\nexport const key = "${key}";\n`).git("add", "-A"),
      },
      {
        name: "a bad config",
        setup: (r) => r.write("roxels-guard.config.json", `{"ignores": []}`).git("add", "-A"),
      },
      {
        name: "path rules and a fingerprint in the ignore file",
        setup: (r) =>
          r
            .write(".roxelsguardignore", "vendor/\n!vendor/keep.env\n")
            .write("vendor/x.env", `KEY=${key}\n`)
            .write("vendor/keep.env", `KEY=${key}\n`)
            .git("add", "-A"),
      },
      { name: "a subfolder", setup: (r) => r.write("sub/b.env", `KEY=${key}\n`).git("add", "-A"), cwd: (r) => r.path("sub") },
    ];
    for (const c of cases) {
      const repo = new Repo();
      c.setup(repo);
      const cwd = c.cwd?.(repo) ?? repo.dir;
      const viaBundle = repo.cli(["scan", "--staged"], { cwd });
      const viaMain = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", `const { run } = await import(${JSON.stringify(path.join(DIST, "main.js"))}); process.exitCode = await run(["scan", "--staged"]);`],
        { cwd, env: repo.env, encoding: "utf8" },
      );
      expect({ name: c.name, status: viaBundle.status, stdout: viaBundle.stdout, stderr: viaBundle.stderr }).toEqual({
        name: c.name,
        status: viaMain.status,
        stdout: viaMain.stdout,
        stderr: viaMain.stderr,
      });
      expectNoKey(viaBundle.all, [key]);
    }
    expect(unbundled(new Repo(), ["scan", "--staged"]).status).toBe(0);
  });

  it("fails closed outside a repository, as the unbundled CLI does", () => {
    const dir = tempDir();
    const repo = new Repo(dir, { init: false });
    const viaBundle = repo.cli(["scan", "--staged"]);
    const viaMain = unbundled(repo, ["scan", "--staged"]);
    expect(viaBundle.status).toBe(2);
    expect(viaBundle.stderr).toBe(viaMain.stderr);
    expect(viaBundle.stderr).toContain("not a git repository");
  });

  it("falls back to the unbundled CLI when the bundles were not built", () => {
    const copy = tempDir("roxels-cli-copy-");
    cpSync(path.join(ROOT, "packages/cli/bin"), path.join(copy, "bin"), { recursive: true });
    cpSync(DIST, path.join(copy, "dist"), { recursive: true });
    for (const bundle of readdirSync(path.join(copy, "dist")).filter((f) => f.endsWith(".cjs"))) rmSync(path.join(copy, "dist", bundle));
    mkdirSync(path.join(copy, "node_modules"));
    symlinkSync(path.join(ROOT, "node_modules/@roxels-guard"), path.join(copy, "node_modules/@roxels-guard"));
    symlinkSync(path.join(ROOT, "node_modules/picocolors"), path.join(copy, "node_modules/picocolors"));
    const repo = new Repo();
    const key = secretKey();
    repo.write("k.env", `KEY=${key}\n`).git("add", "-A");
    const r = spawnSync(process.execPath, [path.join(copy, "bin/roxels-guard.js"), "scan", "--staged"], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("k.env:1:5");
    expectNoKey(r.stdout + r.stderr, [key]);
  });
});

describe("a staged diff started early", () => {
  it("is handed over to the scan of the same folder, and killed when not taken", async () => {
    const { prestartStagedDiff, startStagedDiff } = await import("../../../packages/scanner/dist/git/staged-diff.js");
    const repo = new Repo();
    repo.write("a.txt", "hello\n").git("add", "a.txt");
    const read = async (diff: ReturnType<typeof startStagedDiff>) => {
      const chunks: Buffer[] = [];
      await diff.consume((c) => chunks.push(c));
      return Buffer.concat(chunks).toString("utf8");
    };
    const expected = await read(startStagedDiff(repo.dir, 60_000));
    expect(expected).toContain("+hello");

    // Same folder and limit: the early one is used, and discarding afterwards is a no-op.
    const early = prestartStagedDiff(repo.dir);
    const taken = startStagedDiff(repo.dir, 300_000);
    early.discard();
    expect(await read(taken)).toBe(expected);

    // Another folder: a fresh diff there, the early one is killed.
    const other = new Repo();
    other.write("b.txt", "other\n").git("add", "b.txt");
    prestartStagedDiff(repo.dir);
    expect(await read(startStagedDiff(other.dir, 300_000))).toContain("+other");

    // Not taken (a usage error before the scan): discard kills it and nothing is left to take.
    const unused = prestartStagedDiff(repo.dir);
    unused.discard();
    expect(await read(startStagedDiff(repo.dir, 300_000))).toBe(expected);
  });
});
