/** Shared by the API tests: fast retry settings, and the checks that no key leaks. */
import { expect } from "vitest";
import type { Clock } from "@roxels-guard/api";
import type { LoggedRequest } from "@roxels-guard/mock-api";

/**
 * Small waits keep the suite fast; the behaviour tested is the same as with the defaults.
 * In-process tests also drive time with ManualClock, so the time-out is never reached by
 * a slow answer.
 */
export const FAST_RETRY = {
  maxTries: 4,
  requestTimeoutMs: 400,
  totalTimeMs: 15_000,
  baseDelayMs: 10,
  maxDelayMs: 40,
  maxRetryAfterMs: 5_000,
} as const;

export const CLI_REQUEST_TIMEOUT_MS = 3000;

/** The same settings as the environment variables the CLI reads. */
export const FAST_RETRY_ENV = {
  ROXELS_API_MAX_TRIES: String(FAST_RETRY.maxTries),
  // The CLI runs as a child process on real time: a time-out a loaded machine cannot reach
  // by answering slowly (only a hung request waits it out).
  ROXELS_API_TIMEOUT_MS: String(CLI_REQUEST_TIMEOUT_MS),
  ROXELS_API_TOTAL_TIME_MS: String(FAST_RETRY.totalTimeMs),
  ROXELS_API_BACKOFF_MS: String(FAST_RETRY.baseDelayMs),
  ROXELS_API_MAX_BACKOFF_MS: String(FAST_RETRY.maxDelayMs),
  ROXELS_API_MAX_RETRY_AFTER_MS: String(FAST_RETRY.maxRetryAfterMs),
  // Waits between attempts (Retry-After, back-off) pass at once: see packages/api/src/clock.ts.
  ROXELS_API_TEST_SKIP_WAITS: "1",
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

/**
 * Time driven by the test: waits between attempts return at once (recorded, the clock
 * moving on by them), and an attempt's time-out fires only when the test says the server
 * is not answering (`expire`), typically from the mock server's onRequest when it hangs.
 * So no test waits real seconds, and a slow machine cannot make a request time out.
 */
export class ManualClock implements Clock {
  /** Every wait asked for, in order. */
  readonly sleeps: number[] = [];
  #now: number;
  readonly #timers = new Set<{ readonly at: number; readonly fire: () => void }>();

  /** Starts at the real time, so HTTP dates a real server sends read as they would. */
  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.#now += ms;
    return Promise.resolve();
  }

  setTimer(ms: number, fire: () => void): () => void {
    const timer = { at: this.#now + ms, fire };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** How many time-outs are waiting to fire. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves on to each pending time-out in turn and fires it. */
  expire(): void {
    for (const timer of [...this.#timers].sort((a, b) => a.at - b.at)) {
      this.#timers.delete(timer);
      this.#now = Math.max(this.#now, timer.at);
      timer.fire();
    }
  }
}
