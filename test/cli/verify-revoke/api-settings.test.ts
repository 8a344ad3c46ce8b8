/**
 * The API settings verify and revoke read: plain http only to loopback, the revoke path and field.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startMockApi } from "@roxels-guard/mock-api";
import { secretKey } from "../../support/keys.js";
import { remember, runCli } from "../../support/api-cli.js";
import { verifyRevokeApi } from "./support.js";

// Every case here is refused before a request: the shared server must hear nothing.
const server = verifyRevokeApi("no-request");
const { management, orgKey, options, writeKeys } = server;

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
