#!/usr/bin/env node
/**
 * `npm run bench`: runs each bench script that exists, in order, each as its own process
 * (`node bench/<name>.mjs`), so one bench's memory never weighs on the next one's figures.
 * A missing script is skipped with a note; a failing one is reported, the others still run,
 * and the exit code is non-zero at the end.
 *
 *   node bench/run.mjs                 every bench
 *   node bench/run.mjs --only scan,git only those
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCHES = ["scan", "real-tree", "git", "memory", "eslint", "revoke", "install", "build-guard"];
const here = path.dirname(fileURLToPath(import.meta.url));

function parseOnly(argv) {
  let only = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === "--only") value = argv[++i];
    else if (arg.startsWith("--only=")) value = arg.slice("--only=".length);
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`Usage: node bench/run.mjs [--only ${BENCHES.join(",")}]\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument ${JSON.stringify(arg)} (usage: --only ${BENCHES.join(",")})\n`);
      process.exit(2);
    }
    if (value === undefined || value === "") {
      process.stderr.write("bench: --only needs a comma-separated list of benches\n");
      process.exit(2);
    }
    only = value.split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = only.filter((name) => !BENCHES.includes(name));
    if (unknown.length) {
      process.stderr.write(`bench: unknown bench ${unknown.join(", ")} (known: ${BENCHES.join(", ")})\n`);
      process.exit(2);
    }
  }
  return only;
}

const only = parseOnly(process.argv.slice(2));
const selected = BENCHES.filter((name) => only === null || only.includes(name));
const summary = [];

for (const name of selected) {
  const script = path.join(here, `${name}.mjs`);
  if (!existsSync(script)) {
    process.stdout.write(`\n## bench ${name}: skipped (bench/${name}.mjs does not exist)\n`);
    summary.push({ name, outcome: "skipped (missing)" });
    continue;
  }
  process.stdout.write(`\n## bench ${name} (node bench/${name}.mjs)\n\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [script], { stdio: "inherit", cwd: path.join(here, "..") });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) {
    summary.push({ name, outcome: `failed to start: ${result.error.message}`, failed: true });
  } else if (result.status !== 0) {
    const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
    summary.push({ name, outcome: `FAILED (${how}, ${seconds} s)`, failed: true });
  } else {
    summary.push({ name, outcome: `ok (${seconds} s)` });
  }
}

process.stdout.write("\n## bench summary\n\n");
for (const { name, outcome } of summary) process.stdout.write(`- ${name}: ${outcome}\n`);
const failed = summary.filter((s) => s.failed);
if (failed.length > 0) {
  process.stderr.write(`bench: ${failed.length} bench${failed.length === 1 ? "" : "es"} failed: ${failed.map((s) => s.name).join(", ")}\n`);
  process.exitCode = 1;
}
