/**
 * The API client against the local Roxels API over real HTTP on 127.0.0.1: outcomes,
 * retries driven by the server's fault injection, and where keys may appear.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Secret } from "@roxels-guard/core";
import { ApiConfigError, DEFAULT_RETRY_POLICY, RoxelsClient, type AttemptEvent, type RoxelsClientOptions } from "@roxels-guard/api";
import { startMockApi, type MockApi } from "@roxels-guard/mock-api";
import { embedKey, secretKey, stripeKey } from "../support/keys.js";
import { expectKeysOnlyWhereTheContractPutsThem, expectNoKey, FAST_RETRY, ManualClock } from "../support/api.js";

const management = secretKey();
const member = secretKey();
const revokedManagement = secretKey();
const noListing = secretKey();
const embed = embedKey();
const allKeys: string[] = [management, member, revokedManagement, noListing, embed];

let api: MockApi;
/** Each test's time (support.ts): a request times out only when the server leaves it unanswered. */
let clock: ManualClock;
/** The faults after which the server never answers: the attempt's time-out then fires. */
let expireOn: Set<string>;

beforeEach(() => {
  clock = new ManualClock();
  expireOn = new Set(["hang"]);
});

function fresh(options: { revoked?: boolean } = {}): string {
  const key = secretKey();
  allKeys.push(key);
  api.addKey({ key, revoked: options.revoked ?? false });
  return key;
}

function client(options: Partial<RoxelsClientOptions> = {}, managementKey = management): RoxelsClient {
  return new RoxelsClient({ baseUrl: api.url, managementKey: new Secret(managementKey, 3), retry: FAST_RETRY, clock, ...options });
}

function recorder(): { events: AttemptEvent[]; onAttempt: (event: AttemptEvent) => void } {
  const events: AttemptEvent[] = [];
  return { events, onAttempt: (event) => events.push(event) };
}

beforeAll(async () => {
  api = await startMockApi({
    recordRaw: true,
    // Called as the server leaves a request hanging, when the client's time-out is already set.
    onRequest: (entry) => {
      if (entry.fault !== undefined && expireOn.has(entry.fault)) clock.expire();
    },
    keys: [
      { key: management, canManage: true },
      { key: member },
      { key: revokedManagement, canManage: true, revoked: true },
      { key: noListing, canList: false },
      { key: embed },
    ],
  });
});

afterEach(() => {
  // A test that fails half-way must not leave faults for the next.
  api.faults.clear();
});

afterAll(async () => {
  expectKeysOnlyWhereTheContractPutsThem(api.log.entries, allKeys);
  await api.close();
});

describe("checkKey", () => {
  it("says live for a key the API accepts", async () => {
    const result = await client().checkKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ state: "live", status: 200, tries: 1 });
  });

  it("says live for a key the API accepts without the permission (403)", async () => {
    const result = await client().checkKey(new Secret(noListing, 3));
    expect(result).toMatchObject({ state: "live", status: 403 });
  });

  it("says revoked for a revoked key (401)", async () => {
    const result = await client().checkKey(new Secret(fresh({ revoked: true }), 3));
    expect(result).toMatchObject({ state: "revoked", status: 401 });
  });

  it("says revoked for a key the org never issued: the API answers 401 to both", async () => {
    const unknown = secretKey();
    allKeys.push(unknown);
    const result = await client().checkKey(new Secret(unknown, 3));
    expect(result).toMatchObject({ state: "revoked", status: 401 });
  });

  it("works with the hyphen form of a key", async () => {
    const key = secretKey({ hyphen: true });
    allKeys.push(key);
    api.addKey({ key });
    expect((await client().checkKey(new Secret(key, 3))).state).toBe("live");
  });

  it("says unknown when no final answer comes", async () => {
    api.inject({ type: "server-error", status: 503 }, { times: FAST_RETRY.maxTries, endpoint: "liveness" });
    const result = await client().checkKey(new Secret(fresh(), 3));
    expect(result.state).toBe("unknown");
    expect(result.tries).toBe(FAST_RETRY.maxTries);
    expect(result.reason).toMatch(/server error \(503\); gave up after 4 tries/);
  });

  it("never sends another vendor's key, nor an embed key", async () => {
    const before = api.log.entries.length;
    const stripe = stripeKey();
    for (const key of [stripe, embed]) {
      await expect(client().checkKey(new Secret(key))).rejects.toThrow(ApiConfigError);
      await expect(client().revokeKey(new Secret(key))).rejects.toThrow(/not a Roxels secret key/);
    }
    const error = await client().checkKey(new Secret(stripe)).catch((e: Error) => e);
    expectNoKey(String((error as Error).message), [stripe], "the refusal");
    expect(api.log.entries.length).toBe(before);
  });
});

describe("revokeKey", () => {
  it("revokes a live key, after which it answers 401", async () => {
    const key = new Secret(fresh(), 3);
    const result = await client().revokeKey(key);
    expect(result).toMatchObject({ outcome: "revoked", status: 200, tries: 1 });
    expect(result.keyId).toMatch(/^key_/);
    expect((await client().checkKey(key)).state).toBe("revoked");
  });

  it("is idempotent: a second revoke says already revoked", async () => {
    const key = new Secret(fresh(), 3);
    await client().revokeKey(key);
    expect(await client().revokeKey(key)).toMatchObject({ outcome: "already-revoked", status: 200 });
  });

  it("says not found for a key the org never issued (404)", async () => {
    const unknown = secretKey();
    allKeys.push(unknown);
    const result = await client().revokeKey(new Secret(unknown, 3));
    expect(result).toMatchObject({ outcome: "not-found", status: 404 });
    expect(result.reason).toContain("not_found");
  });

  it("says forbidden when the management key may not revoke (403)", async () => {
    const key = fresh();
    const result = await client({}, member).revokeKey(new Secret(key, 3));
    expect(result).toMatchObject({ outcome: "forbidden", status: 403 });
    expect(api.keyState(key)).toBe("live");
  });

  it("says unauthorized when the management key itself is refused (401)", async () => {
    const result = await client({}, revokedManagement).revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "unauthorized", status: 401 });
  });

  it("needs a management key", async () => {
    const bare = new RoxelsClient({ baseUrl: api.url, retry: FAST_RETRY });
    await expect(bare.revokeKey(new Secret(fresh(), 3))).rejects.toThrow(/ROXELS_API_KEY/);
  });

  it("refuses an embed key as the management key before sending anything", () => {
    expect(() => new RoxelsClient({ baseUrl: api.url, managementKey: new Secret(embed, 3) })).toThrow(ApiConfigError);
  });
});

describe("retries", () => {
  it("honours Retry-After in seconds after a 429", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "rate-limit", retryAfter: { seconds: 1 } }, { endpoint: "revoke" });
    const result = await client({ onAttempt }).revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "revoked", tries: 2 });
    expect(events[0]).toMatchObject({ status: 429, retryAfterMs: 1000 });
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    // Honouring means not coming back earlier than asked: the one wait is that long.
    expect(clock.sleeps).toEqual([events[0]!.delayMs]);
  });

  it("honours Retry-After as an HTTP date after a 429", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "rate-limit", retryAfter: { dateInSeconds: 1 } }, { endpoint: "liveness" });
    const started = clock.now();
    const result = await client({ onAttempt }).checkKey(new Secret(fresh(), 3));
    // The server dates its answer by the real clock, which has moved on since the test's started.
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ state: "live", tries: 2 });
    expect(events[0]!.status).toBe(429);
    // The date is 1 s after the answer rounded up to a whole second (so 1 to 2 s), read
    // against a clock that stood still since the call began.
    expect(events[0]!.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(events[0]!.retryAfterMs).toBeLessThanOrEqual(2000 + elapsed);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(events[0]!.retryAfterMs!);
  });

  it("backs off without Retry-After, and gives up when a Retry-After is longer than allowed", async () => {
    api.inject({ type: "rate-limit" }, { endpoint: "revoke" });
    expect(await client().revokeKey(new Secret(fresh(), 3))).toMatchObject({ outcome: "revoked", tries: 2 });

    api.inject({ type: "rate-limit", retryAfter: { seconds: 3600 } }, { endpoint: "revoke" });
    const key = fresh();
    const result = await client().revokeKey(new Secret(key, 3));
    expect(result).toMatchObject({ outcome: "failed", status: 429, tries: 1 });
    expect(result.reason).toMatch(/Retry-After asks for 3600 s/);
    expect(api.keyState(key)).toBe("live");
  });

  it("retries 5xx answers until one succeeds", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "server-error", status: 500 }, { endpoint: "revoke" });
    api.inject({ type: "server-error", status: 502 }, { endpoint: "revoke" });
    const result = await client({ onAttempt }).revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "revoked", tries: 3 });
    expect(events.map((event) => event.status)).toEqual([500, 502, 200]);
    // Exponential: the second wait's fixed half is the first wait's whole step.
    expect(events[1]!.delayMs!).toBeGreaterThanOrEqual(FAST_RETRY.baseDelayMs);
    expect(clock.sleeps).toEqual([events[0]!.delayMs, events[1]!.delayMs]);
  });

  it("times out a hung request and retries it", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "hang" }, { endpoint: "liveness" });
    const result = await client({ onAttempt }).checkKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ state: "live", tries: 2 });
    expect(events[0]!.error).toBe(`timed out after ${FAST_RETRY.requestTimeoutMs} ms`);
    expect(api.stats.hung).toBeGreaterThan(0);
  });

  it("decides liveness by the status alone: a body that never finishes does not matter", async () => {
    const live = fresh();
    const revoked = fresh({ revoked: true });
    api.inject({ type: "stall-body" }, { endpoint: "liveness", times: 2 });
    // The time-out never fires here (a stalled body is not expired): a client that waited
    // for the rest of the body would never answer, and the test would fail on its time-out.
    expect(await client().checkKey(new Secret(live, 3))).toMatchObject({ state: "live", status: 200, tries: 1 });
    expect(await client().checkKey(new Secret(revoked, 3))).toMatchObject({ state: "revoked", status: 401, tries: 1 });
    expect(clock.pending).toBe(0);
    expect(api.stats.hung).toBeGreaterThanOrEqual(2);
  });

  it("still reads the body when it explains the answer, within the time-out", async () => {
    const key = fresh();
    expireOn.add("stall-body");
    api.inject({ type: "stall-body" }, { endpoint: "revoke" });
    // A revoke's 200 needs its body (already revoked or not): the stalled try is retried.
    const result = await client().revokeKey(new Secret(key, 3));
    expect(result).toMatchObject({ outcome: "already-revoked", tries: 2 });
  });

  it("answers a slow server within the time-out without retrying", async () => {
    api.inject({ type: "slow", ms: 100 }, { endpoint: "liveness" });
    expect(await client().checkKey(new Secret(fresh(), 3))).toMatchObject({ state: "live", tries: 1 });
  });

  it("stops at the total time budget when every try hangs", async () => {
    api.inject({ type: "hang" }, { endpoint: "liveness", times: 10 });
    const result = await client({ retry: { ...FAST_RETRY, maxTries: 10, totalTimeMs: 1000 } }).checkKey(new Secret(fresh(), 3));
    expect(result.state).toBe("unknown");
    expect(result.tries).toBeLessThan(10);
    expect(result.reason).toMatch(/timed out/);
    expect(result.reason).toMatch(/budget/);
  });

  it("retries a dropped connection", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "drop" }, { endpoint: "revoke" });
    const result = await client({ onAttempt }).revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "revoked", tries: 2 });
    expect(events[0]!.error).toBe("connection reset");
  });

  it("counts a revoke whose answer was lost as done: the retry finds it already revoked", async () => {
    const key = fresh();
    api.inject({ type: "drop", afterApplying: true }, { endpoint: "revoke" });
    const result = await client().revokeKey(new Secret(key, 3));
    expect(result).toMatchObject({ outcome: "already-revoked", tries: 2 });
    expect(api.keyState(key)).toBe("revoked");
  });

  it("reports connection refused after its tries", async () => {
    const closed = await startMockApi();
    const url = closed.url;
    await closed.close();
    const result = await new RoxelsClient({ baseUrl: url, retry: { ...FAST_RETRY, maxTries: 2 }, clock }).checkKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ state: "unknown", tries: 2 });
    expect(result.reason).toMatch(/^connection refused; gave up after 2 tries/);
  });

  it("gives up on an unreachable API within 10 s with the default policy, even with the longest jitter", async () => {
    const closed = await startMockApi();
    await closed.close();
    const started = clock.now();
    const result = await new RoxelsClient({ baseUrl: closed.url, clock, random: () => 1 }).checkKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ state: "unknown", tries: DEFAULT_RETRY_POLICY.maxTries });
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(clock.now() - started).toBeLessThan(10_000);
  });
});

describe("answers that are not JSON", () => {
  it("retries an HTML 502 from a proxy", async () => {
    api.inject({ type: "non-json", status: 502, body: "<html><body>Bad gateway</body></html>" }, { endpoint: "revoke" });
    expect(await client().revokeKey(new Secret(fresh(), 3))).toMatchObject({ outcome: "revoked", tries: 2 });
  });

  it("reads a 404 by its status when the body is HTML", async () => {
    api.inject({ type: "non-json", status: 404, body: "<!DOCTYPE html><h1>Not found</h1>" }, { endpoint: "revoke" });
    const result = await client().revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "not-found", status: 404 });
    expect(result.reason).toContain("non-JSON (HTML) answer");
  });

  it("takes a 200 with a plain-text body as revoked, to be confirmed by the liveness check", async () => {
    api.inject({ type: "non-json", status: 200, body: "OK", contentType: "text/plain" }, { endpoint: "revoke" });
    const result = await client().revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "revoked", status: 200 });
    expect(result.reason).toMatch(/not JSON/);
  });

  it("says unknown for a liveness answer outside the contract", async () => {
    api.inject({ type: "non-json", status: 418, body: "teapot", contentType: "text/plain" }, { endpoint: "liveness" });
    const result = await client().checkKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ state: "unknown", status: 418 });
    expect(result.reason).toBe("unexpected answer 418: teapot");
  });

  it("does not follow a redirect, so the key is not sent on", async () => {
    const other = await startMockApi({ recordRaw: true });
    api.inject({ type: "non-json", status: 307, body: "", headers: { location: `${other.url}/v1/api_keys/revoke` } }, { endpoint: "revoke" });
    const result = await client().revokeKey(new Secret(fresh(), 3));
    expect(result).toMatchObject({ outcome: "failed", status: 307 });
    expect(result.reason).toMatch(/redirect/);
    expect(other.log.entries).toHaveLength(0);
    await other.close();
  });
});

describe("keys stay out of messages", () => {
  it("masks a key that the server echoes in an error message", async () => {
    const key = fresh();
    api.inject(
      {
        type: "non-json",
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "validation_error", message: `bad key ${key} and ${management}`, field: "key" } }),
      },
      { endpoint: "revoke" },
    );
    const result = await client().revokeKey(new Secret(key, 3));
    expect(result.outcome).toBe("failed");
    expect(result.reason).toMatch(/^unexpected answer 400 validation_error: bad key sk_\w{4}…\w{4} and sk_\w{4}…\w{4} \(field key\)$/);
    expectNoKey(JSON.stringify(result), allKeys, "the result");
  });

  it("masks a key the server glues to other text, percent-encodes or splits with a zero-width space", async () => {
    const key = fresh();
    const disguises = [`invalid_key_${key}`, key.replace("_", "%5F"), `${key.slice(0, 10)}\u200b${key.slice(10)}`, `${key.slice(0, 12)}&#x200B;${key.slice(12)}`];
    for (const text of disguises) {
      api.inject({ type: "non-json", status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "validation_error", message: `bad ${text}` } }) }, { endpoint: "revoke" });
      const result = await client().revokeKey(new Secret(key, 3));
      expect(result.reason).toMatch(/^unexpected answer 400 validation_error: bad \S*sk_/);
      for (const shown of [result.reason, result.reason.replace(/\u200b/g, "").replace("%5F", "_")]) expect(shown).not.toContain(key.slice(7, -4));
    }
  });

  it("keeps keys out of results, events and errors of every call made here", async () => {
    const { events, onAttempt } = recorder();
    api.inject({ type: "rate-limit", retryAfter: { seconds: 0 } }, { endpoint: "revoke" });
    api.inject({ type: "drop" }, { endpoint: "liveness" });
    const key = new Secret(fresh(), 3);
    const results = [await client({ onAttempt }).revokeKey(key), await client({ onAttempt }).checkKey(key)];
    expectNoKey(JSON.stringify({ results, events }), allKeys, "results and events");
    const thrown = await client().revokeKey(new Secret(embed)).catch((error: Error) => error);
    expectNoKey(`${String(thrown)} ${(thrown as Error).stack}`, allKeys, "an exception");
  });
});

describe("base URL", () => {
  it.each(["http://example.com", "http://10.0.0.1:8080", "http://[::2]/", "http://127.example.com", "http://0.0.0.0:1"])(
    "refuses plain http:// to %s",
    (baseUrl) => {
      expect(() => new RoxelsClient({ baseUrl })).toThrow(/refusing plain http:\/\//);
    },
  );

  it.each(["http://127.0.0.1:1", "http://127.3.4.5:1", "http://[::1]:1", "http://localhost:1", "https://api.roxels.ai", "https://proxy.example/roxels"])(
    "accepts %s",
    (baseUrl) => {
      expect(() => new RoxelsClient({ baseUrl })).not.toThrow();
    },
  );

  it("refuses other schemes and URLs carrying credentials", () => {
    expect(() => new RoxelsClient({ baseUrl: "ftp://api.roxels.ai" })).toThrow(/https/);
    expect(() => new RoxelsClient({ baseUrl: "https://user:pw@api.roxels.ai" })).toThrow(/credentials/);
    expect(() => new RoxelsClient({ baseUrl: "not a url" })).toThrow(/not a valid URL/);
  });

  it("keeps a path prefix of the base URL", () => {
    const c = new RoxelsClient({ baseUrl: "https://proxy.example/roxels" });
    expect(c.baseUrl.href).toBe("https://proxy.example/roxels/");
  });
});

describe("the server's request log", () => {
  it("holds masked keys only, unless a test asks for raw requests", async () => {
    const masked = await startMockApi({ keys: [{ key: management, canManage: true }] });
    const key = secretKey();
    allKeys.push(key);
    masked.addKey({ key });
    const c = new RoxelsClient({ baseUrl: masked.url, managementKey: new Secret(management, 3), retry: FAST_RETRY, clock });
    await c.revokeKey(new Secret(key, 3));
    await c.checkKey(new Secret(key, 3));
    expect(masked.log.entries.map((entry) => [entry.method, entry.status, entry.bearer?.length, entry.target?.length])).toEqual([
      ["POST", 200, 12, 12],
      ["GET", 401, 12, undefined],
    ]);
    expectNoKey(masked.log.toJsonLines(), allKeys, "the masked request log");
    await masked.close();
  });
});
