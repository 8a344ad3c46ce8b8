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
 * Reported as ms and as ms over the floor; the issue's target for the plugin is 60 ms over.
 *
 * Writes its section of bench/RESULTS.md (between <!-- install:start --> and <!-- install:end -->).
 * Environment: INSTALL_BENCH_RUNS (default 21).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machineMarkdown } from "./lib/machine.mjs";
import { median, timed } from "./lib/measure.mjs";
import { writeResultsSection } from "./lib/results.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.INSTALL_BENCH_RUNS ?? 21);

const scratch = mkdtempSync(path.join(os.tmpdir(), "roxels-install-bench-"));
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
    { name: 'plugin: `require("eslint-plugin-roxels")`', args: ["-e", 'require("eslint-plugin-roxels")'], cwd: pluginApp },
    { name: 'plugin: `import("eslint-plugin-roxels")`', args: ["--input-type=module", "-e", 'await import("eslint-plugin-roxels")'], cwd: pluginApp },
    { name: "CLI: `roxels-guard --version`", args: [bin, "--version"], cwd: cliApp },
    { name: "CLI: `roxels-guard scan --staged`, nothing staged", args: [bin, "scan", "--staged"], cwd: cliApp },
  ];
  const times = cases.map(() => []);
  for (let run = -1; run < RUNS; run++) {
    cases.forEach((c, i) => {
      const r = timed(process.execPath, c.args, { cwd: c.cwd });
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      if (run >= 0) times[i].push(r.seconds * 1000);
    });
  }
  const floor = median(times[0]);
  const rows = cases.map((c, i) => {
    const ms = median(times[i]);
    return `| ${c.name} | ${ms.toFixed(1)} | ${i === 0 ? "—" : `+${(ms - floor).toFixed(1)}`} | ${(ms / floor).toFixed(2)}× |`;
  });
  const markdown = `## Installed from the tarballs (\`node bench/install.mjs\`)

The CLI and the ESLint plugin packed with \`npm pack\` and installed alone into fresh
projects; median wall time of ${RUNS} interleaved runs after a warm-up. The issue's
target for the plugin: at most 60 ms over \`node -e 0\`.

| command | ms | over the floor | ratio |
| --- | ---: | ---: | ---: |
${rows.join("\n")}

${machineMarkdown()}`;
  process.stdout.write(`${markdown}\n`);
  writeResultsSection("install", markdown);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
