/** The pure parts of retrying: Retry-After parsing, back-off bounds, loopback detection. */
import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY_POLICY, isLoopbackHost, nextDelay, parseErrorBody, parseRetryAfter, scrub, validatePolicy } from "@roxels-guard/api";
import { secretKey } from "../support/keys.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
  });

  it("reads an IMF-fixdate and the obsolete forms", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Thursday, 01-Jan-26 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Thu Jan  1 00:00:05 2026", now)).toBeGreaterThanOrEqual(0);
  });

  it("takes a date in the past as 0", () => {
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    for (const value of [null, undefined, "", "-1", "1.5", "soon", "2026-01-01"]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

describe("back-off", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  it("doubles, with half of each step random", () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
  });

  it("is capped", () => {
    expect(backoffDelay(30, policy, () => 1)).toBe(1000);
  });

  it("waits at least the Retry-After, with a little jitter on top", () => {
    expect(nextDelay(1, 2000, policy, () => 0)).toBe(2000);
    expect(nextDelay(1, 2000, policy, () => 1)).toBe(2100);
  });

  it("rejects settings that cannot work", () => {
    expect(validatePolicy({ ...policy, maxTries: 0 })).toMatch(/maxTries/);
    expect(validatePolicy({ ...policy, requestTimeoutMs: Number.NaN })).toMatch(/requestTimeoutMs/);
    expect(validatePolicy(policy)).toBeUndefined();
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.255.0.9", "localhost", "LOCALHOST", "api.localhost", "[::1]", "::1", "[::ffff:7f00:1]"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(["128.0.0.1", "10.0.0.1", "[::2]", "localhost.example.com", "127.0.0.1.nip.io", "0.0.0.0", "[::ffff:a00:1]"])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("parseErrorBody", () => {
  it("reads the documented shape", () => {
    expect(parseErrorBody('{"error":{"code":"not_found","message":"no such key","field":"key"}}', "application/json")).toEqual({
      code: "not_found",
      message: "no such key",
      field: "key",
    });
  });

  it("copes with other shapes, text, HTML and nothing", () => {
    expect(parseErrorBody('{"message":"nope"}', "application/json")).toEqual({ message: "nope" });
    expect(parseErrorBody("[1,2]", "application/json")).toEqual({});
    expect(parseErrorBody("{broken", "application/json")).toEqual({ message: "{broken" });
    expect(parseErrorBody("<html><body>502</body></html>", "text/html")).toEqual({ message: "non-JSON (HTML) answer" });
    expect(parseErrorBody("", null)).toEqual({});
    expect(parseErrorBody("x".repeat(500), "text/plain").message!.length).toBeLessThanOrEqual(201);
  });

  it("masks keys in server text, even ones too short for the grammar", () => {
    const key = secretKey();
    expect(scrub(`key ${key} is bad`)).not.toContain(key);
    expect(scrub("key sk_abcdefghijklmnop is bad")).toBe("key sk_… is bad");
  });
});
