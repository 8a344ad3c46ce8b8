/** The client's transport: plain http:// only when the host resolves to loopback alone. */
import { describe, expect, it } from "vitest";
import { Secret } from "@roxels-guard/core";
import { ApiConfigError, RoxelsClient } from "@roxels-guard/api";
import { loopbackApi } from "../support/api-cli.js";
import { FAST_RETRY, ManualClock } from "../support/api.js";

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
