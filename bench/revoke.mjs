#!/usr/bin/env node
/**
 * Bench: revoke 1,000 keys through the real API client against the local Roxels API,
 * with 10% of all answers a 429, then confirm each key is refused (401), as
 * `roxels-guard revoke` does. Reports wall time, tries and 429s, asserts every key ended
 * revoked, prints a markdown section and writes it into bench/RESULTS.md between
 * <!-- revoke:start --> and <!-- revoke:end --> (bench/lib/results.mjs leaves the rest alone).
 *
 * Run after a build: npx tsc -b packages/api packages/mock-api && node bench/revoke.mjs
 * Options (env): BENCH_KEYS (1000), BENCH_CONCURRENCY (16), BENCH_RATE (0.1), BENCH_NO_WRITE=1.
 */
import os from "node:os";
import path from "node:path";
import { Secret } from "@roxels-guard/core";
import { DEFAULT_RETRY_POLICY, mapWithConcurrency, RoxelsClient } from "@roxels-guard/api";
import { generateKey, startMockApi } from "@roxels-guard/mock-api";
import { RESULTS_FILE, writeResultsSection } from "./lib/results.mjs";

const KEYS = Number(process.env.BENCH_KEYS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RATE = Number(process.env.BENCH_RATE ?? 0.1);

/** One scenario: a fresh org, a fresh server, the client's default retry policy. */
async function scenario(name, retryAfter) {
  const management = generateKey("secret");
  const keys = Array.from({ length: KEYS }, () => generateKey("secret"));
  const api = await startMockApi({ seed: 42, keys: [{ key: management, canManage: true }, ...keys.map((key) => ({ key }))] });
  api.chaos({ rate: RATE, fault: { type: "rate-limit", ...(retryAfter ? { retryAfter } : {}) } });

  let attempts = 0;
  let rateLimited = 0;
  let waitedMs = 0;
  const client = new RoxelsClient({
    baseUrl: api.url,
    managementKey: new Secret(management, 3),
    onAttempt: (event) => {
      attempts++;
      if (event.status === 429) rateLimited++;
      waitedMs += event.delayMs ?? 0;
    },
  });

  const latencies = [];
  const started = process.hrtime.bigint();
  const results = await mapWithConcurrency(keys, CONCURRENCY, async (key) => {
    const secret = new Secret(key, 3);
    const t0 = process.hrtime.bigint();
    const revoked = await client.revokeKey(secret);
    const check = revoked.outcome === "revoked" || revoked.outcome === "already-revoked" ? await client.checkKey(secret) : undefined;
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return { revoked, check };
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

  const notRevokedByApi = keys.filter((key) => api.keyState(key) !== "revoked").length;
  const unconfirmed = results.filter((r) => r.check?.state !== "revoked").length;
  const failures = results.filter((r) => r.revoked.outcome !== "revoked" && r.revoked.outcome !== "already-revoked");
  const served = api.stats.requests;
  const served429 = api.stats.byStatus["429"] ?? 0;
  await api.close();

  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    name,
    wallMs,
    attempts,
    rateLimited,
    served,
    served429,
    waitedMs,
    p50: pct(50),
    p95: pct(95),
    max: latencies.at(-1),
    revokeTries: results.reduce((sum, r) => sum + r.revoked.tries, 0),
    checkTries: results.reduce((sum, r) => sum + (r.check?.tries ?? 0), 0),
    notRevokedByApi,
    unconfirmed,
    failures: failures.map((r) => r.revoked.reason),
  };
}

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function markdown(rows) {
  const cpu = os.cpus();
  const policy = DEFAULT_RETRY_POLICY;
  const lines = [
    "## Revoking 1,000 keys with 10% 429 answers (`node bench/revoke.mjs`)",
    "",
    `Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${os.platform()} ${os.release()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    "",
    `Setup: ${KEYS} keys in the local Roxels API (packages/mock-api) on 127.0.0.1; each key revoked (POST /v1/api_keys/revoke) then confirmed refused (GET /v1/templates answers 401), as \`roxels-guard revoke\` does; ${CONCURRENCY} keys in flight; ${Math.round(RATE * 100)}% of all answers a 429 (seeded); the client's default retry policy (${policy.maxTries} tries, first back-off ${policy.baseDelayMs} ms doubling to ${policy.maxDelayMs} ms with jitter, ${policy.requestTimeoutMs / 1000} s per request, ${policy.totalTimeMs / 1000} s per call).`,
    "",
    "| 429 answers carry | wall time | requests (tries) | 429s | revoke tries / confirm tries | time spent waiting (sum) | per key p50 / p95 / max | keys revoked and confirmed |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${fmt(r.wallMs)} | ${r.attempts} | ${r.rateLimited} | ${r.revokeTries} / ${r.checkTries} | ${fmt(r.waitedMs)} | ${fmt(r.p50)} / ${fmt(r.p95)} / ${fmt(r.max)} | ${KEYS - Math.max(r.notRevokedByApi, r.unconfirmed)} / ${KEYS} |`,
    );
  }
  lines.push(
    "",
    "Reading it: without 429s the run would be 2,000 requests; every extra try is a 429 retried. The wall time is dominated by the waits: with `Retry-After: 1` each 429 costs its key at least a second, spread over the workers; without it the back-off starts at half a second. The bench fails (exit 1) unless every key ends revoked on the server and refused by the liveness check.",
  );
  return lines.join("\n");
}

const rows = [];
rows.push(await scenario("`Retry-After: 1` (seconds)", { seconds: 1 }));
rows.push(await scenario("no `Retry-After` (back-off only)", undefined));
const section = markdown(rows);
process.stdout.write(`${section}\n`);

let ok = true;
for (const r of rows) {
  if (r.notRevokedByApi > 0 || r.unconfirmed > 0) {
    ok = false;
    process.stderr.write(`bench: ${r.name}: ${r.notRevokedByApi} keys not revoked, ${r.unconfirmed} not confirmed; reasons: ${[...new Set(r.failures)].join("; ")}\n`);
  }
  if (r.served !== r.attempts) process.stderr.write(`bench: note: ${r.name}: server saw ${r.served} requests, client counted ${r.attempts} tries\n`);
}
if (!ok) process.exit(1);
if (process.env.BENCH_NO_WRITE !== "1") {
  writeResultsSection("revoke", section);
  process.stdout.write(`\nWritten to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
}
