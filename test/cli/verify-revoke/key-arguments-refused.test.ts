/** A key is never taken on the command line (it would land in shell history and `ps`). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockApi, type MockApi } from "../../../packages/mock-api/src/index.js";
import { secretKey } from "../../support/keys.js";
import { remember, runCli, tempDir, type CliOptions } from "../../support/api-cli.js";

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
const management = remember(secretKey());
const member = remember(secretKey());

beforeAll(async () => {
  api = await startMockApi({ recordRaw: true, keys: [{ key: management, canManage: true }, { key: member }] });
});

// Every case here is refused before a request: the shared server must have heard nothing.
afterAll(async () => {
  expect(api.log.entries).toHaveLength(0);
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

function options(extra: Partial<CliOptions> = {}): CliOptions {
  return { cwd: dir, env: { ROXELS_API_BASE: api.url, ROXELS_API_KEY: management, ...extra.env }, ...(extra.input !== undefined ? { input: extra.input } : {}) };
}

function requestsSince(seq: number) {
  return api.log.entries.filter((entry) => entry.seq > seq);
}

function lastSeq(): number {
  return api.log.entries.at(-1)?.seq ?? 0;
}

function mask(key: string): string {
  return `${key.slice(0, 3)}${key.slice(3, 7)}…${key.slice(-4)}`;
}

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
