/**
 * verify and revoke against a base URL that is not the Roxels API's: named, and refused
 * for revoke without --allow-custom-api-base.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loopbackApi, runCli } from "../../support/api-cli.js";

const local = loopbackApi();
const { orgKey, options } = local;

describe("a base URL other than the Roxels API", () => {
  it("is named on stderr before verify sends a key", async () => {
    const key = orgKey();
    await writeFile(path.join(local.dir, "a.js"), `export const k = "${key}";\n`);
    const result = await runCli(["verify"], options());
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(
      `roxels-guard: sending keys to ${local.api.url}/, not the Roxels API (https://api.roxels.ai/): set by --api-base or ROXELS_API_BASE`,
    );
  });

  it("is refused for revoke without --allow-custom-api-base: one line, exit 2, nothing sent", async () => {
    const key = orgKey();
    await writeFile(path.join(local.dir, "a.js"), `export const k = "${key}";\n`);
    const before = local.api.log.entries.length;
    const result = await runCli(["revoke", "--yes"], options());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `roxels-guard: refusing to revoke through ${local.api.url}/, which is not the Roxels API: the management key and every key would go there; add --allow-custom-api-base if you mean it\n`,
    );
    expect(local.api.log.entries.length).toBe(before);
    expect(local.api.keyState(key)).toBe("live");

    const allowed = await runCli(["revoke", "--yes", "--allow-custom-api-base"], options());
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain(`roxels-guard: sending the management key and keys to ${local.api.url}/, not the Roxels API`);
    expect(local.api.keyState(key)).toBe("revoked");
  });

  it("needs no flag for a dry run, which sends nothing", async () => {
    await writeFile(path.join(local.dir, "a.js"), `export const k = "${orgKey()}";\n`);
    const result = await runCli(["revoke", "--dry-run"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Would revoke 1 Roxels secret key at ${local.api.url}/`);
  });
});
