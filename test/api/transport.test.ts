/**
 * Where keys may go: http:// only to addresses that are loopback (the name is not
 * trusted), a base other than the Roxels API named before any key is sent, and revoke
 * through such a base only when asked. Real loopback server; host resolution injected
 * where a name must resolve off loopback, since tests have no network.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Secret } from "@roxels-guard/core";
import { ApiConfigError, RoxelsClient } from "@roxels-guard/api";
import { loopbackApi, runCli } from "./cli-support.js";
import { FAST_RETRY, ManualClock } from "./support.js";

const local = loopbackApi();
const { orgKey, options } = local;

describe("plain http://", () => {
  const viaName = (lookup: (host: string) => Promise<string[]>) =>
    new RoxelsClient({ baseUrl: local.api.url.replace("127.0.0.1", "api.localhost"), retry: FAST_RETRY, clock: new ManualClock(), lookup });

  it("is refused when the name resolves to any address off loopback, before a request is sent", async () => {
    const before = local.api.log.entries.length;
    for (const addresses of [["10.0.0.5"], ["127.0.0.1", "192.168.1.9"], ["::1", "2001:db8::1"], []]) {
      const refused = viaName(async () => addresses).checkKey(new Secret(orgKey(), 3));
      await expect(refused).rejects.toThrow(ApiConfigError);
      await expect(refused).rejects.toThrow(/refusing plain http:\/\/ to api\.localhost: it resolves to \S+, not a loopback address/);
    }
    await expect(viaName(() => Promise.reject(new Error("ENOTFOUND"))).checkKey(new Secret(orgKey(), 3))).rejects.toThrow(/does not resolve/);
    expect(local.api.log.entries.length).toBe(before);
  });

  it("is allowed when every address is loopback", async () => {
    await expect(viaName(async () => ["127.0.0.1", "::1", "127.5.5.5"]).checkTransport()).resolves.toBeUndefined();
    // The system's resolver, for the name every machine has.
    const client = new RoxelsClient({ baseUrl: local.api.url.replace("127.0.0.1", "localhost"), retry: FAST_RETRY, clock: new ManualClock() });
    await expect(client.checkTransport()).resolves.toBeUndefined();
  });

  it("never asks the resolver for https:// or a literal address", async () => {
    const asked: string[] = [];
    const lookup = async (host: string) => {
      asked.push(host);
      return ["10.0.0.1"];
    };
    await new RoxelsClient({ baseUrl: "https://proxy.example", lookup }).checkTransport();
    await new RoxelsClient({ baseUrl: local.api.url, lookup }).checkTransport();
    expect(asked).toEqual([]);
  });
});

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
