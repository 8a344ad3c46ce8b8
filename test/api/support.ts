/** Shared by the API tests: fast retry settings, and the checks that no key leaks. */
import { expect } from "vitest";
import type { LoggedRequest } from "../../packages/mock-api/src/index.js";

/** Small waits keep the suite fast; the behaviour tested is the same as with the defaults. */
export const FAST_RETRY = {
  maxTries: 4,
  requestTimeoutMs: 400,
  totalTimeMs: 15_000,
  baseDelayMs: 10,
  maxDelayMs: 40,
  maxRetryAfterMs: 5_000,
} as const;

/** The same settings as the environment variables the CLI reads. */
export const FAST_RETRY_ENV = {
  ROXELS_API_MAX_TRIES: String(FAST_RETRY.maxTries),
  ROXELS_API_TIMEOUT_MS: String(FAST_RETRY.requestTimeoutMs),
  ROXELS_API_TOTAL_TIME_MS: String(FAST_RETRY.totalTimeMs),
  ROXELS_API_BACKOFF_MS: String(FAST_RETRY.baseDelayMs),
  ROXELS_API_MAX_BACKOFF_MS: String(FAST_RETRY.maxDelayMs),
  ROXELS_API_MAX_RETRY_AFTER_MS: String(FAST_RETRY.maxRetryAfterMs),
} as const;

/** Fails naming the key masked, so a failing test does not print the key either. */
export function expectNoKey(text: string, keys: readonly string[], where: string): void {
  for (const key of keys) {
    if (text.includes(key)) {
      expect.fail(`${where} holds a full key (${key.slice(0, 7)}…)`);
    }
  }
}

/**
 * In a raw request log, keys may travel only where the contract puts them: the bearer
 * of the Authorization header, and the `key` field of a revoke body. Not in the URL,
 * not in any other header, not anywhere else in the body.
 */
export function expectKeysOnlyWhereTheContractPutsThem(entries: readonly LoggedRequest[], keys: readonly string[]): void {
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    const { authorization, ...otherHeaders } = entry.rawHeaders ?? {};
    expect(authorization === undefined || /^Bearer \S+$/.test(String(authorization))).toBe(true);
    expectNoKey(entry.url, keys, `request URL #${entry.seq}`);
    expectNoKey(JSON.stringify(otherHeaders), keys, `other headers of request #${entry.seq}`);
    if (entry.rawBody) {
      const body = JSON.parse(entry.rawBody) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["key"]);
    }
  }
}
