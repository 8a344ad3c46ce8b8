#!/usr/bin/env node
/**
 * Git bench (issue 3), standalone: `node bench/git.mjs` after `npm run build` (tsc -b and the
 * hook bundle, packages/cli/dist/hook.cjs, which the bin shim runs for `scan --staged`).
 *
 * (a) The pre-commit hook on a 10-file commit in a generated repository of 20,000 files
 *     and 2,000 commits: median wall time of the whole installed hook (sh, git, Node's
 *     start-up, the scan), side by side in one interleaved run with `node -e 0` (the
 *     floor) and with secretlint run on the same staged files the way lint-staged runs it.
 * (b) `scan --history` of that repository and of this one: commits/s and MB of patch/s,
 *     against the floor of the same `git log -p` alone writing to /dev/null; peak RSS.
 *
 * The repository is generated with `git fast-import` into bench/.tmp/git-repo (reused
 * when already there). Its history holds planted keys (made at run time), some added
 * twice, some later deleted; the history scan's findings are checked against them, so a
 * fast but broken scan fails the bench. Keys are never printed.
 *
 * Writes its section of bench/RESULTS.md (between <!-- git:start --> and <!-- git:end -->).
 * Environment: GIT_BENCH_HOOK_RUNS (default 15), GIT_BENCH_HISTORY_RUNS (default 3).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { machineMarkdown } from "./lib/machine.mjs";
import { hasGnuTime, median, timed } from "./lib/measure.mjs";
import { writeResultsSection } from "./lib/results.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = path.join(ROOT, "bench", ".tmp");
const REPO = path.join(TMP, "git-repo");
const CLI = path.join(ROOT, "packages", "cli", "bin", "roxels-guard.js");
const MAIN = path.join(ROOT, "packages", "cli", "dist", "main.js");
const SECRETLINT = path.join(ROOT, "node_modules", "secretlint", "bin", "secretlint.js");
const IGNORE_PACKAGE = [path.join(ROOT, "packages", "scanner", "node_modules", "ignore", "index.js"), path.join(ROOT, "node_modules", "ignore", "index.js")].find((f) => existsSync(f));
const HOOK_RUNS = Math.max(3, Number(process.env.GIT_BENCH_HOOK_RUNS ?? 15));
const HISTORY_RUNS = Math.max(1, Number(process.env.GIT_BENCH_HISTORY_RUNS ?? 3));

const FILES = 20_000;
const COMMITS = 2_000;
const PLANTED_KEYS = 12;
const GENERATOR_VERSION = "git-bench-v1";
const TARGETS = { hookVsFloor: 1.4, historyVsGitLog: 1.5 };

const log = (line) => process.stderr.write(`[git bench] ${line}\n`);
const fail = (message) => {
  process.stderr.write(`[git bench] FAILED: ${message}\n`);
  process.exit(1);
};

/** Nothing of the machine's git configuration or of an enclosing hook leaks in. */
const ENV = (() => {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_") && !k.startsWith("ROXELS_GUARD")) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: path.join(TMP, "git-home"),
    GIT_AUTHOR_NAME: "Bench",
    GIT_AUTHOR_EMAIL: "bench@example.com",
    GIT_COMMITTER_NAME: "Bench",
    GIT_COMMITTER_EMAIL: "bench@example.com",
    NO_COLOR: "1",
  };
})();

function git(cwd, ...args) {
  const r = spawnSync("git", args, { cwd, env: ENV, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) fail(`git ${args.join(" ")}: ${r.stderr.trim().split("\n")[0]}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------
// The generated repository.

/** Deterministic pseudo-random numbers (mulberry32): the same repository every time. */
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = "alpha beta gamma delta render fetch parse config value handler request response cache token user item list map".split(" ");

function baseLines(fileId) {
  const random = prng(fileId + 1);
  const count = 20 + (fileId % 25);
  const lines = [`// module ${fileId}`, `import { helper } from "./helper-${fileId % 97}.js";`, ""];
  for (let j = 0; j < count; j++) {
    const a = WORDS[Math.floor(random() * WORDS.length)];
    const b = WORDS[Math.floor(random() * WORDS.length)];
    lines.push(`export function ${a}${fileId}_${j}(${b}) { return helper(${b}, "${a}-${Math.floor(random() * 1e6)}"); }`);
  }
  return lines;
}

function fileContent(fileId, version) {
  const lines = baseLines(fileId);
  for (let v = 1; v <= version; v++) lines.push(`export const revision${v} = ${fileId * 31 + v}; // change ${v}`);
  return `${lines.join("\n")}\n`;
}

const filePath = (fileId) => `src/pkg${String(fileId % 200).padStart(3, "0")}/module-${fileId}.js`;

function randomBody(length) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += alphabet[byte % 62];
  return out;
}

/** Writes the fast-import stream to git, respecting back-pressure. */
async function generateRepository() {
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  mkdirSync(ENV.HOME, { recursive: true });
  git(REPO, "init", "-q", "-b", "main");
  const child = spawn("git", ["fast-import", "--quiet", "--done"], { cwd: REPO, env: ENV, stdio: ["pipe", "inherit", "inherit"] });
  const exited = new Promise((resolve) => child.on("close", resolve));
  let pending = [];
  let pendingBytes = 0;
  const write = async (text) => {
    pending.push(text);
    pendingBytes += text.length;
    if (pendingBytes < 1 << 20) return;
    const ok = child.stdin.write(pending.join(""));
    pending = [];
    pendingBytes = 0;
    if (!ok) await new Promise((resolve) => child.stdin.once("drain", resolve));
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  const random = prng(42);
  const versions = new Int32Array(FILES);
  const filesPerCommit = FILES / COMMITS;
  // Planted keys: key k is added at commit plantAt[k] in its own file; even keys are
  // deleted 100 commits later; every third key is added a second time elsewhere later.
  const keys = Array.from({ length: PLANTED_KEYS }, () => `sk_${randomBody(32)}`);
  const plantAt = keys.map((_, k) => 50 + k * 150);
  const planted = [];
  let start = Date.UTC(2024, 0, 1) / 1000;
  for (let c = 0; c < COMMITS; c++) {
    const when = start + c * 3600;
    let commit = `commit refs/heads/main\nmark :${c + 1}\nauthor Dev ${c % 7} <dev${c % 7}@example.com> ${when} +0000\ncommitter Bench <bench@example.com> ${when} +0000\n${data(`commit ${c + 1}`)}`;
    if (c > 0) commit += `from :${c}\n`;
    for (let f = c * filesPerCommit; f < (c + 1) * filesPerCommit; f++) commit += `M 100644 inline ${filePath(f)}\n${data(fileContent(f, 0))}`;
    // A few changes to existing files per commit: patches with context, like real history.
    const existing = c * filesPerCommit;
    for (let m = 0; m < 3 && existing > 0; m++) {
      const f = Math.floor(random() * existing);
      versions[f]++;
      commit += `M 100644 inline ${filePath(f)}\n${data(fileContent(f, versions[f]))}`;
    }
    keys.forEach((key, k) => {
      if (c === plantAt[k]) {
        commit += `M 100644 inline config/service-${k}.env\n${data(`# service ${k}\nROXELS_API_KEY=${key}\n`)}`;
        planted.push({ k, commit: c + 1, file: `config/service-${k}.env`, line: 2 });
      }
      if (k % 2 === 0 && c === plantAt[k] + 100) commit += `D config/service-${k}.env\n`;
      if (k % 3 === 0 && c === plantAt[k] + 120) commit += `M 100644 inline docs/copied-${k}.md\n${data(`Example:\n\n    export ROXELS_API_KEY=${key}\n`)}`;
    });
    await write(commit);
  }
  await write("done\n");
  child.stdin.end(pending.join(""));
  const code = await exited;
  if (code !== 0) fail(`git fast-import exited with ${code}`);
  git(REPO, "checkout", "-q", "-f", "main");
  const expected = { keys: PLANTED_KEYS, addedTwice: keys.filter((_, k) => k % 3 === 0).length };
  writeFileSync(path.join(REPO, ".git", "bench-generator.json"), JSON.stringify({ version: GENERATOR_VERSION, expected }));
  return expected;
}

async function ensureRepository() {
  const marker = path.join(REPO, ".git", "bench-generator.json");
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, "utf8"));
    if (info.version === GENERATOR_VERSION) {
      git(REPO, "reset", "-q", "--hard", "main");
      git(REPO, "clean", "-q", "-fdx", "-e", "node_modules");
      return info.expected;
    }
  }
  log(`generating ${FILES} files in ${COMMITS} commits with git fast-import…`);
  const started = Date.now();
  const expected = await generateRepository();
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return expected;
}

// ---------------------------------------------------------------------------------------
// (a) The hook.

function secretlintConfig() {
  const file = path.join(TMP, "git-secretlintrc.json");
  const config = {
    rules: [
      { id: "@secretlint/secretlint-rule-preset-recommend" },
      {
        id: "@secretlint/secretlint-rule-pattern",
        options: { patterns: [{ name: "Roxels secret key", patterns: [String.raw`/\bsk[_-][A-Za-z0-9]{24,64}\b/`] }] },
      },
    ],
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function prepareHook() {
  const bin = path.join(REPO, "node_modules", ".bin");
  mkdirSync(bin, { recursive: true });
  rmSync(path.join(bin, "roxels-guard"), { force: true });
  symlinkSync(CLI, path.join(bin, "roxels-guard"));
  appendFileSync(path.join(REPO, ".git", "info", "exclude"), "node_modules/\n");
  const install = spawnSync(process.execPath, [CLI, "install"], { cwd: REPO, env: ENV, encoding: "utf8" });
  if (install.status !== 0) fail(`roxels-guard install: ${install.stderr}`);
  // The 10-file commit: appended lines in ten existing files, staged.
  const staged = [];
  for (let i = 0; i < 10; i++) {
    const file = filePath(1000 + i * 1777);
    appendFileSync(path.join(REPO, file), `export const added${i} = "${WORDS[i]}"; // bench edit\n`);
    staged.push(file);
  }
  git(REPO, "add", "--", ...staged);
  return staged;
}

function benchHook() {
  const staged = prepareHook();
  const config = secretlintConfig();
  const hook = path.join(REPO, ".git", "hooks", "pre-commit");
  const variants = [
    { name: "`node -e 0` (the floor)", command: process.execPath, args: ["-e", "0"], expect: 0 },
    { name: "roxels-guard pre-commit hook (`sh .git/hooks/pre-commit`)", command: "sh", args: [hook], expect: 0, hook: true },
    { name: "`roxels-guard scan --staged` alone (the bundle, dist/hook.cjs)", command: process.execPath, args: [CLI, "scan", "--staged"], expect: 0 },
    // Any other command line runs from the CLI's general bundle, which starts git later.
    { name: "for reference: the same scan from the general bundle (`scan --staged --no-color` → dist/cli.cjs)", command: process.execPath, args: [CLI, "scan", "--staged", "--no-color"], expect: 0 },
    // And from the ES modules, as before any bundle.
    {
      name: "for reference: the same scan unbundled (dist/main.js, ES modules)",
      command: process.execPath,
      args: ["--input-type=module", "-e", `const { run } = await import(${JSON.stringify(pathToFileURL(MAIN).href)}); process.exitCode = await run(["scan", "--staged"]);`],
      expect: 0,
    },
    // For reference: importing `ignore` (CommonJS) from ESM costs far more than loading the
    // same file with require, as the scanner does.
    {
      name: "for reference: `import()` of the `ignore` package (as the scanner's settings load it)",
      command: process.execPath,
      args: ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(IGNORE_PACKAGE).href)})`],
      expect: 0,
    },
    {
      name: "for reference: `require()` of the same file (`createRequire`)",
      command: process.execPath,
      args: ["--input-type=module", "-e", `import { createRequire } from "node:module"; createRequire(import.meta.url)(${JSON.stringify(IGNORE_PACKAGE)})`],
      expect: 0,
    },
    {
      name: "secretlint on the 10 staged files (as lint-staged runs it)",
      command: process.execPath,
      args: [SECRETLINT, "--secretlintrc", config, "--no-color", ...staged],
      expect: 0,
    },
  ];
  const times = variants.map(() => []);
  log(`hook: ${HOOK_RUNS} interleaved runs of ${variants.length} variants (after one warm-up each)…`);
  for (let run = -1; run < HOOK_RUNS; run++) {
    variants.forEach((v, i) => {
      const r = timed(v.command, v.args, { cwd: REPO, env: ENV });
      if (r.status !== v.expect) fail(`${v.name} exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n")[0]}`);
      if (run >= 0) times[i].push(r.seconds);
    });
  }
  // A correctness check on the same repository: a staged key blocks.
  const planted = `sk_${randomBody(32)}`;
  appendFileSync(path.join(REPO, staged[0]), `const leaked = "${planted}";\n`);
  git(REPO, "add", "--", staged[0]);
  const blocked = spawnSync("sh", [hook], { cwd: REPO, env: ENV, encoding: "utf8" });
  if (blocked.status !== 1 || !`${blocked.stdout}${blocked.stderr}`.includes("commit blocked")) fail("the hook did not block a staged key");
  if (`${blocked.stdout}${blocked.stderr}`.includes(planted)) fail("the hook printed a key in full");
  git(REPO, "reset", "-q", "--hard", "main");

  const floor = median(times[0]);
  return variants.map((v, i) => ({ name: v.name, seconds: median(times[i]), min: Math.min(...times[i]), ratio: median(times[i]) / floor }));
}

// ---------------------------------------------------------------------------------------
// (b) History.

/** The exact `git log` the scanner runs, so the floor does the same git work. */
async function historyArgs() {
  const { HISTORY_LOG_ARGS } = await import("@roxels-guard/scanner/history");
  return HISTORY_LOG_ARGS;
}

function patchBytes(repo, args) {
  const r = spawnSync("sh", ["-c", `git ${args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")} HEAD -- | wc -c`], { cwd: repo, env: ENV, encoding: "utf8" });
  return Number(r.stdout.trim());
}

/** Node's own peak RSS (GNU time would report the larger of Node and its git child). */
function rssProbe() {
  const file = path.join(TMP, "git-rss-probe.cjs");
  writeFileSync(
    file,
    'process.on("exit", () => { const u = process.resourceUsage(); require("node:fs").writeFileSync(process.env.RSS_PROBE_FILE, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`); });\n',
  );
  return file;
}

function benchHistory(label, repo, args, expected) {
  const commits = Number(git(repo, "rev-list", "--count", "HEAD").trim());
  const bytes = patchBytes(repo, args);
  const floorScript = `exec git ${args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")} HEAD -- > /dev/null`;
  const floorTimes = [];
  const scanTimes = [];
  let floorRss = null;
  let scanRss = null;
  let report = null;
  let nodeRss = 0;
  const nodeCpu = [];
  const probe = rssProbe();
  const probeFile = path.join(TMP, "git-rss-probe.out");
  log(`history of ${label}: ${commits} commits, ${(bytes / 1e6).toFixed(1)} MB of patch; ${HISTORY_RUNS} interleaved runs…`);
  for (let run = -1; run < HISTORY_RUNS; run++) {
    const floor = timed("sh", ["-c", floorScript], { cwd: repo, env: ENV });
    if (floor.status !== 0) fail(`git log: ${floor.stderr}`);
    const scan = timed(process.execPath, ["--require", probe, CLI, "scan", "--history", "--format", "json"], {
      cwd: repo,
      env: { ...ENV, RSS_PROBE_FILE: probeFile },
    });
    if (scan.status !== 0 && scan.status !== 1) fail(`scan --history exited ${scan.status}: ${scan.stderr.trim()}`);
    if (run < 0) continue;
    floorTimes.push(floor.seconds);
    scanTimes.push(scan.seconds);
    floorRss = Math.max(floorRss ?? 0, floor.rssKB ?? 0) || null;
    scanRss = Math.max(scanRss ?? 0, scan.rssKB ?? 0) || null;
    report = JSON.parse(scan.stdout);
    const [rss, cpu] = readFileSync(probeFile, "utf8").split(" ").map(Number);
    nodeRss = Math.max(nodeRss, rss);
    nodeCpu.push(cpu / 1e6);
  }
  if (report.stats.commits !== commits) fail(`${label}: scanned ${report.stats.commits} commits, expected ${commits}`);
  if (expected) {
    const findings = report.findings.filter((f) => f.file.startsWith("config/") || f.file.startsWith("docs/copied-"));
    if (findings.length !== expected.keys) fail(`${label}: ${findings.length} keys reported, ${expected.keys} planted`);
    const twice = findings.filter((f) => f.occurrences === 2).length;
    if (twice !== expected.addedTwice) fail(`${label}: ${twice} keys reported as added twice, expected ${expected.addedTwice}`);
    if (JSON.stringify(report).match(/sk_[A-Za-z0-9]{32}/)) fail("a full key in the report");
  }
  // Bounded memory, shown rather than claimed: the whole history through a 16 MB heap.
  const small = timed(process.execPath, ["--max-old-space-size=16", CLI, "scan", "--history", "--format", "json"], { cwd: repo, env: ENV });
  if (small.status !== 0 && small.status !== 1) fail(`${label}: scan --history with a 16 MB heap exited ${small.status}`);
  const floor = median(floorTimes);
  const scan = median(scanTimes);
  return { label, commits, bytes, floor, scan, floorRss, scanRss, nodeRss, nodeCpu: median(nodeCpu), findings: report.findings.length };
}

// ---------------------------------------------------------------------------------------

function fmtS(seconds) {
  return seconds < 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(2)} s`;
}
const fmtMB = (kb) => (kb === null ? "n/a" : `${(kb / 1024).toFixed(0)} MB`);

async function main() {
  if (!existsSync(path.join(ROOT, "packages", "scanner", "dist", "history.js"))) fail("build first: npm run build");
  if (!existsSync(path.join(ROOT, "packages", "cli", "dist", "hook.cjs"))) fail("the hook bundle is missing: npm run build");
  mkdirSync(TMP, { recursive: true });
  const started = Date.now();
  const expected = await ensureRepository();
  const args = await historyArgs();

  const hook = benchHook();
  const history = [benchHistory("generated repository", REPO, args, expected), benchHistory("this repository", ROOT, args, null)];

  const lines = [];
  lines.push("## Git-aware scanning (`node bench/git.mjs`)");
  lines.push("");
  lines.push(machineMarkdown());
  lines.push("");
  lines.push(
    `Generated repository: ${FILES.toLocaleString("en")} files, ${COMMITS.toLocaleString("en")} commits (git fast-import, bench/.tmp/git-repo), with ${expected.keys} planted keys (${expected.addedTwice} added twice, half later deleted); the history scan must report exactly those.`,
  );
  lines.push("");
  lines.push(`### (a) Pre-commit hook, 10 staged files (median of ${HOOK_RUNS} interleaved runs, after a warm-up)`);
  lines.push("");
  lines.push("| what runs | median | fastest | × the floor |");
  lines.push("|---|---|---|---|");
  for (const h of hook) lines.push(`| ${h.name} | ${fmtS(h.seconds)} | ${fmtS(h.min)} | ${h.ratio.toFixed(2)}× |`);
  const hookRatio = hook[1].ratio;
  const secretlint = hook.find((h) => h.name.startsWith("secretlint"));
  const [general, unbundled, viaImport, viaRequire] = hook.filter((h) => h.name.startsWith("for reference"));
  lines.push("");
  lines.push(
    `Target: the whole hook under ${TARGETS.hookVsFloor}× the floor: **${hookRatio.toFixed(2)}× — ${hookRatio < TARGETS.hookVsFloor ? "met" : "not met"}**. secretlint costs ${(secretlint.seconds / hook[1].seconds).toFixed(1)}× the hook. The hook is \`sh\`, Node's start-up, the hook bundle, \`git diff --cached\` (\`git rev-parse\` only where the file system does not say where the repository is), the scan and the report.`,
  );
  lines.push("");
  lines.push(
    `Where the time goes: the hook runs \`scan --staged\` from one bundled CommonJS file (packages/cli/dist/hook.cjs, built by \`npm run build\`/\`prepare\`/\`pretest\`; the bin shim is CommonJS too, so the hook never starts Node's ES module loader) whose entry starts \`git diff --cached\` before the rest of the bundle is evaluated; unbundled, the same scan loads ~40 ES modules first and starts git after them: ${fmtS(unbundled.seconds)} (${unbundled.ratio.toFixed(2)}×); from the CLI's general bundle (dist/cli.cjs, every other command line), which holds every command and starts git only when the scan runs: ${fmtS(general.seconds)} (${general.ratio.toFixed(2)}×). What is left over the floor is mostly fixed: Node's \`child_process\` built-in (~3 ms to load), the synchronous spawn (~3 ms, a fork of Node), and git's own ~9-10 ms on a 20,000-entry index (reading the index, walking HEAD's tree, the patches), which run in that order; a file that only loads \`child_process\` and runs the same \`git diff\` takes ~1.33× the floor here. For reference, importing the \`ignore\` package (CommonJS) from ESM costs ${fmtS(viaImport.seconds - hook[0].seconds)} over the floor, loading it with \`createRequire\` (as the scanner does, and only when there are path rules) ${fmtS(Math.max(0, viaRequire.seconds - hook[0].seconds))}.`,
  );
  lines.push("");
  lines.push(`### (b) History scan (median of ${HISTORY_RUNS} interleaved runs)`);
  lines.push("");
  lines.push("| repository | commits | patch | `git log -p` > /dev/null (floor) | `scan --history` | × the floor | commits/s | MB of patch/s | Node's own CPU | peak RSS: git log / scan (Node alone) |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|");
  for (const h of history) {
    lines.push(
      `| ${h.label} | ${h.commits.toLocaleString("en")} | ${(h.bytes / 1e6).toFixed(1)} MB | ${fmtS(h.floor)} | ${fmtS(h.scan)} | ${(h.scan / h.floor).toFixed(2)}× | ${Math.round(h.commits / h.scan).toLocaleString("en")} | ${(h.bytes / 1e6 / h.scan).toFixed(1)} | ${fmtS(h.nodeCpu)} | ${fmtMB(h.floorRss)} / ${fmtMB(h.scanRss)} (${fmtMB(h.nodeRss)}) |`,
    );
  }
  lines.push("");
  const generated = history[0];
  const historyRatio = generated.scan / generated.floor;
  lines.push(
    `Target on the generated repository: within ${TARGETS.historyVsGitLog}× of \`git log -p\`: **${historyRatio.toFixed(2)}× — ${historyRatio <= TARGETS.historyVsGitLog ? "met" : "not met"}**. The floor runs the scanner's exact \`git log\` arguments (\`--reverse --cc -U1 -M --full-index\` …). Peak RSS: GNU time ${hasGnuTime() ? "" : "(missing here) "}reports the larger of Node and its \`git log\` child; Node's own figure (in brackets, \`process.resourceUsage().maxRSS\`) is mostly V8 growing its heap lazily: the same scan also completes with \`--max-old-space-size=16\` (checked by the bench), so the stream is not held. A small repository is dominated by start-up. Git and Node run side by side: on 2 cores shared with other work the wall time follows the total CPU (git's plus Node's own column), so the ratio moves with the machine's load; Node reads git's output in ~4 KB pieces (git writes a pipe 4 KB at a time), and that reading alone is a sizeable part of its CPU; the diff reader works on git's bytes and turns only batches that core's \`mayHoldKey\` lets through into strings, so Node is idle most of the run and the wall time follows git's.`,
  );
  lines.push("");
  lines.push(`Bench wall time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);

  const markdown = lines.join("\n");
  process.stdout.write(`${markdown}\n`);
  writeResultsSection("git", markdown);
}

await main();
