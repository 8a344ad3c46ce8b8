#!/usr/bin/env node
/**
 * Install bench (issue 9), standalone: `node bench/install.mjs` after `npm run build`.
 *
 * What a user pays from the installed tarballs: `npm pack` of the CLI and of the ESLint
 * plugin, each installed into a fresh project outside the repository (the plugin next to
 * the repository's own eslint, found through NODE_PATH-free resolution: a symlink), then
 * the median wall time of, interleaved, after a warm-up:
 *   - `node -e 0`, the floor;
 *   - importing the plugin with require() and with import();
 *   - the CLI's `--version` and `scan --staged` in an empty repository (the hook's path).
 * Reported as ms and as ms over the floor; the target for the plugin is 60 ms over.
 *
 * Writes its section of bench/RESULTS.md (between <!-- install:start --> and <!-- install:end -->).
 * Environment: INSTALL_BENCH_RUNS (default 21).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machineMarkdown } from "./lib/machine.mjs";
import { hasGnuTime, median } from "./lib/measure.mjs";
import { writeResultsSection } from "./lib/results.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.INSTALL_BENCH_RUNS ?? 21);

const scratch = mkdtempSync(path.join(os.tmpdir(), "roxels-install-bench-"));
/**
 * Wall time, and CPU time (user + system, from GNU time when installed): on a machine shared
 * with other work the wall time swings by tens of ms, the CPU time much less.
 */
function run(args, cwd) {
  const cpuFile = path.join(scratch, "cpu");
  const gnu = hasGnuTime();
  const started = process.hrtime.bigint();
  const r = gnu
    ? spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", cpuFile, process.execPath, ...args], { cwd, encoding: "utf8" })
    : spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = gnu ? readFileSync(cpuFile, "utf8").trim().split("\n").at(-1).split(" ").reduce((a, b) => a + Number(b) * 1000, 0) : null;
  return { status: r.status, stderr: r.stderr, wall, cpu };
}

const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

try {
  const tarball = (folder) => {
    const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", scratch], path.join(ROOT, folder)));
    return path.join(scratch, info.filename);
  };
  const project = (name) => {
    const dir = path.join(scratch, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
    return dir;
  };

  const cliApp = project("cli-app");
  npm(["install", "--offline", "--no-audit", "--no-fund", tarball("packages/cli")], cliApp);
  execFileSync("git", ["init", "-q"], { cwd: cliApp });
  const pluginApp = project("plugin-app");
  npm(["install", "--prefer-offline", "--legacy-peer-deps", "--no-audit", "--no-fund", tarball("packages/eslint-plugin")], pluginApp);
  // eslint, the peer, as the app would have it: the repository's own copy.
  symlinkSync(path.join(ROOT, "node_modules/eslint"), path.join(pluginApp, "node_modules/eslint"));

  const bin = path.join(cliApp, "node_modules/roxels-guard/bin/roxels-guard.js");
  const cases = [
    { name: "`node -e 0` (floor)", args: ["-e", "0"], cwd: cliApp },
    { name: "`node --input-type=module -e 0` (floor with the ES module loader)", args: ["--input-type=module", "-e", "0"], cwd: cliApp, floor: true },
    { name: 'plugin: `require("eslint-plugin-roxels")`', args: ["-e", 'require("eslint-plugin-roxels")'], cwd: pluginApp },
    { name: 'plugin: `import("eslint-plugin-roxels")`', args: ["--input-type=module", "-e", 'await import("eslint-plugin-roxels")'], cwd: pluginApp, esm: true },
    { name: "CLI: `roxels-guard --version`", args: [bin, "--version"], cwd: cliApp },
    { name: "CLI: `roxels-guard scan --staged`, nothing staged", args: [bin, "scan", "--staged"], cwd: cliApp },
  ];
  const wall = cases.map(() => []);
  const cpu = cases.map(() => []);
  for (let round = -1; round < RUNS; round++) {
    cases.forEach((c, i) => {
      const r = run(c.args, c.cwd);
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      if (round >= 0) {
        wall[i].push(r.wall);
        if (r.cpu !== null) cpu[i].push(r.cpu);
      }
    });
  }
  const over = (values, i, c) => {
    if (values[i].length === 0) return "n/a";
    // An ES module's import() is held to the floor that also starts the ES module loader.
    const base = median(values[c.esm ? 1 : 0]);
    const ms = median(values[i]);
    const delta = i === 0 || c.floor ? "" : ` (${ms - base >= 0 ? "+" : ""}${(ms - base).toFixed(0)}, ${(ms / base).toFixed(2)}×)`;
    return `${ms.toFixed(0)}${delta}`;
  };
  const rows = cases.map((c, i) => `| ${c.name} | ${over(wall, i, c)} | ${over(cpu, i, c)} |`);
  const markdown = `## Installed from the tarballs (\`node bench/install.mjs\`)

The CLI and the ESLint plugin packed with \`npm pack\` and installed alone into fresh
projects; median wall time of ${RUNS} interleaved runs after a warm-up. The issue's
target for the plugin: at most 60 ms over \`node -e 0\` (\`import()\` is held to the floor
that starts the ES module loader too). GNU time reports CPU time in steps of 10 ms. On a
2-core machine shared with other work, wall times swing by tens of ms: re-run on a quiet one.

| command | wall ms (over the floor, ratio) | CPU ms, user + system (over the floor, ratio) |
| --- | ---: | ---: |
${rows.join("\n")}

${machineMarkdown()}`;
  process.stdout.write(`${markdown}\n`);
  writeResultsSection("install", markdown);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
