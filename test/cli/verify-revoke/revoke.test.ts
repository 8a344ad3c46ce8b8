/**
 * `roxels-guard revoke` as a real process against the local Roxels API: dry run by default,
 * --yes, failures per key, the management key, and a flaky API.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { embedKey, masked, secretKey } from "../../support/keys.js";
import { remember, runCli, withoutBaseNotice } from "../../support/api-cli.js";
import { escape, verifyRevokeApi } from "./support.js";

const server = verifyRevokeApi();
const { management, member, orgKey, strangerKey, options, writeKeys, requestsSince, lastSeq } = server;

describe("revoke", () => {
  it("is a dry run by default: lists what it would revoke and sends nothing", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const before = lastSeq();
    const result = await runCli(["revoke"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Would revoke 1 Roxels secret key .*dry run/);
    expect(requestsSince(before)).toHaveLength(0);
    expect(server.api.keyState(live)).toBe("live");
  });

  it("revokes with --yes, confirms each key is refused, and exits 0", async () => {
    const keys = [orgKey(), orgKey(), orgKey("revoked")];
    await writeKeys("a.js", keys);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { outcome: string }) => k.outcome)).toEqual(["revoked", "revoked", "already-revoked"]);
    expect(report.keys.every((k: { confirmed: boolean }) => k.confirmed)).toBe(true);
    for (const key of keys) expect(server.api.keyState(key)).toBe("revoked");
  });

  it("reports keys that fail with the reason while the rest proceed; exit 1", async () => {
    const live = orgKey();
    const stranger = strangerKey();
    const live2 = orgKey();
    await writeKeys("a.js", [live, stranger, live2]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--concurrency", "1"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`revoked +${escape(masked(live))} +a\\.js:1 +revoked; confirmed`));
    expect(result.stdout).toMatch(new RegExp(`NOT FOUND +${escape(masked(stranger))} +a\\.js:2 +no such key in this org \\(404 not_found`));
    expect(result.stdout).toMatch(new RegExp(`revoked +${escape(masked(live2))} +a\\.js:3`));
    expect(result.stdout).toMatch(/revoke: 3 keys: 2 revoked, 1 not found; 1 key NOT revoked/);
    expect(server.api.keyState(live2)).toBe("revoked");
  });

  it("says forbidden when the management key may not revoke; exit 1", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: member } }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FORBIDDEN +sk_\S+ +a\.js:1 +the management key may not revoke this key \(403 forbidden/);
    expect(server.api.keyState(live)).toBe("live");
  });

  it("revokes an exposed management key last, with a warning", async () => {
    const own = remember(secretKey());
    server.api.addKey({ key: own, canManage: true });
    const others = [orgKey(), orgKey(), orgKey()];
    // The management key is found first in the files, and still goes last.
    await writeKeys("a.js", [own, ...others]);
    const before = lastSeq();
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options({ env: { ROXELS_API_KEY: own } }));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/the management key in ROXELS_API_KEY \(sk_\S+\) is itself exposed; it is revoked last/);
    const report = JSON.parse(result.stdout);
    expect(report.keys.at(-1)).toMatchObject({ masked: masked(own), management: true, outcome: "revoked", confirmed: true });
    expect(report.managementKey).toMatchObject({ masked: masked(own), exposed: true });
    const revokes = requestsSince(before).filter((entry) => entry.url === "/v1/api_keys/revoke");
    expect(revokes.map((entry) => entry.target)).toEqual([...others, own]);
    expect(server.api.keyState(own)).toBe("revoked");
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
    server.api.addKey({ key: dead, canManage: true, revoked: true });
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
    server.api.addKey({ key: dead, canManage: true, revoked: true });
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
    for (const key of keys) expect(server.api.keyState(key)).toBe("live");
  });

  it("refuses an embed key as the management key", async () => {
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes"], options({ env: { ROXELS_API_KEY: remember(embedKey()) } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ROXELS_API_KEY holds an embed key/);
  });

  it("revokes every key through 429 bursts, 5xx, hangs and dropped connections", async () => {
    const keys = Array.from({ length: 6 }, () => orgKey());
    await writeKeys("a.js", keys);
    server.api.inject({ type: "rate-limit", retryAfter: { seconds: 1 } }, { endpoint: "revoke", times: 2 });
    server.api.inject({ type: "rate-limit", retryAfter: { dateInSeconds: 1 } }, { endpoint: "revoke" });
    server.api.inject({ type: "server-error", status: 500 }, { endpoint: "revoke", times: 2 });
    server.api.inject({ type: "hang" }, { endpoint: "revoke" });
    server.api.inject({ type: "drop", afterApplying: true }, { endpoint: "revoke" });
    server.api.inject({ type: "non-json", status: 503, body: "upstream unavailable", contentType: "text/plain" }, { endpoint: "liveness" });
    // Seven faults on revoke spread over four workers: one key may meet most of them.
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json"], options({ env: { ROXELS_API_MAX_TRIES: "10" } }));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys.every((k: { outcome: string; confirmed: boolean }) => ["revoked", "already-revoked"].includes(k.outcome) && k.confirmed)).toBe(true);
    for (const key of keys) expect(server.api.keyState(key)).toBe("revoked");
    expect(server.api.faults.pending).toBe(0);
  });

  it("exits 1 when every key was skipped: a skipped exposed key is not revoked", async () => {
    const keys = [orgKey(), orgKey()];
    await writeKeys("a.js", keys);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    await writeFile(path.join(server.dir, "a.js"), "// moved\n");
    const result = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json", "--yes"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/fingerprint mismatch/);
    expect(result.stdout).toMatch(/revoke: 2 keys: 2 skipped; 2 keys NOT revoked/);
    expect(result.stderr).toMatch(/2 keys skipped, so not revoked/);
    for (const key of keys) expect(server.api.keyState(key)).toBe("live");
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
    expect(report.skipped).toEqual([expect.objectContaining({ masked: masked(changed), location: "a.js:2" })]);
    expect(server.api.keyState(changed)).toBe("live");
    const text = await runCli(["revoke", "--allow-custom-api-base", "--report", "report.json", "--yes"], options());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/revoke: 3 keys: 2 already revoked, 1 skipped; 1 key NOT revoked/);
  });

  it("revokes keys from standard input", async () => {
    const live = orgKey();
    const result = await runCli(["revoke", "--allow-custom-api-base", "--stdin", "--yes"], options({ input: `${live}\n` }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revoked +sk_\S+ +stdin:1 +revoked; confirmed/);
    expect(server.api.keyState(live)).toBe("revoked");
  });
});
