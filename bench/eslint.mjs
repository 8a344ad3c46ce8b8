#!/usr/bin/env node
// The cost of eslint-plugin-roxels as users pay it: ESLint run over real public apps
// (Next.js, Vite React, SvelteKit, Nuxt, Express; bench/eslint-apps.json pins each repo and
// commit) with a realistic config (@eslint/js recommended, typescript-eslint's parser for
// TypeScript, vue-eslint-parser and svelte-eslint-parser for components). Baseline: that
// config; variants: plus roxels' three rules, or plus eslint-plugin-no-secrets. Each run is
// its own Node process, timed from outside (start-up and plugin loading included), and the
// variants are interleaved so drift hits them alike. Writes its section of bench/RESULTS.md
// between <!-- eslint:start --> and <!-- eslint:end -->.
//
// The apps and the tools are fetched into bench/.data (git-ignored) on first run; without
// network the bench says so and skips.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, platform, release, tmpdir, totalmem } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { constants as perfConstants, performance, PerformanceObserver } from "node:perf_hooks";

const root = fileURLToPath(new URL("..", import.meta.url));
const appsDir = join(root, "bench/.data/apps");
const toolsDir = join(root, "bench/.data/eslint-tools");
const resultsFile = join(root, "bench/RESULTS.md");
const REPETITIONS = Number(process.env.BENCH_ESLINT_REPS ?? 7);
const manifest = JSON.parse(readFileSync(join(root, "bench/eslint-apps.json"), "utf8"));

/** What a user of each framework installs beside ESLint; pinned so runs compare. */
const TOOLS = {
  eslint: "10.15.0",
  "@eslint/js": "10.0.1",
  globals: "17.15.0",
  typescript: "5.9.3",
  "@typescript-eslint/parser": "8.72.0",
  "vue-eslint-parser": "10.4.2",
  "svelte-eslint-parser": "1.10.1",
  svelte: "5.57.3",
  "eslint-plugin-no-secrets": "2.3.3",
};

const VARIANTS = ["baseline", "roxels", "no-secrets"];
const LABELS = {
  baseline: "baseline: @eslint/js recommended + parsers",
  roxels: "baseline + roxels/recommended (3 rules)",
  "no-secrets": "baseline + no-secrets/no-secrets",
};
const SOURCE = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,svelte}";

// ---------------------------------------------------------------- child: one ESLint run

async function child(variant, withStats) {
  const gcMs = { total: 0, minor: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs.total += entry.duration;
      if (entry.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gcMs.minor++;
    }
  }).observe({ entryTypes: ["gc"] });
  const t = await import(pathToFileURL(join(toolsDir, "load.mjs")).href);
  const config = [
    { ignores: ["**/node_modules/**", "**/.svelte-kit/**", "**/.nuxt/**", "**/.next/**", "**/dist/**"] },
    // The apps' inline comments name rules of plugins this config does not load.
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" } },
    {
      files: [SOURCE],
      ...t.js.configs.recommended,
      languageOptions: {
        ecmaVersion: "latest",
        sourceType: "module",
        globals: { ...t.globals.browser, ...t.globals.node },
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    { files: ["**/*.{ts,mts,cts,tsx}"], languageOptions: { parser: t.tsParser } },
    { files: ["**/*.vue"], languageOptions: { parser: t.vueParser, parserOptions: { parser: t.tsParser, extraFileExtensions: [".vue"] } } },
    { files: ["**/*.svelte"], languageOptions: { parser: t.svelteParser, parserOptions: { parser: t.tsParser, extraFileExtensions: [".svelte"] } } },
  ];
  if (variant === "roxels") {
    // The plugin as this checkout builds it (npm run build), whatever node_modules links to.
    const roxels = (await import(pathToFileURL(join(root, "packages/eslint-plugin/dist/index.mjs")).href)).default;
    config.push({ files: [SOURCE], plugins: { roxels }, rules: roxels.configs.recommended.rules });
  } else if (variant === "no-secrets") {
    config.push({ files: [SOURCE], plugins: { "no-secrets": t.noSecrets }, rules: { "no-secrets/no-secrets": "error" } });
  }
  const eslint = new t.ESLint({ cwd: appsDir, overrideConfigFile: true, overrideConfig: config, cache: false, stats: withStats });
  const results = await eslint.lintFiles(["."]);
  let problems = 0;
  let fatal = 0;
  let ruleMs = 0;
  let fileMs = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal++;
      else if (message.ruleId?.startsWith("roxels/") || message.ruleId?.startsWith("no-secrets/")) problems++;
    }
    for (const pass of result.stats?.times.passes ?? []) {
      fileMs += pass.total;
      for (const [name, rule] of Object.entries(pass.rules ?? {})) {
        if (name.startsWith("roxels/") || name.startsWith("no-secrets/")) ruleMs += rule.total;
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the last GC entries arrive
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ files: results.length, problems, fatal, ruleMs, fileMs, gcMs: gcMs.total, minorGcs: gcMs.minor, cpuMs }));
}

// ---------------------------------------------------------------- parent: set-up and runs

function ensureApps() {
  const ready = [];
  for (const app of manifest.apps) {
    const dir = join(appsDir, app.name);
    if (existsSync(join(dir, ".bench-commit")) && readFileSync(join(dir, ".bench-commit"), "utf8").trim() === app.commit) {
      ready.push(app);
      continue;
    }
    const tmp = mkdtempSync(join(tmpdir(), "roxels-bench-app-"));
    try {
      const git = (...args) => spawnSync("git", args, { cwd: tmp, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 300_000 });
      let r = git("clone", "--quiet", "--filter=blob:none", "--no-checkout", `https://github.com/${app.repo}.git`, "repo");
      if (r.status === 0) r = git("-C", "repo", "checkout", "--quiet", app.commit);
      if (r.status !== 0) {
        console.error(`eslint bench: cannot fetch ${app.repo}@${app.commit.slice(0, 12)} (${(r.stderr || "git failed").trim().split("\n")[0]}); skipping ${app.name}`);
        continue;
      }
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(appsDir, { recursive: true });
      cpSync(join(tmp, "repo", app.path), dir, { recursive: true, filter: (src) => basename(src) !== ".git" });
      writeFileSync(join(dir, ".bench-commit"), `${app.commit}\n`);
      ready.push(app);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return ready;
}

function ensureTools() {
  const pkg = { name: "roxels-eslint-bench-tools", private: true, type: "module", dependencies: TOOLS };
  const want = JSON.stringify(pkg, null, 2);
  const pkgFile = join(toolsDir, "package.json");
  if (!(existsSync(pkgFile) && readFileSync(pkgFile, "utf8") === want && existsSync(join(toolsDir, "node_modules/.package-lock.json")))) {
    mkdirSync(toolsDir, { recursive: true });
    writeFileSync(pkgFile, want);
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: toolsDir, stdio: "inherit" });
    if (r.status !== 0) return false;
  }
  // Bare imports resolve from this file's folder: the pinned tools, not the repo's copies.
  writeFileSync(
    join(toolsDir, "load.mjs"),
    [
      'export { ESLint } from "eslint";',
      'export { default as js } from "@eslint/js";',
      'export { default as globals } from "globals";',
      'export { default as tsParser } from "@typescript-eslint/parser";',
      'export * as vueParser from "vue-eslint-parser";',
      'export * as svelteParser from "svelte-eslint-parser";',
      'export { default as noSecrets } from "eslint-plugin-no-secrets";',
      "",
    ].join("\n"),
  );
  return true;
}

/**
 * The `stats` run also counts young-generation collections with a fixed 16 MB semi-space:
 * the count follows how much the run allocates, not how busy the machine is, so a rule's
 * allocations show there even when GC time is lost in the noise.
 */
function run(variant, withStats) {
  const args = [fileURLToPath(import.meta.url), "--child", variant];
  if (withStats) args.unshift("--min-semi-space-size=16", "--max-semi-space-size=16");
  if (withStats) args.push("--stats");
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`eslint bench: ${variant} run failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return { ms, ...JSON.parse(r.stdout) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const pct = (value) => `${value >= 0 ? "+" : ""}${value.toFixed(1)}%`;

function main() {
  const apps = ensureApps();
  if (apps.length === 0) {
    console.error("eslint bench: skipped, no app could be fetched (network?); bench/RESULTS.md left as it is");
    return;
  }
  if (!ensureTools()) {
    console.error("eslint bench: skipped, `npm install` of the pinned ESLint tools failed; bench/RESULTS.md left as it is");
    return;
  }
  const stats = {};
  for (const variant of VARIANTS) stats[variant] = run(variant, true); // also the warm-up
  const times = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const gc = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const cpuTimes = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const variant of VARIANTS) {
      const r = run(variant, false);
      times[variant].push(r.ms);
      gc[variant].push(r.gcMs);
      cpuTimes[variant].push(r.cpuMs);
      console.error(`  rep ${rep + 1}: ${variant}: ${(r.ms / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s, GC ${(r.gcMs / 1000).toFixed(2)} s`);
    }
  }
  const base = median(times.baseline);
  const baseCpu = median(cpuTimes.baseline);
  const baseMinCpu = Math.min(...cpuTimes.baseline);
  const rows = VARIANTS.map((variant) => {
    const med = median(times[variant]);
    const s = stats[variant];
    const over = variant === "baseline" ? "(baseline)" : `**${pct(((med - base) / base) * 100)}**`;
    const medCpu = median(cpuTimes[variant]);
    const overCpu = variant === "baseline" ? "(baseline)" : pct(((medCpu - baseCpu) / baseCpu) * 100);
    const minCpu = Math.min(...cpuTimes[variant]);
    const overMinCpu = variant === "baseline" ? "(baseline)" : pct(((minCpu - baseMinCpu) / baseMinCpu) * 100);
    const share = variant === "baseline" ? "(none)" : `${(s.ruleMs / 1000).toFixed(2)} s = ${((s.ruleMs / s.fileMs) * 100).toFixed(1)}%`;
    return `| ${LABELS[variant]} | ${(med / 1000).toFixed(2)} s | ${times[variant].map((t) => (t / 1000).toFixed(2)).join(" / ")} | ${over} | ${(medCpu / 1000).toFixed(2)} s | ${overCpu} | ${(minCpu / 1000).toFixed(2)} s | ${overMinCpu} | ${share} | ${(median(gc[variant]) / 1000).toFixed(2)} s | ${s.minorGcs} | ${s.problems} | ${s.fatal} |`;
  });
  const wall = ((median(times.roxels) - base) / base) * 100;
  const cpuOver = ((median(cpuTimes.roxels) - baseCpu) / baseCpu) * 100;
  const extraGcs = stats.roxels.minorGcs - stats.baseline.minorGcs;
  const minCpuOver = ((Math.min(...cpuTimes.roxels) - baseMinCpu) / baseMinCpu) * 100;
  const timing = (stats.roxels.ruleMs / stats.roxels.fileMs) * 100;
  const cpu = cpus();
  const section = [
    "## ESLint plugin (`node bench/eslint.mjs`)",
    "",
    `Corpus: ${stats.baseline.files} files ESLint lints in ${apps.length} public apps, fetched at pinned commits (bench/eslint-apps.json; their code is not in this repo):`,
    "",
    ...apps.map((app) => `- ${app.name}: ${app.framework}, [${app.repo}](https://github.com/${app.repo}) @ \`${app.commit.slice(0, 12)}\`${app.path ? ` (\`${app.path}\`)` : ""}`),
    "",
    `Config as a user writes it: \`@eslint/js\` recommended on every file, \`@typescript-eslint/parser\` for TypeScript, \`vue-eslint-parser\` / \`svelte-eslint-parser\` (with the TypeScript parser for scripts) for components; ESLint ${TOOLS.eslint}, no cache. Each run is a fresh \`node\` process timed from outside (start-up and plugin loading included); one run per variant with ESLint's \`stats\` (per-rule times; also the warm-up), then ${REPETITIONS} interleaved runs per variant without it. CPU time: \`process.cpuUsage()\` at the end of the run (user + system, all threads). GC time: total pause time of the process (\`PerformanceObserver\` "gc" entries), median of the timed runs; young-generation GCs: counted in the \`stats\` run, with a fixed 16 MB semi-space, so each one stands for about 16 MB allocated.`,
    "",
    "| variant | median wall time | runs | wall time over baseline | median CPU time | CPU time over baseline | fastest run's CPU time | fastest over fastest | rule time (ESLint stats) / all linting time | GC time | young-generation GCs (16 MB semi-space) | reports | parse errors |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Targets: at most 5% wall time over the baseline (measured **${pct(wall)}**: ${wall <= 5 ? "met" : "**not met**"}) and at most 3% of ESLint's timing (measured **${timing.toFixed(1)}%**: ${timing <= 3 ? "met" : "**not met**"}). CPU time (user + system of the process) over the baseline: **${pct(cpuOver)}** in the medians, ${pct(minCpuOver)} between the fastest runs (the run least disturbed by other work); CPU time moves less than wall time when other work shares the machine. Allocation: the rules add ${extraGcs} young-generation collections to the baseline's ${stats.baseline.minorGcs} (${pct((extraGcs / stats.baseline.minorGcs) * 100)}). The spread of each variant's runs is this shared 2-core machine's noise: a difference smaller than it is not resolved.`,
    "",
    `Machine: ${platform()} ${release()}, ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}. Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");
  console.log(section);
  writeSection(section);
}

function writeSection(section) {
  const start = "<!-- eslint:start -->";
  const end = "<!-- eslint:end -->";
  const block = `${start}\n${section}\n${end}`;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "# Benchmarks\n";
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.replace(/\n*$/, "\n")}\n${block}\n`;
  writeFileSync(resultsFile, next);
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv.includes("--stats"));
else main();
