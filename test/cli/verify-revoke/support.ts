/**
 * The set-up the verify and revoke tests share: one loopback Roxels API per test file (a
 * management key and a member key, raw requests recorded), a fresh folder per test, and
 * the helpers that plant keys and read the server's log.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { startMockApi, type LoggedRequest, type MockApi } from "@roxels-guard/mock-api";
import { secretKey } from "../../support/keys.js";
import { knownKeys, remember, tempDir, type CliOptions } from "../../support/api-cli.js";
import { expectKeysOnlyWhereTheContractPutsThem } from "../../support/api.js";

/**
 * `afterAll` checks the server's log: with "contract", that keys went only where the API
 * contract puts them (and that requests were made); with "no-request", that none was.
 */
export function verifyRevokeApi(check: "contract" | "no-request" = "contract") {
  const management = remember(secretKey());
  const member = remember(secretKey());
  const state: { api?: MockApi; dir?: string; cleanup?: () => Promise<void> } = {};

  beforeAll(async () => {
    state.api = await startMockApi({ recordRaw: true, keys: [{ key: management, canManage: true }, { key: member }] });
  });
  afterAll(async () => {
    if (check === "contract") expectKeysOnlyWhereTheContractPutsThem(state.api!.log.entries, knownKeys);
    else expect(state.api!.log.entries).toHaveLength(0);
    await state.api!.close();
  });
  beforeEach(async () => {
    const made = await tempDir();
    state.dir = made.dir;
    state.cleanup = made.cleanup;
  });
  afterEach(async () => {
    state.api!.faults.clear();
    await state.cleanup!();
  });

  const server = {
    management,
    member,
    get api(): MockApi {
      return state.api!;
    },
    /** This test's folder. */
    get dir(): string {
      return state.dir!;
    },
    /** A key the org issued: live, or revoked already. */
    orgKey(keyState: "live" | "revoked" = "live"): string {
      const key = remember(secretKey());
      state.api!.addKey({ key, revoked: keyState === "revoked" });
      return key;
    },
    /** A key of the right shape that the org never issued. */
    strangerKey(): string {
      return remember(secretKey());
    },
    /** Options for runCli: this test's folder, the local API and the management key. */
    options(extra: Partial<CliOptions> = {}): CliOptions {
      return { cwd: state.dir!, env: { ROXELS_API_BASE: state.api!.url, ROXELS_API_KEY: management, ...extra.env }, ...(extra.input !== undefined ? { input: extra.input } : {}) };
    },
    /** `keys` as one exported constant a line in `file`, below this test's folder. */
    async writeKeys(file: string, keys: readonly string[]): Promise<void> {
      await mkdir(path.dirname(path.join(state.dir!, file)), { recursive: true });
      await writeFile(path.join(state.dir!, file), keys.map((key, i) => `export const key${i} = "${key}";`).join("\n") + "\n");
    },
    requestsSince(seq: number): LoggedRequest[] {
      return state.api!.log.entries.filter((entry) => entry.seq > seq);
    },
    lastSeq(): number {
      return state.api!.log.entries.at(-1)?.seq ?? 0;
    },
  };
  return server;
}


/** `text` as a literal inside a RegExp. */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** git without the developer's global and system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
}
