/**
 * `verify --report`: each key re-read from its file or commit and checked against the
 * report's fingerprint before it is sent.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { masked, stripeKey } from "../../support/keys.js";
import { knownKeys, remember, runCli } from "../../support/api-cli.js";
import { expectNoKey } from "../../support/api.js";
import { escape, git, verifyRevokeApi } from "./support.js";

const server = verifyRevokeApi();
const { orgKey, options, writeKeys, requestsSince, lastSeq } = server;

describe("--report", () => {
  it("re-reads each key from its file and checks it against the report's fingerprint", async () => {
    const live = orgKey();
    const stripe = remember(stripeKey());
    await writeKeys("app/settings.js", [live, stripe]);
    const scan = await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    expect(scan.code).toBe(1);
    const reportText = await readFile(path.join(server.dir, "report.json"), "utf8");
    expectNoKey(reportText, knownKeys, "the scan report");
    const result = await runCli(["verify", "--report", "report.json", "--format", "json"], options());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([expect.objectContaining({ masked: masked(live), locations: ["app/settings.js:1"], state: "live" })]);
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
    expect(result.stdout).toMatch(new RegExp(`${escape(masked(first))} +app\\.js:1 +fingerprint mismatch: line 1 no longer holds this key .*skipped`));
    expect(result.stdout).toMatch(new RegExp(`${escape(masked(second))} +app\\.js:2 +fingerprint mismatch`));
    expect(requestsSince(before)).toHaveLength(0);
  });

  it("exits 2, not 0, when every key was skipped: their state was not determined", async () => {
    const keys = [orgKey(), orgKey(), orgKey()];
    await writeKeys("app.js", keys);
    await runCli(["scan", "--format", "json", "--output", "report.json"], options());
    // Every line changes: no key can be read again, so none is checked.
    await writeFile(path.join(server.dir, "app.js"), "// keys moved to the environment\n");
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
    git(server.dir, "init", "-q");
    await writeKeys("old.js", [live]);
    git(server.dir, "add", "old.js");
    git(server.dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "add key");
    const commit = git(server.dir, "rev-parse", "HEAD").trim();
    await writeFile(path.join(server.dir, "old.js"), "export const key0 = process.env.ROXELS_API_KEY;\n");
    const report = {
      version: 1,
      findings: [{ file: "old.js", line: 1, column: 21, kind: "roxels-secret", masked: masked(live), fingerprint: fingerprintKey(live), commit, author: "t@example.com", date: "2026-01-01T00:00:00Z" }],
      stats: {},
    };
    await writeFile(path.join(server.dir, "report.json"), JSON.stringify(report));
    const result = await runCli(["verify", "--report", "report.json"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`LIVE +${escape(masked(live))} +${commit.slice(0, 12)}:old\\.js:1`));
  });

  it("refuses a report that is not a scan report, and --report with paths", async () => {
    await writeFile(path.join(server.dir, "bad.json"), JSON.stringify({ findings: "nope" }));
    const bad = await runCli(["verify", "--report", "bad.json"], options());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a roxels-guard scan report/);
    const mixed = await runCli(["verify", "--report", "bad.json", "src"], options());
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/cannot be combined with paths/);
  });
});
