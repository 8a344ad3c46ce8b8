/**
 * The audit log of verify and revoke, against a real loopback server: a record for every
 * step as it completes, and a real SIGINT/SIGTERM sent to the CLI once the server has
 * seen a number of requests (event-driven, not timed) leaves a log that accounts for
 * every key.
 */
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockApi, type MockApi } from "@roxels-guard/mock-api";
import { masked, secretKey } from "../../support/keys.js";
import { CLI, knownKeys, remember, runCli, tempDir, withoutBaseNotice, type CliOptions } from "../../support/api-cli.js";
import { expectNoKey, FAST_RETRY_ENV } from "../../support/api.js";

interface AuditRecord {
  time: string;
  run: string;
  command: string;
  event: "start" | "planned" | "step" | "end";
  step?: "check" | "revoke" | "confirm";
  fingerprint?: string;
  masked?: string;
  locations?: string[];
  status?: number;
  requestId?: string;
  outcome?: string;
  exitCode?: number;
  interrupted?: string;
}

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
/** Called with each request the server answers: how a test waits for "N requests seen". */
let onRequest: (() => void) | undefined;
const management = remember(secretKey());

beforeAll(async () => {
  api = await startMockApi({ keys: [{ key: management, canManage: true }], onRequest: () => onRequest?.() });
});
afterAll(() => api.close());
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  onRequest = undefined;
  await cleanup();
});

function orgKeys(count: number): string[] {
  return Array.from({ length: count }, () => {
    const key = remember(secretKey());
    api.addKey({ key });
    return key;
  });
}

async function writeKeys(keys: readonly string[]): Promise<void> {
  await writeFile(path.join(dir, "keys.js"), keys.map((key, i) => `export const k${i} = "${key}";`).join("\n") + "\n");
}

const LOG = "audit.jsonl";

function options(extra: Record<string, string> = {}): CliOptions {
  return { cwd: dir, env: { ROXELS_API_BASE: api.url, ROXELS_API_KEY: management, ...extra } };
}

async function readLog(file = path.join(dir, LOG)): Promise<AuditRecord[]> {
  const text = await readFile(file, "utf8");
  expectNoKey(text, knownKeys, "the audit log");
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** Runs the CLI and sends `signal` once the server has answered `after` requests. */
async function interrupted(args: string[], signal: NodeJS.Signals, after: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1", ...FAST_RETRY_ENV, ROXELS_API_BASE: api.url, ROXELS_API_KEY: management };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = 0;
  onRequest = () => {
    if (++seen === after) child.kill(signal);
  };
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  expectNoKey(stdout + stderr, knownKeys, "the output");
  return { code, stdout, stderr };
}

/** Each key's records in the log, by fingerprint. */
function byKey(records: readonly AuditRecord[]): Map<string, AuditRecord[]> {
  const map = new Map<string, AuditRecord[]>();
  for (const record of records) {
    if (record.fingerprint === undefined) continue;
    map.set(record.fingerprint, [...(map.get(record.fingerprint) ?? []), record]);
  }
  return map;
}

describe("the audit log", () => {
  it("records every step of a revoke as it completes, with status and request id, never the key", async () => {
    const keys = orgKeys(3);
    await writeKeys(keys);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--audit-log", LOG], options());
    expect(result.code, result.stderr).toBe(0);
    const records = await readLog();
    expect(records[0]).toMatchObject({ event: "start", command: "revoke" });
    expect(records.at(-1)).toMatchObject({ event: "end", exitCode: 0 });
    expect(new Set(records.map((r) => r.run)).size).toBe(1);
    const steps = records.filter((r) => r.event === "step");
    expect(steps).toHaveLength(6); // a revoke and a confirmation for each key
    for (const [i, key] of keys.entries()) {
      const [revoke, confirm] = steps.filter((r) => r.masked === masked(key));
      expect(revoke).toMatchObject({ step: "revoke", status: 200, outcome: "revoked", locations: [`keys.js:${i + 1}`] });
      expect(revoke!.requestId).toMatch(/^req_\d+$/);
      expect(confirm).toMatchObject({ step: "confirm", status: 401, outcome: "refused" });
      // Each step is logged when it completes: the revoke before the confirmation is sent.
      expect(Number(confirm!.requestId!.slice(4))).toBeGreaterThan(Number(revoke!.requestId!.slice(4)));
    }
  });

  it("goes to the documented default place, and a second run says what the first did", async () => {
    const keys = orgKeys(2);
    await writeKeys(keys);
    const first = await runCli(["verify"], options());
    expect(first.code).toBe(1);
    const file = path.join(dir, ".local/state/roxels-guard/audit.jsonl");
    expect((await readLog(file)).filter((r) => r.event === "step").map((r) => r.outcome)).toEqual(["live", "live"]);
    const again = await runCli(["verify"], options({ XDG_STATE_HOME: path.join(dir, ".local/state") }));
    expect(again.stderr).toContain(`the audit log ${file} already has 2 of these 2 keys from earlier runs (last outcome: 2 live)`);
  });

  it("refuses to send any key when it cannot write the log", async () => {
    const keys = orgKeys(1);
    await writeKeys(keys);
    const before = api.log.entries.length;
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--audit-log", "/dev/null/audit.jsonl"], options());
    expect(result.code).toBe(2);
    expect(withoutBaseNotice(result.stderr)).toMatch(/^roxels-guard: cannot write the audit log \/dev\/null\/audit\.jsonl: E[A-Z]+ \(--audit-log <file> chooses another\)\n$/);
    expect(api.log.entries.length).toBe(before);
  });
});

describe("an interrupted revoke", () => {
  it("on SIGINT in a 100-key revoke, exits 130 with a log that accounts for every key, and a re-run finishes", async () => {
    const keys = orgKeys(100);
    await writeKeys(keys);
    const run = await interrupted(["revoke", "--allow-custom-api-base", "--yes", "--audit-log", LOG], "SIGINT", 20);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/roxels-guard: interrupted by SIGINT: \d+ of 100 keys done, \d+ in flight \(the API may have revoked them\), \d+ not tried; every key is in the audit log/);
    expect(run.stdout).toMatch(/revoke: 100 keys: .*NOT revoked/);

    const records = await readLog();
    expect(records.at(-1)).toMatchObject({ event: "end", exitCode: 130, interrupted: "SIGINT" });
    const perKey = byKey(records);
    expect(perKey.size).toBe(100);
    let revokedAtServer = 0;
    for (const key of keys) {
      const fingerprint = records.find((r) => r.event === "planned" && r.masked === masked(key))!.fingerprint!;
      const steps = perKey.get(fingerprint)!.filter((r) => r.event === "step");
      const outcomes = steps.map((r) => r.outcome);
      // Every key ends with a record: done (revoked, and maybe confirmed), in flight, or not tried.
      expect(steps.length, fingerprint).toBeGreaterThan(0);
      if (api.keyState(key) === "revoked") {
        revokedAtServer++;
        // What the server did, the log shows: a revoke answered, or a request in flight.
        expect(outcomes.some((o) => o === "revoked" || o === "interrupted"), fingerprint).toBe(true);
      } else {
        expect(outcomes.includes("revoked"), fingerprint).toBe(false);
      }
      if (outcomes.includes("not-attempted")) expect(api.keyState(key)).toBe("live");
    }
    // Not vacuous: it was stopped part-way.
    expect(revokedAtServer).toBeGreaterThan(0);
    expect(revokedAtServer).toBeLessThan(100);

    const rerun = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--audit-log", LOG], options());
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/already has 100 of these 100 keys from earlier runs \(last outcome: .*\d+ not-attempted/);
    for (const key of keys) expect(api.keyState(key)).toBe("revoked");
  });

  it("on SIGTERM in a verify, exits 143 and logs every key", async () => {
    const keys = orgKeys(40);
    await writeKeys(keys);
    const run = await interrupted(["verify", "--format", "json", "--audit-log", LOG], "SIGTERM", 5);
    expect(run.code).toBe(143);
    const report = JSON.parse(run.stdout) as { interrupted: string; keys: Array<{ state: string; reason: string }> };
    expect(report.interrupted).toBe("SIGTERM");
    expect(report.keys).toHaveLength(40);
    expect(report.keys.filter((k) => k.state === "live").length).toBeGreaterThanOrEqual(5);
    expect(report.keys.some((k) => /not checked: SIGTERM/.test(k.reason))).toBe(true);
    const records = await readLog();
    expect(byKey(records).size).toBe(40);
    expect(records.filter((r) => r.event === "step")).toHaveLength(40);
    expect(records.at(-1)).toMatchObject({ event: "end", exitCode: 143, interrupted: "SIGTERM" });
  });
});
