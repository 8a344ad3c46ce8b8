#!/usr/bin/env node
// The cost of eslint-plugin-roxels: ESLint with roxels.configs.recommended against ESLint
// with the same parsers and no rules, with eslint-plugin-no-secrets measured in the same
// run. The corpus is real code: JavaScript and TypeScript sources copied from node_modules
// into bench/.tmp (ESLint ignores node_modules itself). Writes its section of
// bench/RESULTS.md between <!-- eslint:start --> and <!-- eslint:end -->.
import { cpus, platform, release, totalmem } from "node:os";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { ESLint } from "eslint";
import * as espree from "espree";
import tsParser from "@typescript-eslint/parser";
import noSecrets from "eslint-plugin-no-secrets";
import roxels from "eslint-plugin-roxels";

const root = fileURLToPath(new URL("..", import.meta.url));
const corpusDir = join(root, "bench/.tmp/eslint-corpus");
const resultsFile = join(root, "bench/RESULTS.md");
const TARGET_FILES = Number(process.env.BENCH_ESLINT_FILES ?? 2400);
const REPETITIONS = Number(process.env.BENCH_ESLINT_REPS ?? 5);
const MIN_BYTES = 500;
const MAX_BYTES = 60_000;

/** Sources under node_modules that ESLint's parsers accept, in a stable order. */
function collectSources() {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= TARGET_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === ".bin" || entry.name === "test" || entry.name === "tests") continue;
        walk(path);
      } else if (entry.isFile() && /\.(?:[cm]?js|ts|tsx)$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        const size = statSync(path).size;
        if (size < MIN_BYTES || size > MAX_BYTES) continue;
        if (parses(path)) found.push(path);
      }
    }
  };
  walk(join(root, "node_modules"));
  return found;
}

function parses(path) {
  const text = readFileSync(path, "utf8");
  try {
    if (/\.tsx?$/.test(path)) tsParser.parseForESLint(text, { filePath: path, sourceType: "module", ecmaVersion: "latest" });
    else espree.parse(text, { ecmaVersion: "latest", sourceType: path.endsWith(".cjs") ? "commonjs" : "module" });
    return true;
  } catch {
    return false;
  }
}

function buildCorpus() {
  rmSync(corpusDir, { recursive: true, force: true });
  const sources = collectSources();
  let bytes = 0;
  for (const source of sources) {
    const target = join(corpusDir, relative(join(root, "node_modules"), source));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    bytes += statSync(source).size;
  }
  const ts = sources.filter((path) => /\.tsx?$/.test(path)).length;
  return { files: sources.length, ts, js: sources.length - ts, bytes };
}

const parsers = [
  // Inline comments in the corpus name rules of other plugins: not what is measured.
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" } },
  { files: ["**/*.{ts,tsx}"], languageOptions: { parser: tsParser } },
  { files: ["**/*.{js,mjs,cjs}"], languageOptions: { ecmaVersion: "latest" } },
];
const FILES = ["**/*.{js,mjs,cjs,ts,tsx}"];

/**
 * One rule that does nothing: with no rule at all ESLint skips walking the AST, and the
 * first rule of any plugin pays for that walk. This variant shows what that walk costs.
 */
const noopRule = { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) };

const variants = {
  "parser only (no rules)": [...parsers, { files: FILES, rules: {} }],
  "one no-op rule (ESLint's AST walk)": [
    ...parsers,
    { files: FILES, plugins: { bench: { rules: { noop: noopRule } } }, rules: { "bench/noop": "error" } },
  ],
  "roxels/recommended (3 rules)": [...parsers, roxels.configs.recommended],
  "no-secrets/no-secrets": [
    ...parsers,
    { files: FILES, plugins: { "no-secrets": noSecrets }, rules: { "no-secrets/no-secrets": "error" } },
  ],
};

async function timeVariant(config, stats) {
  // Wall times are taken without `stats` (timing every listener call costs time itself);
  // one extra run with `stats` gives ESLint's own per-rule timing.
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: config, cache: false, stats });
  const start = performance.now();
  const results = await eslint.lintFiles(["."]);
  const ms = performance.now() - start;
  let problems = 0;
  let ruleMs = 0;
  let fileMs = 0;
  for (const result of results) {
    problems += result.messages.filter((m) => m.ruleId).length;
    for (const pass of result.stats?.times.passes ?? []) {
      fileMs += pass.total;
      for (const rule of Object.values(pass.rules ?? {})) ruleMs += rule.total;
    }
  }
  return { ms, problems, files: results.length, ruleMs, fileMs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const corpus = buildCorpus();
  console.error(`corpus: ${corpus.files} files (${corpus.js} JS, ${corpus.ts} TS), ${(corpus.bytes / 1e6).toFixed(1)} MB`);
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const last = {};
  // A warm-up pass, then the variants interleaved so that drift hits them all alike.
  for (const name of names) last[name] = await timeVariant(variants[name], true);
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const name of names) {
      const run = await timeVariant(variants[name], false);
      times[name].push(run.ms);
      console.error(`  rep ${rep + 1}: ${name}: ${(run.ms / 1000).toFixed(2)} s`);
    }
  }
  const base = median(times[names[0]]);
  const walk = median(times[names[1]]);
  const ruleShare = (name) => {
    const { ruleMs, fileMs } = last[name];
    return (ruleMs / (fileMs - ruleMs)) * 100;
  };
  const rows = names.map((name) => {
    const med = median(times[name]);
    const overhead = name === names[0] ? "(baseline)" : `+${(((med - base) / base) * 100).toFixed(1)}%`;
    const rules = name === names[0] ? "(none)" : `${(last[name].ruleMs / 1000).toFixed(2)} s = +${ruleShare(name).toFixed(1)}%`;
    const overWalk = name === names[0] ? "" : `${med >= walk ? "+" : ""}${(((med - walk) / walk) * 100).toFixed(1)}%`;
    return `| ${name} | ${(med / 1000).toFixed(2)} s | ${times[name].map((t) => (t / 1000).toFixed(2)).join(" / ")} | ${overhead} | ${overWalk} | ${rules} | ${last[name].problems} |`;
  });
  const roxels = names[2];
  const roxelsRules = ruleShare(roxels);
  const roxelsWall = ((median(times[roxels]) - base) / base) * 100;
  const roxelsOverWalk = ((median(times[roxels]) - walk) / walk) * 100;
  const walkCost = ((walk - base) / base) * 100;
  const cpu = cpus();
  const section = [
    "## ESLint plugin (`node bench/eslint.mjs`)",
    "",
    `Corpus: ${corpus.files} real source files copied from node_modules (${corpus.js} JavaScript parsed by espree, ${corpus.ts} TypeScript parsed by @typescript-eslint/parser), ${(corpus.bytes / 1e6).toFixed(1)} MB. ESLint ${ESLint.version}, API, flat config, no cache; one run of each variant with \`stats\` (per-rule timing, also a warm-up), then ${REPETITIONS} interleaved wall-clock runs per variant without it.`,
    "",
    "| variant | median wall time | runs | over parser only | over one no-op rule | rule time (ESLint stats) over the rest of linting | reports on the corpus |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Against the parser-only time (ESLint with no rule at all), the three roxels rules add **${roxelsWall.toFixed(1)}%** of wall time (medians): the target of under 5% is ${roxelsWall < 5 ? "met" : "**not met**"}. For scale: one rule that does nothing (ESLint walks the AST only when some rule is on) measures ${walkCost >= 0 ? "+" : ""}${walkCost.toFixed(1)}%, the three rules ${roxelsOverWalk >= 0 ? "+" : ""}${roxelsOverWalk.toFixed(1)}% over it, and ESLint's per-rule timing puts their own listeners at ${roxelsRules.toFixed(1)}% of the rest of linting. The spread of each variant's runs (the "runs" column) is the noise of this 2-core machine: a difference smaller than it is not resolved by these runs.`,
    "",
    `Machine: ${platform()} ${release()}, ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}. Measured ${new Date().toISOString().slice(0, 10)}.`,
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

await main();
