/**
 * API answers are read up to a cap: a server (a proxy's error page, a wrong base URL, a
 * hostile host) that sends an endless body gets its status judged, not its body awaited.
 * A real HTTP server on 127.0.0.1 that never ends its body.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "@roxels-guard/core";
import { RoxelsClient } from "@roxels-guard/api";
import { secretKey } from "../support/keys.js";

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(400, { "content-type": "text/plain" });
    const block = Buffer.alloc(64 * 1024, "e");
    // Writes for as long as the client reads: the body has no end.
    const more = (): void => {
      while (!response.destroyed && response.write(block));
      if (!response.destroyed) response.once("drain", more);
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("an answer with an endless body", () => {
  it("is judged by its status after the first part of the body, and the rest is never read", async () => {
    // A per-request time-out far longer than the test: an unbounded read would only end there.
    const retry = { maxTries: 1, requestTimeoutMs: 600_000, totalTimeMs: 600_000, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 10 };
    const client = new RoxelsClient({ baseUrl, managementKey: new Secret(secretKey(), 3), retry });
    const result = await client.checkKey(new Secret(secretKey(), 3));
    expect(result.state).toBe("unknown");
    expect(result.status).toBe(400);
    expect(result.reason).toContain("400");
    expect(result.reason.length).toBeLessThan(1000);
  });
});
