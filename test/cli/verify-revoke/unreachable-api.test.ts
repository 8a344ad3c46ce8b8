/**
 * verify and revoke when the API cannot be reached: exit codes and how many tries a key costs.
 */
import { describe, expect, it } from "vitest";
import { startMockApi } from "@roxels-guard/mock-api";
import { runCli, withoutBaseNotice } from "../../support/api-cli.js";
import { verifyRevokeApi } from "./support.js";

const server = verifyRevokeApi();
const { orgKey, options, writeKeys } = server;

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
  // (test/api/client.test.ts); here, that the CLI spends those tries once, however many keys.
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
    server.api.inject({ type: "slow", ms: 0 }, { endpoint: "revoke" });
    server.api.inject({ type: "drop" }, { endpoint: "revoke", times: 4 });
    const result = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--concurrency", "1"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/revoked +sk_\S+ +a\.js:1 +revoked; confirmed/);
    expect(result.stdout).toMatch(/FAILED +sk_\S+ +a\.js:2 +connection reset; gave up after 4 tries/);
    expect(result.stderr).not.toMatch(/could not reach/);
  });
});
