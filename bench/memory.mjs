#!/usr/bin/env node
/**
 * Memory bench (issue 13): peak RSS of the whole `roxels-guard` process on inputs that
 * once took gigabytes or crashed, each beside the file scan of the same input, which
 * streams in chunks and is the yardstick:
 *   - a 1 GB log (short lines) and a 200 MB single line, each with a key at its very end:
 *     file scan, `scan --staged`, `scan --history`; a 100 MB `-diff` file staged;
 *   - 300,000 findings written as SARIF and as JSON (`-o`);
 *   - a baseline of 1,000,000 entries (`scan --baseline`);
 *   - an API error body of 300 MB (`verify` against a loopback server);
 *   - position mapping on 1, 2 and 4 MB lines holding a key every kilobyte: seconds per
 *     MB should stay flat (linear), not double with the line's length (quadratic).
 * Every run must find the planted key(s): a fast, lean scan that misses them fails the
 * bench. Inputs are generated at run time into bench/.tmp/memory (streamed to disk).
 *
 * Writes its section of bench/RESULTS.md (<!-- memory:start --> … <!-- memory:end -->).
 * Environment: MEMORY_BENCH_GB (default 1), MEMORY_BENCH_LINE_MB (default 200).
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { machineMarkdown } from "./lib/machine.mjs";
import { hasGnuTime, timed } from "./lib/measure.mjs";
import { writeResultsSection } from "./lib/results.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = path.join(ROOT, "bench", ".tmp", "memory");
const CLI = path.join(ROOT, "packages", "cli", "bin", "roxels-guard.js");
const BIG_GB = Number(process.env.MEMORY_BENCH_GB ?? 1);
const LINE_MB = Number(process.env.MEMORY_BENCH_LINE_MB ?? 200);
const MiB = 1 << 20;

const log = (line) => process.stderr.write(`[memory bench] ${line}\n`);
const fail = (message) => {
  process.stderr.write(`[memory bench] FAILED: ${message}\n`);
  process.exit(1);
};
if (!hasGnuTime()) fail("GNU time (/usr/bin/time) is needed to measure peak RSS");

const ENV = (() => {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_") && !k.startsWith("ROXELS")) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: "1", HOME: path.join(TMP, "home"), GIT_AUTHOR_NAME: "Bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "Bench", GIT_COMMITTER_EMAIL: "bench@example.com", NO_COLOR: "1" };
})();

function git(cwd, ...args) {
  const r = spawnSync("git", args, { cwd, env: ENV, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) fail(`git ${args.join(" ")}: ${r.stderr.trim().split("\n")[0]}`);
  return r.stdout;
}

function randomBody(length = 32) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (;;) {
    let out = "";
    while (out.length < length) for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    if (/[0-9]/.test(out)) return out;
  }
}
const secretKey = () => `sk_${randomBody()}`;
const masked = (key) => `${key.slice(0, 7)}…${key.slice(-4)}`;

/** Writes `head`, `bytes` bytes of `block` repeated, then `tail`, streamed. */
function writeStreamed(file, head, block, bytes, tail) {
  const fd = openSync(file, "w");
  const chunk = Buffer.from(block.repeat(Math.ceil(MiB / block.length)).slice(0, MiB));
  writeSync(fd, head);
  for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  writeSync(fd, tail);
  closeSync(fd);
}

/**
 * Node's own peak RSS, written at exit by a preloaded script: GNU time reports the larger
 * of Node and its largest child (git), so both are given.
 */
const PROBE = path.join(TMP, "rss-probe.cjs");
const PROBE_OUT = path.join(TMP, "rss-probe.out");
function nodeRssMB() {
  return Number(spawnSync("cat", [PROBE_OUT], { encoding: "utf8" }).stdout.trim()) / 1024;
}

/** One run of the CLI, checked: exit 1 and every key's masked form in the report. */
function run(label, cwd, args, keys, extra = {}) {
  log(`${label}: roxels-guard ${args.join(" ")}`);
  rmSync(PROBE_OUT, { force: true });
  const r = timed(process.execPath, ["--require", PROBE, CLI, ...args], { cwd, env: { ...ENV, RSS_PROBE_FILE: PROBE_OUT, ...extra.env } });
  r.nodeMB = nodeRssMB();
  const output = extra.output ? readReport(path.join(cwd, extra.output)) : r.stdout;
  if (r.status !== (extra.status ?? 1)) fail(`${label}: exit ${r.status}: ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`);
  for (const key of keys) if (!output.includes(masked(key))) fail(`${label}: the planted key was not reported`);
  for (const key of keys) if (output.includes(key) || r.stderr.includes(key)) fail(`${label}: a full key was printed`);
  return { label, seconds: r.seconds, rssMB: r.rssKB / 1024, nodeMB: r.nodeMB, stdout: output };
}

function readReport(file) {
  return spawnSync("cat", [file], { encoding: "utf8", maxBuffer: 1 << 30 }).stdout;
}

const rows = [];
const mb = (n) => `${Math.round(n)} MB`;
const row = (group, what, result, reference, target) =>
  rows.push({ group, what, rss: result.rssMB, node: result.nodeMB, seconds: result.seconds, reference: reference?.rssMB, target });

rmSync(TMP, { recursive: true, force: true });
mkdirSync(path.join(TMP, "home"), { recursive: true });
writeFileSync(PROBE, 'process.on("exit", () => require("node:fs").writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS)));\n');

// --- A 1 GB log and a 200 MB line: file scan, staged, history -------------------------
{
  const repo = path.join(TMP, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(path.join(repo, ".gitattributes"), "*.env -diff\n");
  git(repo, "add", ".gitattributes");
  git(repo, "commit", "-q", "-m", "attributes");
  const keys = { log: secretKey(), line: secretKey(), hidden: secretKey() };
  const logLine = "2026-11-26T10:00:00Z GET /v1/templates 200 12ms request-id=abcdef0123456789\n";
  log(`writing a ${BIG_GB} GB log, a ${LINE_MB} MB line and a 100 MB -diff file`);
  writeStreamed(path.join(repo, "big.log"), "", logLine, BIG_GB * 1024 * MiB, `last ${keys.log}\n`);
  writeStreamed(path.join(repo, "line.min.js"), "var a=", "a=b+1;", LINE_MB * MiB, ` k="${keys.line}"\n`);
  writeStreamed(path.join(repo, "prod.env"), "# settings\n", "X=1\n", 100 * MiB, `KEY=${keys.hidden}\n`);

  const fileLog = run("file scan, 1 GB log", repo, ["scan", "big.log"], [keys.log]);
  const fileLine = run(`file scan, ${LINE_MB} MB line`, repo, ["scan", "line.min.js"], [keys.line]);
  const fileEnv = run("file scan, 100 MB -diff file", repo, ["scan", "prod.env"], [keys.hidden]);
  const target = 200;
  for (const [file, key, reference, what] of [
    ["big.log", keys.log, fileLog, `${BIG_GB} GB log`],
    ["line.min.js", keys.line, fileLine, `${LINE_MB} MB single line`],
    ["prod.env", keys.hidden, fileEnv, "100 MB `-diff` file"],
  ]) {
    log(`git add ${file}`);
    git(repo, "add", file);
    row("staged", `\`scan --staged\`, ${what}`, run(`staged ${file}`, repo, ["scan", "--staged"], [key]), reference, target);
    git(repo, "commit", "-q", "--no-verify", "-m", `add ${file}`);
    row("history", `\`scan --history\`, ${what}`, run(`history ${file}`, repo, ["scan", "--history", "HEAD~1..HEAD"], [key]), reference, target);
    row("file", `file scan, ${what}`, reference, null, null);
  }
  rmSync(repo, { recursive: true, force: true });
}

// --- 300,000 findings to SARIF and JSON ----------------------------------------------
{
  const dir = path.join(TMP, "findings");
  mkdirSync(dir);
  const count = 300_000;
  const fd = openSync(path.join(dir, "keys.txt"), "w");
  const first = secretKey();
  let batch = `k=${first}\n`;
  for (let i = 1; i < count; i++) {
    batch += `k=sk_${randomBody()}\n`;
    if (batch.length > MiB) {
      writeSync(fd, batch);
      batch = "";
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
  const text = run("300k findings, text", dir, ["scan", "keys.txt", "-o", "out.txt"], [first], { output: "out.txt" });
  for (const format of ["sarif", "json"]) {
    const result = run(`300k findings, ${format}`, dir, ["scan", "keys.txt", "--format", format, "-o", `out.${format}`], [first], { output: `out.${format}` });
    const reported = format === "json" ? JSON.parse(result.stdout).findings.length : JSON.parse(result.stdout).runs[0].results.length;
    if (reported !== count) fail(`300k findings, ${format}: ${reported} reported`);
    row("findings", `${count.toLocaleString("en")} findings as ${format.toUpperCase()} (\`-o\`)`, result, text, 300);
  }
  row("findings", `${count.toLocaleString("en")} findings as text (\`-o\`)`, text, null, null);
  rmSync(dir, { recursive: true, force: true });
}

// --- a 1,000,000-entry baseline -------------------------------------------------------
{
  const dir = path.join(TMP, "baseline");
  mkdirSync(dir);
  const key = secretKey();
  writeFileSync(path.join(dir, "app.js"), `const k = "${key}";\n`);
  const fd = openSync(path.join(dir, "baseline.json"), "w");
  writeSync(fd, '{\n  "version": 1,\n  "findings": [\n');
  const entries = 1_000_000;
  let batch = "";
  for (let i = 0; i < entries; i++) {
    const fingerprint = (i * 2654435761 % 2 ** 32).toString(16).padStart(8, "0") + i.toString(16).padStart(8, "0");
    batch += `    {"fingerprint":"${fingerprint}","kind":"roxels-secret","masked":"sk_AbCd…${fingerprint.slice(0, 4)}"}${i + 1 < entries ? "," : ""}\n`;
    if (batch.length > MiB) {
      writeSync(fd, batch);
      batch = "";
    }
  }
  writeSync(fd, `${batch}  ]\n}\n`);
  closeSync(fd);
  const without = run("no baseline", dir, ["scan", "app.js"], [key]);
  const withBaseline = run("1M-entry baseline", dir, ["scan", "app.js", "--baseline", "baseline.json"], [key]);
  row("baseline", "`scan --baseline`, 1,000,000 entries", withBaseline, without, 300);
  row("baseline", "the same scan without a baseline", without, null, null);
  rmSync(dir, { recursive: true, force: true });
}

// --- an API error body of 300 MB ------------------------------------------------------
{
  const dir = path.join(TMP, "api");
  mkdirSync(dir);
  const key = secretKey();
  writeFileSync(path.join(dir, "app.js"), `const k = "${key}";\n`);
  const block = Buffer.alloc(MiB, "x");
  const server = createServer((request, response) => {
    response.writeHead(400, { "content-type": "text/plain" });
    let sent = 0;
    const more = () => {
      while (sent < 300) {
        sent++;
        if (!response.write(block)) return void response.once("drain", more);
      }
      response.end();
    };
    more();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  // The server runs in this process: the CLI is started asynchronously so it can answer.
  const result = await new Promise((resolve) => {
    const rssFile = path.join(dir, "rss");
    const started = process.hrtime.bigint();
    rmSync(PROBE_OUT, { force: true });
    const child = spawn("/usr/bin/time", ["-f", "%M", "-o", rssFile, process.execPath, "--require", PROBE, CLI, "verify", "app.js"], {
      cwd: dir,
      env: { ...ENV, ROXELS_API_BASE: base, RSS_PROBE_FILE: PROBE_OUT },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stdout += d));
    child.on("close", (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const numbers = spawnSync("cat", [rssFile], { encoding: "utf8" }).stdout.match(/\d+/g) ?? ["0"];
      resolve({ status, seconds, rssMB: Number(numbers[numbers.length - 1]) / 1024, nodeMB: nodeRssMB(), stdout });
    });
  });
  server.close();
  if (result.stdout.includes(key)) fail("verify printed a full key");
  log(`verify against a 300 MB error body: exit ${result.status}`);
  row("api", "`verify`, the API answering with a 300 MB error body", result, null, 100);
  rmSync(dir, { recursive: true, force: true });
}

// --- position mapping on long lines ---------------------------------------------------
const lines = [];
{
  const dir = path.join(TMP, "lines");
  mkdirSync(dir);
  for (const size of [1, 2, 4]) {
    const keys = [];
    let line = "";
    while (line.length < size * MiB) {
      const key = secretKey();
      keys.push(key);
      line += `"${key}",${"x".repeat(1000)};`;
    }
    writeFileSync(path.join(dir, `line-${size}.js`), `${line}\n`);
    const result = run(`${size} MB line, ${keys.length} keys`, dir, ["scan", `line-${size}.js`, "--format", "json"], [keys[0], keys[keys.length - 1]]);
    lines.push({ size, keys: keys.length, seconds: result.seconds });
  }
  rmSync(dir, { recursive: true, force: true });
}

const table = rows
  .map((r) => {
    const ratio = r.reference ? `${(r.rss / r.reference).toFixed(2)}×` : "";
    const target = r.target ? (r.rss < r.target ? `under ${r.target} MB: **met**` : `under ${r.target} MB: **not met**`) : "";
    return `| ${r.what} | ${mb(r.rss)} | ${mb(r.node)} | ${r.seconds.toFixed(1)} s | ${r.reference ? mb(r.reference) : ""} | ${ratio} | ${target} |`;
  })
  .join("\n");
const perMb = lines.map((l) => `| ${l.size} MB | ${l.keys.toLocaleString("en")} | ${l.seconds.toFixed(2)} s | ${(l.seconds / l.size).toFixed(2)} s |`).join("\n");

writeResultsSection(
  "memory",
  `## Memory on every path (\`node bench/memory.mjs\`)

${machineMarkdown()}

Peak RSS of the whole \`roxels-guard\` process, one run each: as GNU time reports it (the larger of Node and its largest child, git), and of Node alone (\`process.resourceUsage()\` at exit); the target is checked on the first; every run must report the key planted at the very end of its input (or every finding), or the bench fails. "Beside" is the figure of the matching reference run: the file scan of the same file (which reads in 4 MiB chunks), the text report of the same findings, the same scan without a baseline.

| run | peak RSS (with git) | Node alone | wall time | beside | ratio | target |
|---|---|---|---|---|---|---|
${table}

Position mapping on one long line holding a key every kilobyte (\`scan --format json\`, whole process): linear when the seconds per MB stay flat as the line doubles.

| line | keys | wall time | per MB |
|---|---|---|---|
${perMb}
`,
);
log("done: bench/RESULTS.md, section memory");
