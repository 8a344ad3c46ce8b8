/**
 * The CLI's bundle (packages/cli/dist/cli.cjs, and the file scan's worker,
 * dist/prefilter-worker.cjs, built by packages/cli/build/bundle.mjs): fresh after the
 * build that `npm test` runs first, what the bin runs for every command line but the
 * hook's, free of ES modules, and behaving exactly as the unbundled CLI (dist/main.js).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretKey } from "../../support/keys.js";
import { CLI_BIN, cleanEnv, expectNoKeyIn, REPO_ROOT, tempTree } from "../../support/cli.js";

const DIST = path.join(REPO_ROOT, "packages/cli/dist");
const BUILD = path.join(REPO_ROOT, "packages/cli/build/bundle.mjs");

const keys = [secretKey(), secretKey({ hyphen: true })];
// Enough files for the scan to start its worker thread (scan-files.ts PARALLEL_MIN_FILES).
const files: Record<string, string> = { ".env": `ROXELS_KEY=${keys[0]}\n`, "src/b64.yaml": `auth: ${Buffer.from(`u:${keys[1]}`).toString("base64")}\n` };
for (let i = 0; i < 300; i++) files[`src/m${i}.js`] = `export const v${i} = ${i};\n`;
const t = tempTree(files);
// Files for the worker to read: the test seam sends it every one.
const padding = "export function add(a, b) {\n  return a + b;\n}\n".repeat(20);
const heavy = tempTree(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`src/m${i}.js`, `${padding}export const v = ${i};\n`])));
const scratch = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-bundle-"));
afterAll(() => {
  t.cleanup();
  heavy.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

function viaBin(args: string[], env: Record<string, string> = {}, cwd = t.dir) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, env: cleanEnv(env), encoding: "utf8" });
}

function viaMain(args: string[]) {
  const script = `const { run } = await import(${JSON.stringify(path.join(DIST, "main.js"))}); process.exitCode = await run(process.argv.slice(1));`;
  // After "--", so that node does not take --version and --help for itself.
  return spawnSync(process.execPath, ["--input-type=module", "-e", script, "--", ...args], { cwd: t.dir, env: cleanEnv(), encoding: "utf8" });
}

describe("the CLI bundle", () => {
  it("is what the bundler makes of the current build, and needs nothing but Node", () => {
    const build = spawnSync(process.execPath, [BUILD, "--out-dir", scratch], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    const bundles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".cjs")).sort();
    expect(bundles(DIST)).toEqual(bundles(scratch));
    expect(bundles(DIST)).toEqual(expect.arrayContaining(["cli.cjs", "hook.cjs", "prefilter-worker.cjs"]));
    for (const file of bundles(DIST)) {
      const text = readFileSync(path.join(DIST, file), "utf8");
      expect(text, file).toBe(readFileSync(path.join(scratch, file), "utf8"));
      // Self-contained: the npm package ships these files and no dependency.
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      expect(required.filter((id) => !/^(node:|\.\/)/.test(id) && id !== "url"), file).toEqual([]);
      expect(text, file).not.toContain("import.meta");
    }
  });

  it("runs a file scan, its worker thread included, without any ES module or anything from node_modules", () => {
    // The scanner's test seam sends every file through the worker, so its bundle must load
    // and do the work whatever the scheduling.
    const ours = (f: string) => f === "packages/cli/bin/roxels-guard.js" || /^packages\/cli\/dist\/[\w~-]+\.cjs$/.test(f);
    const run = viaBin(["scan", ".", "--format", "json", "--debug"], { NODE_DEBUG: "esm,module", ROXELS_GUARD_TEST_PREFILTER_WORKERS: "1" }, heavy.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.match(/file:\/\/\S+/g) ?? []).toEqual([]);
    const loaded = [...new Set([...run.stderr.matchAll(/load "([^"]+)"/g)].map((m) => path.relative(REPO_ROOT, m[1]!)))];
    // The bundles carry their libraries.
    expect(loaded.filter((f) => !ours(f))).toEqual([]);
    expect(loaded.slice(0, 2)).toEqual(["packages/cli/bin/roxels-guard.js", "packages/cli/dist/cli.cjs"]);
    // The API client, the build guard and the hook set-up are other commands' chunks.
    expect(loaded.filter((f) => /chunk-(keys|check-build|setup)\.cjs$/.test(f))).toEqual([]);
    expect(loaded).toContain("packages/cli/dist/chunk-shared.cjs");
    // Not vacuous: the worker read every file (and the main thread none).
    expect(run.stderr).toMatch(/pre-filtered 1500 files: 0 on the main thread, 1500 on worker 1;/);
  });

  it("has a worker bundle that loads as CommonJS, from the bundle's own files", () => {
    const script = `const m = require(${JSON.stringify(path.join(DIST, "prefilter-worker.cjs"))}); console.log(typeof m.runPrefilterWorker);`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: t.dir, env: cleanEnv({ NODE_DEBUG: "esm,module" }), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("function");
    expect(run.stderr.match(/file:\/\/\S+/g) ?? []).toEqual([]);
    const loaded = [...run.stderr.matchAll(/load "([^"]+)"/g)].map((m) => path.relative(REPO_ROOT, m[1]!));
    // The worker's own small chunk, not the rest of the CLI.
    expect(loaded.filter((f) => f !== "[eval]").sort()).toEqual(["packages/cli/dist/chunk-rolldown-runtime.cjs", "packages/cli/dist/chunk-worker.cjs", "packages/cli/dist/prefilter-worker.cjs"]);
  });

  it("prints, writes and exits as the unbundled CLI does", () => {
    const cases = [
      ["scan", "."],
      ["scan", ".", "--format", "json"],
      ["scan", ".", "--format", "sarif"],
      ["scan", ".", "--explain", "--no-color"],
      ["scan", "no-such-folder"],
      ["scan", ".", "--format", "xml"],
      ["baseline", "."],
      ["verify", "--help"],
      ["--version"],
      ["--help"],
      ["frobnicate"],
    ];
    for (const args of cases) {
      const bundled = viaBin(args);
      const unbundled = viaMain(args);
      expect({ args, status: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({
        args,
        status: unbundled.status,
        stdout: unbundled.stdout,
        stderr: unbundled.stderr,
      });
      expectNoKeyIn([bundled.stdout, bundled.stderr], keys);
    }
    // Not vacuous: the scan found both keys, the encoded one through the worker's pre-filter.
    const report = JSON.parse(viaBin(["scan", ".", "--format", "json"]).stdout) as { findings: Array<{ file: string }> };
    expect(report.findings.map((f) => f.file)).toEqual([".env", "src/b64.yaml"]);
  });
});
