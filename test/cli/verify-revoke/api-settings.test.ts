/**
 * The API settings verify and revoke read: plain http only to loopback, the revoke path and field.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
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

async function writeKeys(file: string, keys: readonly string[]): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), keys.map((key, i) => `export const key${i} = "${key}";`).join("\n") + "\n");
}

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
