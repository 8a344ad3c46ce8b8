/**
 * `roxels-guard verify` and `roxels-guard revoke` as real processes, against the local
 * Roxels API over real HTTP. Every run's stdout and stderr are checked for full keys.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockApi, type MockApi } from "../../packages/mock-api/src/index.js";
import { embedKey, secretKey, stripeKey } from "../support/keys.js";
import { vendorKeys } from "../support/vendor-keys.js";
import { knownKeys, remember, runCli, tempDir, withoutBaseNotice, type CliOptions } from "./cli-support.js";
import { CLI_REQUEST_TIMEOUT_MS, expectKeysOnlyWhereTheContractPutsThem, expectNoKey } from "./support.js";

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
const management = remember(secretKey());
const member = remember(secretKey());

beforeAll(async () => {
  api = await startMockApi({ recordRaw: true, keys: [{ key: management, canManage: true }, { key: member }] });
});

afterAll(async () => {
  expectKeysOnlyWhereTheContractPutsThem(api.log.entries, knownKeys);
  await api.close();
});

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterEach(async () => {
  api.faults.clear();
  await cleanup();
});

/** A key the org issued: live, or revoked already. */
function orgKey(state: "live" | "revoked" = "live"): string {
  const key = remember(secretKey());
  api.addKey({ key, revoked: state === "revoked" });
  return key;
}

function strangerKey(): string {
  return remember(secretKey());
}

function options(extra: Partial<CliOptions> = {}): CliOptions {
  return { cwd: dir, env: { ROXELS_API_BASE: api.url, ROXELS_API_KEY: management, ...extra.env }, ...(extra.input !== undefined ? { input: extra.input } : {}) };
}

async function writeKeys(file: string, keys: readonly string[]): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), keys.map((key, i) => `export const key${i} = "${key}";`).join("\n") + "\n");
}

function requestsSince(seq: number) {
  return api.log.entries.filter((entry) => entry.seq > seq);
}

function lastSeq(): number {
  return api.log.entries.at(-1)?.seq ?? 0;
}

describe("verify", () => {
  it("prints each key masked with its location and state; exit 1 when one is live", async () => {
    const live = orgKey();
    const revoked = orgKey("revoked");
    const stranger = strangerKey();
    await writeKeys("src/config.js", [live, revoked, stranger]);
    const result = await runCli(["verify", "src"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`LIVE +${escape(mask(live))} +src/config.js:1 +the API accepts this key`));
    // A 401 is never shown as proof of revocation: a never-issued key gets it too.
    expect(result.stdout).toMatch(new RegExp(`not accepted +${escape(mask(revoked))} +src/config.js:2 +not accepted by Roxels \\(401\\): revoked, never issued, or not a Roxels key`));
    expect(result.stdout).toMatch(new RegExp(`not accepted +${escape(mask(stranger))} +src/config.js:3`));
    expect(result.stdout).toContain("verify: 1 live, 2 not accepted");
  });

  it("exits 0 when no key is live, and writes JSON with --format json", async () => {
    const revoked = orgKey("revoked");
    await writeKeys("a.js", [revoked]);
    const result = await runCli(["verify", "--format", "json"], options());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([
      expect.objectContaining({ masked: mask(revoked), kind: "roxels-secret", locations: ["a.js:1"], state: "revoked", status: 401 }),
    ]);
    expect(report.summary).toMatchObject({ checked: 1, live: 0, revoked: 1 });
  });

  it("sends only Roxels secret keys: other vendors' keys are listed with where to revoke them", async () => {
    const live = orgKey();
    const stripe = remember(stripeKey());
    const embed = remember(embedKey());
    await writeFile(path.join(dir, "mixed.js"), `a = "${live}";\nb = "${stripe}";\nc = "${embed}";\n`);
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json"], options());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toHaveLength(1);
    expect(report.otherKeys).toEqual([expect.objectContaining({ kind: "stripe-secret", advice: expect.stringMatching(/Stripe dashboard/) })]);
    const sent = requestsSince(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bearer).toBe(live);
  });

  it("never sends a key that its shape or its context gives to another vendor", async () => {
    const live = orgKey();
    const others = {
      deepseek: remember(vendorKeys.deepseek()),
      moonshot: remember(vendorKeys.moonshot()),
      revenuecat: remember(vendorKeys.revenuecat()),
      elevenlabs: remember(vendorKeys.elevenlabs()),
    };
    await writeFile(
      path.join(dir, ".env"),
      `ROXELS_API_KEY=${live}\nDEEPSEEK_API_KEY=${others.deepseek}\nMOONSHOT_API_KEY=${others.moonshot}\nREVENUECAT_SECRET_KEY=${others.revenuecat}\nVOICE_KEY=${others.elevenlabs}\n`,
    );
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json", ".env"], options());
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { masked: string }) => k.masked)).toEqual([mask(live)]);
    expect(report.otherKeys.map((k: { kind: string }) => k.kind).sort()).toEqual(["deepseek", "elevenlabs", "moonshot", "revenuecat-secret"]);
    expect(requestsSince(before).map((r) => r.bearer)).toEqual([live]);
    const revoke = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json", ".env"], options());
    expect(JSON.parse(revoke.stdout).keys.map((k: { masked: string }) => k.masked)).toEqual([mask(live)]);
    for (const other of Object.values(others)) expect(requestsSince(before).some((r) => r.bearer === other || JSON.stringify(r).includes(other))).toBe(false);
  });

  it("exits 2 when a key's state cannot be determined", async () => {
    await writeKeys("a.js", [orgKey()]);
    api.inject({ type: "server-error", status: 503 }, { endpoint: "liveness", times: 10 });
    const result = await runCli(["verify"], options());
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/unknown +sk_\S+ +a\.js:1 +server error \(503\); gave up after 4 tries/);
    expect(result.stderr).toContain("could not be checked");
  });

  it("reads keys from standard input, skipping lines that are not keys without echoing them", async () => {
    const live = orgKey();
    const result = await runCli(["verify", "--stdin"], options({ input: `${live}\n\nnot-a-key-at-all\nsk_your_key_here_please\n` }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/LIVE +sk_\S+ +stdin:1/);
    expect(result.stdout).toMatch(/stdin:3 +not a key/);
    expect(result.stdout).toMatch(/stdin:4 +not a key: looks like a placeholder/);
    expect(result.stdout).not.toContain("not-a-key-at-all");
  });

  it("reads a stdin line's context: another vendor's key named on its line never reaches the API", async () => {
    const live = orgKey();
    const named = orgKey();
    const others = {
      deepseek: remember(vendorKeys.deepseek()),
      elevenlabs: remember(vendorKeys.elevenlabs()),
      revenuecat: remember(vendorKeys.revenuecat()),
      moonshot: remember(vendorKeys.moonshot()),
      hex: remember(vendorKeys.dashscope()),
    };
    const input = [
      `DEEPSEEK_API_KEY=${others.deepseek}`,
      `elevenlabs: ${others.elevenlabs}`,
      `export REVENUECAT_SECRET_KEY="${others.revenuecat}"`,
      "moonshot:",
      `  api_key: ${others.moonshot}`,
      others.hex,
      live,
      `ROXELS_API_KEY=${named}`,
      "",
    ].join("\n");
    for (const command of ["verify", "revoke"]) {
      const before = lastSeq();
      const args = command === "verify" ? ["verify", "--stdin", "--format", "json"] : ["revoke", "--stdin", "--dry-run", "--format", "json"];
      const result = await runCli(args, options({ input }));
      const report = JSON.parse(result.stdout);
      expect(report.keys.map((k: { masked: string }) => k.masked).sort(), command).toEqual([mask(live), mask(named)].sort());
      expect(report.otherKeys.map((k: { kind: string; locations: string[] }) => `${k.kind} ${k.locations.join(",")}`).sort(), command).toEqual([
        "deepseek stdin:1",
        "elevenlabs stdin:2",
        "moonshot stdin:5",
        "other-sk stdin:6",
        "revenuecat-secret stdin:3",
      ]);
      for (const other of Object.values(others)) expect(requestsSince(before).some((r) => JSON.stringify(r).includes(other))).toBe(false);
    }
  });

  it("exits 2 when stdin lines could not be used and no key was found live", async () => {
    const revoked = orgKey("revoked");
    const result = await runCli(["verify", "--stdin"], options({ input: `${revoked}\nnot-a-key-at-all\n` }));
    expect(result.stdout).toContain("verify: 0 live, 1 not accepted, 1 skipped");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/1 key skipped, so not checked/);
  });

  it("says LIVE for a 200 whose body never finishes: the status decides", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    api.inject({ type: "stall-body" }, { endpoint: "liveness", times: 10 });
    const result = await runCli(["verify"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/LIVE +sk_\S+ +a\.js:1 +the API accepts this key/);
  });

  it("survives 429s with both Retry-After forms, 5xx, a hang, a dropped connection and a non-JSON answer", async () => {
    const keys = [orgKey(), orgKey(), orgKey("revoked")];
    await writeKeys("a.js", keys);
    api.inject({ type: "rate-limit", retryAfter: { seconds: 1 } }, { endpoint: "liveness" });
    api.inject({ type: "rate-limit", retryAfter: { dateInSeconds: 1 } }, { endpoint: "liveness" });
    api.inject({ type: "server-error", status: 502, body: "<html>bad gateway</html>", contentType: "text/html" }, { endpoint: "liveness" });
    api.inject({ type: "hang" }, { endpoint: "liveness" });
    api.inject({ type: "drop" }, { endpoint: "liveness" });
    // With one key at a time, the first key meets all five faults: it needs six tries.
    const result = await runCli(["verify", "--format", "json", "--concurrency", "1", "--debug"], options({ env: { ROXELS_API_MAX_TRIES: "8" } }));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { state: string }) => k.state)).toEqual(["live", "live", "revoked"]);
    expect(report.keys[0].tries).toBeGreaterThan(1);
    expect(result.stderr).toMatch(/status 429, Retry-After 1000 ms/);
    expect(result.stderr).toContain(`timed out after ${CLI_REQUEST_TIMEOUT_MS / 1000} s`);
    expect(result.stderr).toMatch(/connection reset/);
    expect(api.faults.pending).toBe(0);
  });
});

describe("--report", () => {
  it("re-reads each key from its file and checks it against the report's fingerprint", async () => {
    const live = orgKey();
    const stripe = remember(stripeKey());
    await writeKeys("app/settings.js", [live, stripe]);
    const scan = await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    expect(scan.code).toBe(1);
    const reportText = await readFile(path.join(dir, "report.json"), "utf8");
    expectNoKey(reportText, knownKeys, "the scan report");
    const result = await runCli(["verify", "--report", "report.json", "--format", "json"], options());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([expect.objectContaining({ masked: mask(live), locations: ["app/settings.js:1"], state: "live" })]);
    expect(report.otherKeys).toEqual([expect.objectContaining({ kind: "stripe-secret" })]);
  });

  it("skips a key whose file changed since the scan, and says so", async () => {
    const first = orgKey();
    const second = orgKey();
    await writeKeys("app.js", [first, second]);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    // The first key's line now holds another key; the second key moved down a line.
    await writeKeys("app.js", [orgKey(), "x", second]);
    const before = lastSeq();
    const result = await runCli(["verify", "--report", "report.json"], options());
    // Skipped keys were not checked: their state is unknown, so not "no key is live".
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("No Roxels secret keys to check.");
    expect(result.stdout).toMatch(new RegExp(`${escape(mask(first))} +app\\.js:1 +fingerprint mismatch: line 1 no longer holds this key .*skipped`));
    expect(result.stdout).toMatch(new RegExp(`${escape(mask(second))} +app\\.js:2 +fingerprint mismatch`));
    expect(requestsSince(before)).toHaveLength(0);
  });

  it("exits 2, not 0, when every key was skipped: their state was not determined", async () => {
    const keys = [orgKey(), orgKey(), orgKey()];
    await writeKeys("app.js", keys);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    // Every line changes: no key can be read again, so none is checked.
    await writeFile(path.join(dir, "app.js"), "// keys moved to the environment\n");
    const result = await runCli(["verify", "--report", "report.json"], options());
    expect(result.stdout).toContain("verify: 0 live, 0 not accepted, 3 skipped");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^roxels-guard: 3 keys skipped, so not checked \(see "Skipped"\): their state is unknown, and no checked key is live\n$/);
    const json = await runCli(["verify", "--report", "report.json", "--format", "json"], options());
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).summary).toMatchObject({ checked: 0, live: 0, skipped: 3 });
  });

  it("exits 1 when a key is live, even with others skipped", async () => {
    const [changed, live] = [orgKey(), orgKey()];
    await writeKeys("app.js", [changed, live]);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    await writeKeys("app.js", ["x", live]);
    const result = await runCli(["verify", "--report", "report.json"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("verify: 1 live, 0 not accepted, 1 skipped");
  });

  it("re-reads a history finding from its commit with git show", async () => {
    const live = orgKey();
    git(dir, "init", "-q");
    await writeKeys("old.js", [live]);
    git(dir, "add", "old.js");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "add key");
    const commit = git(dir, "rev-parse", "HEAD").trim();
    await writeFile(path.join(dir, "old.js"), "export const key0 = process.env.ROXELS_API_KEY;\n");
    const report = {
      version: 1,
      findings: [{ file: "old.js", line: 1, column: 21, kind: "roxels-secret", masked: mask(live), fingerprint: fingerprintOf(live), commit, author: "t@example.com", date: "2026-01-01T00:00:00Z" }],
      stats: {},
    };
    await writeFile(path.join(dir, "report.json"), JSON.stringify(report));
    const result = await runCli(["verify", "--report", "report.json"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`LIVE +${escape(mask(live))} +${commit.slice(0, 12)}:old\\.js:1`));
  });

  it("refuses a report that is not a scan report, and --report with paths", async () => {
    await writeFile(path.join(dir, "bad.json"), JSON.stringify({ findings: "nope" }));
    const bad = await runCli(["verify", "--report", "bad.json"], options());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a roxels-guard scan report/);
    const mixed = await runCli(["verify", "--report", "bad.json", "src"], options());
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/cannot be combined with paths/);
  });
});

describe("revoke", () => {
  it("is a dry run by default: lists what it would revoke and sends nothing", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const before = lastSeq();
    const result = await runCli(["revoke"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Would revoke 1 Roxels secret key .*dry run/);
    expect(requestsSince(before)).toHaveLength(0);
    expect(api.keyState(live)).toBe("live");
  });

  it("revokes with --yes, confirms each key is refused, and exits 0", async () => {
    const keys = [orgKey(), orgKey(), orgKey("revoked")];
    await writeKeys("a.js", keys);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { outcome: string }) => k.outcome)).toEqual(["revoked", "revoked", "already-revoked"]);
    expect(report.keys.every((k: { confirmed: boolean }) => k.confirmed)).toBe(true);
    for (const key of keys) expect(api.keyState(key)).toBe("revoked");
  });

  it("reports keys that fail with the reason while the rest proceed; exit 1", async () => {
    const live = orgKey();
    const stranger = strangerKey();
    const live2 = orgKey();
    await writeKeys("a.js", [live, stranger, live2]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--concurrency", "1"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`revoked +${escape(mask(live))} +a\\.js:1 +revoked; confirmed`));
    expect(result.stdout).toMatch(new RegExp(`NOT FOUND +${escape(mask(stranger))} +a\\.js:2 +no such key in this org \\(404 not_found`));
    expect(result.stdout).toMatch(new RegExp(`revoked +${escape(mask(live2))} +a\\.js:3`));
    expect(result.stdout).toMatch(/revoke: 3 keys: 2 revoked, 1 not found; 1 key NOT revoked/);
    expect(api.keyState(live2)).toBe("revoked");
  });

  it("says forbidden when the management key may not revoke; exit 1", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: member } }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FORBIDDEN +sk_\S+ +a\.js:1 +the management key may not revoke this key \(403 forbidden/);
    expect(api.keyState(live)).toBe("live");
  });

  it("revokes an exposed management key last, with a warning", async () => {
    const own = remember(secretKey());
    api.addKey({ key: own, canManage: true });
    const others = [orgKey(), orgKey(), orgKey()];
    // The management key is found first in the files, and still goes last.
    await writeKeys("a.js", [own, ...others]);
    const before = lastSeq();
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options({ env: { ROXELS_API_KEY: own } }));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/the management key in ROXELS_API_KEY \(sk_\S+\) is itself exposed; it is revoked last/);
    const report = JSON.parse(result.stdout);
    expect(report.keys.at(-1)).toMatchObject({ masked: mask(own), management: true, outcome: "revoked", confirmed: true });
    expect(report.managementKey).toMatchObject({ masked: mask(own), exposed: true });
    const revokes = requestsSince(before).filter((entry) => entry.url === "/v1/api_keys/revoke");
    expect(revokes.map((entry) => entry.target)).toEqual([...others, own]);
    expect(api.keyState(own)).toBe("revoked");
  });

  it("exits 2 without ROXELS_API_KEY", async () => {
    await writeKeys("a.js", [orgKey()]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: undefined } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^roxels-guard: ROXELS_API_KEY is not set/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 when the management key is refused, and tries no further key", async () => {
    const dead = remember(secretKey());
    api.addKey({ key: dead, canManage: true, revoked: true });
    const keys = [orgKey(), orgKey()];
    await writeKeys("a.js", keys);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--concurrency", "1"], options({ env: { ROXELS_API_KEY: dead } }));
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/REFUSED +sk_\S+ +a\.js:1/);
    expect(result.stdout).toMatch(/NOT TRIED +sk_\S+ +a\.js:2 +not tried: the management key was refused/);
    expect(withoutBaseNotice(result.stderr)).toMatch(/^roxels-guard: ROXELS_API_KEY: the management key was refused \(401 [^\n]*\); 1 key not tried\n$/);
  });

  it("with the default concurrency, sends one key when the management key is refused: the rest are NOT TRIED", async () => {
    const dead = remember(secretKey());
    api.addKey({ key: dead, canManage: true, revoked: true });
    const keys = [orgKey(), orgKey(), orgKey()];
    await writeKeys("a.js", keys);
    const before = lastSeq();
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: dead } }));
    expect(result.code).toBe(2);
    expect(result.stdout.match(/REFUSED/g)).toHaveLength(1);
    expect(result.stdout.match(/NOT TRIED +sk_\S+ +a\.js:\d +not tried: the management key was refused$/gm)).toHaveLength(2);
    expect(requestsSince(before)).toHaveLength(1);
    // One line, saying "refused" once.
    expect(withoutBaseNotice(result.stderr)).toMatch(/^roxels-guard: ROXELS_API_KEY: the management key was refused \(401 unauthorized: invalid or revoked API key\); 2 keys not tried\n$/);
    for (const key of keys) expect(api.keyState(key)).toBe("live");
  });

  it("refuses an embed key as the management key", async () => {
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: remember(embedKey()) } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ROXELS_API_KEY holds an embed key/);
  });

  it("revokes every key through 429 bursts, 5xx, hangs and dropped connections", async () => {
    const keys = Array.from({ length: 6 }, () => orgKey());
    await writeKeys("a.js", keys);
    api.inject({ type: "rate-limit", retryAfter: { seconds: 1 } }, { endpoint: "revoke", times: 2 });
    api.inject({ type: "rate-limit", retryAfter: { dateInSeconds: 1 } }, { endpoint: "revoke" });
    api.inject({ type: "server-error", status: 500 }, { endpoint: "revoke", times: 2 });
    api.inject({ type: "hang" }, { endpoint: "revoke" });
    api.inject({ type: "drop", afterApplying: true }, { endpoint: "revoke" });
    api.inject({ type: "non-json", status: 503, body: "upstream unavailable", contentType: "text/plain" }, { endpoint: "liveness" });
    // Seven faults on revoke spread over four workers: one key may meet most of them.
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options({ env: { ROXELS_API_MAX_TRIES: "10" } }));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys.every((k: { outcome: string; confirmed: boolean }) => ["revoked", "already-revoked"].includes(k.outcome) && k.confirmed)).toBe(true);
    for (const key of keys) expect(api.keyState(key)).toBe("revoked");
    expect(api.faults.pending).toBe(0);
  });

  it("exits 1 when every key was skipped: a skipped exposed key is not revoked", async () => {
    const keys = [orgKey(), orgKey()];
    await writeKeys("a.js", keys);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    await writeFile(path.join(dir, "a.js"), "// moved\n");
    const result = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json", "--yes"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/fingerprint mismatch/);
    expect(result.stdout).toMatch(/revoke: 2 keys: 2 skipped; 2 keys NOT revoked/);
    expect(result.stderr).toMatch(/2 keys skipped, so not revoked/);
    for (const key of keys) expect(api.keyState(key)).toBe("live");
    const dry = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json"], options());
    expect(dry.code).toBe(1);
  });

  it("exits 1 and counts the skipped key in the JSON summary when one of three changed", async () => {
    const [first, changed, third] = [orgKey(), orgKey(), orgKey()];
    await writeKeys("a.js", [first, changed, third]);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    await writeKeys("a.js", [first, "x", third]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json", "--yes", "--format", "json"], options());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ keys: 2, revoked: 2, skipped: 1, suppressed: 0 });
    expect(report.skipped).toEqual([expect.objectContaining({ masked: mask(changed), location: "a.js:2" })]);
    expect(api.keyState(changed)).toBe("live");
    const text = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json", "--yes"], options());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/revoke: 3 keys: 2 already revoked, 1 skipped; 1 key NOT revoked/);
  });

  it("revokes keys from standard input", async () => {
    const live = orgKey();
    const result = await runCli(["revoke", "--allow-custom-api-base", "--stdin", "--yes"], options({ input: `${live}\n` }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked +sk_\S+ +stdin:1 +revoked; confirmed/);
    expect(api.keyState(live)).toBe("revoked");
  });
});

describe("an API that cannot be reached", () => {
  /** A loopback address where nothing listens: every connection is refused. */
  async function closedUrl(): Promise<string> {
    const closed = await startMockApi();
    await closed.close();
    return closed.url;
  }

  /** The documented defaults, spelled out: the suite's own settings are faster. */
  const DEFAULT_RETRY_ENV = {
    ROXELS_API_MAX_TRIES: "5",
    ROXELS_API_TIMEOUT_MS: "10000",
    ROXELS_API_TOTAL_TIME_MS: "60000",
    ROXELS_API_BACKOFF_MS: "500",
    ROXELS_API_MAX_BACKOFF_MS: "8000",
    ROXELS_API_MAX_RETRY_AFTER_MS: "30000",
  };

  it("revoke exits 2, as verify does, with one line on stderr saying so", async () => {
    await writeKeys("a.js", [orgKey(), orgKey(), orgKey()]);
    const env = { ROXELS_API_BASE: await closedUrl() };
    const revoke = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env }));
    expect(revoke.code).toBe(2);
    expect(withoutBaseNotice(revoke.stderr)).toMatch(/^roxels-guard: could not reach the Roxels API at http:\/\/127\.0\.0\.1:\d+\/: connection refused; gave up after 4 tries; no key was revoked\n$/);
    expect(revoke.stdout).toMatch(/FAILED +sk_\S+ +a\.js:1 +connection refused/);
    expect(revoke.stdout).toMatch(/NOT TRIED +sk_\S+ +a\.js:3 +not tried: the Roxels API could not be reached/);
    const verify = await runCli(["verify"], options({ env }));
    expect(verify.code).toBe(2);
    expect(withoutBaseNotice(verify.stderr)).toMatch(/^roxels-guard: could not reach the Roxels API at http:\/\/127\.0\.0\.1:\d+\/: connection refused; gave up after 4 tries; no key was checked\n$/);
    const json = JSON.parse((await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options({ env }))).stdout);
    expect(json.keys.map((k: { outcome: string }) => k.outcome)).toEqual(["failed", "not-attempted", "not-attempted"]);
  });

  // How long the default policy takes to give up is checked on the client's clock
  // (client.test.ts); here, that the CLI spends those tries once, however many keys.
  it("spends one key's tries with the default retry policy, however many keys", async () => {
    await writeKeys("a.js", Array.from({ length: 9 }, () => orgKey()));
    const env = { ROXELS_API_BASE: await closedUrl(), ...DEFAULT_RETRY_ENV };
    for (const command of ["revoke", "verify"]) {
      const result = await runCli([command, ...(command === "revoke" ? ["--yes", "--allow-custom-api-base"] : []), "--format", "json", "--concurrency", "1"], options({ env }));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/connection refused; gave up after 5 tries/);
      const keys = JSON.parse(result.stdout).keys as Array<{ tries?: number; outcome?: string; state?: string }>;
      expect(keys.map((k) => k.tries ?? 0)).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
  });

  it("exits 1, not 2, when some keys fail without an answer while others got one", async () => {
    const [first, second] = [orgKey(), orgKey()];
    await writeKeys("a.js", [first, second]);
    // The first key's revoke is answered (a fault that changes nothing); every try of the second's is dropped.
    api.inject({ type: "slow", ms: 0 }, { endpoint: "revoke" });
    api.inject({ type: "drop" }, { endpoint: "revoke", times: 4 });
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--concurrency", "1"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/revoked +sk_\S+ +a\.js:1 +revoked; confirmed/);
    expect(result.stdout).toMatch(/FAILED +sk_\S+ +a\.js:2 +connection reset; gave up after 4 tries/);
    expect(result.stderr).not.toMatch(/could not reach/);
  });
});

describe("keys on the command line", () => {
  it.each([
    ["verify", ["--key", "KEY"]],
    ["verify", ["--key=KEY"]],
    ["revoke", ["--yes", "KEY"]],
    ["revoke", ["--api-key", "KEY", "--yes"]],
    ["verify", ["--", "KEY"]],
  ])("%s %j is refused with exit 2 and an explanation", async (command, args) => {
    const key = orgKey();
    const before = lastSeq();
    const result = await runCli([command, ...args.map((arg) => arg.replace("KEY", key))], options());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${command} refuses keys on the command line: .*shell history and shown by ps`));
    expect(result.stderr).toMatch(/--stdin/);
    expect(result.stderr).toContain(`(${mask(key)})`);
    expect(result.stderr).toMatch(/Treat that key as exposed/);
    expect(requestsSince(before)).toHaveLength(0);
  });

  it("refuses --key even without a value", async () => {
    const result = await runCli(["verify", "--key"], options());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refuses keys on the command line: --key\./);
  });
});

describe("API settings", () => {
  it("refuses http:// to a host that is not loopback", async () => {
    await writeKeys("a.js", [orgKey()]);
    for (const base of ["http://example.com", "http://192.168.1.10:8080"]) {
      const result = await runCli(["verify", "--api-base", base], options());
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/refusing plain http:\/\/ to .*clear text/);
    }
    const viaEnv = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_BASE: "http://example.com" } }));
    expect(viaEnv.code).toBe(2);
  });

  it("uses the configured revoke path and field", async () => {
    const custom = await startMockApi({ keys: [{ key: management, canManage: true }], paths: { revoke: "/v2/keys/revoke", revokeField: "secret" } });
    const live = remember(secretKey());
    custom.addKey({ key: live });
    await writeKeys("a.js", [live]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_BASE: custom.url, ROXELS_API_REVOKE_PATH: "/v2/keys/revoke", ROXELS_API_REVOKE_FIELD: "secret" } }));
    expect(result.code).toBe(0);
    expect(custom.keyState(live)).toBe("revoked");
    await custom.close();
  });
});

describe("interactive confirmation", () => {
  async function revokeAtTerminal(answer: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const { run } = await import("../../packages/cli/dist/commands/revoke.js");
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      // Answered once: more is written to stderr after the answer.
      if (!stdin.writableEnded && err.includes('Type "yes"')) stdin.end(`${answer}\n`);
    });
    const io = {
      stdin,
      stdout,
      stderr,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      stderrIsTTY: true,
      cwd: dir,
      env: { ROXELS_API_BASE: api.url, ROXELS_API_KEY: management, NO_COLOR: "1", HOME: dir },
    };
    const code = await run(["--allow-custom-api-base"], io);
    expectNoKey(out + err, knownKeys, "terminal output");
    return { code, stdout: out, stderr: err };
  }

  it("revokes when the user types yes at a terminal", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await revokeAtTerminal("yes");
    expect(result.stderr).toMatch(/About to revoke 1 Roxels secret key/);
    expect(result.code).toBe(0);
    expect(api.keyState(live)).toBe("revoked");
  });

  it.each(["no", "y", "Y", "YES", "yes please"])("revokes nothing on any other answer (%j): it cannot be undone", async (answer) => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await revokeAtTerminal(answer);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Would revoke/);
    expect(api.keyState(live)).toBe("live");
  });
});

function mask(key: string): string {
  return `${key.slice(0, 3)}${key.slice(3, 7)}…${key.slice(-4)}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
}

function fingerprintOf(key: string): string {
  // The same function the scanner uses: imported from core rather than re-implemented.
  return fingerprint(key);
}
import { fingerprintKey as fingerprint } from "@roxels-guard/core";
