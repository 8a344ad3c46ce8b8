/**
 * The pre-commit hook's bundle (packages/cli/dist/hook.cjs, built by
 * packages/cli/build/bundle.mjs): fresh after the build that `npm test` runs first,
 * loaded by the bin shim for exactly `scan --staged`, and behaving as the unbundled CLI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { cleanupTempDirs, CLI, expectNoKey, Repo, ROOT, tempDir } from "./support/repo.js";

afterAll(cleanupTempDirs);

const DIST = path.join(ROOT, "packages/cli/dist");
const BUNDLE = path.join(DIST, "hook.cjs");
const BUILD = path.join(ROOT, "packages/cli/build/bundle.mjs");

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
  it("is what the bundler makes of the current build (npm test rebuilds it first)", () => {
    const out = path.join(tempDir("rg-bundle-"), "hook.cjs");
    const build = spawnSync(process.execPath, [BUILD, "--only", "hook", "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    expect(readFileSync(BUNDLE, "utf8")).toBe(readFileSync(out, "utf8"));
  });

  it("keeps out what resolves files relative to its own module, and what the hook never runs", () => {
    const text = readFileSync(BUNDLE, "utf8");
    expect(text).not.toContain("import.meta");
    // gitignore-rules is bundled, requiring `ignore` from where the unbundled module is.
    expect(text).toContain(`createRequire)(require.resolve("@roxels-guard/scanner/gitignore-rules"))("ignore")`);
    for (const lazy of ["@roxels-guard/scanner/history", "@roxels-guard/scanner/scan-files", "./version.js", "./commands/install.js"]) {
      expect(text).toContain(`import(${JSON.stringify(lazy)})`);
    }
  });

  it("is what the bin loads for `scan --staged`, without any ES module, and only then", () => {
    const repo = new Repo();
    repo.write("a.txt", "hello\n").write(".roxelsguardignore", "vendor/\n").git("add", "-A");
    const staged = loadedModules(repo, ["scan", "--staged"]);
    expect(staged.esm).toEqual([]);
    expect(staged.cjs.filter((m) => !m.includes("node_modules/"))).toEqual(["packages/cli/bin/roxels-guard.js", "packages/cli/dist/hook.cjs"]);
    // `ignore` (for the path rule) resolved from the scanner, as the unbundled module resolves it.
    const fromScanner = path.relative(ROOT, createRequire(path.join(ROOT, "packages/scanner/dist/gitignore-rules.js")).resolve("ignore"));
    expect(staged.cjs.filter((m) => m.includes("node_modules/"))).toEqual([fromScanner]);
    // Any other command line runs from the CLI's own bundle (test/cli/cli-bundle.test.ts).
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
    const copy = tempDir("rg-cli-copy-");
    cpSync(path.join(ROOT, "packages/cli/bin"), path.join(copy, "bin"), { recursive: true });
    cpSync(DIST, path.join(copy, "dist"), { recursive: true });
    for (const bundle of ["hook.cjs", "cli.cjs", "prefilter-worker.cjs"]) rmSync(path.join(copy, "dist", bundle));
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
    const { prestartStagedDiff, startStagedDiff } = await import("@roxels-guard/scanner/git/staged-diff");
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
