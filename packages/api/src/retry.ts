/**
 * When to try again and how long to wait: exponential back-off with jitter, `Retry-After`
 * in both of its forms, and caps on tries and on total time. Pure functions: the loop
 * that uses them is in `transport.ts`.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxTries: number;
  /** Time-out of one attempt: connect, headers and body. */
  readonly requestTimeoutMs: number;
  /** Budget of one call across all attempts and waits. */
  readonly totalTimeMs: number;
  /** First back-off; doubles on each retry. */
  readonly baseDelayMs: number;
  /** Longest computed back-off. */
  readonly maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer one ends the call rather than stall it. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxTries: 5,
  requestTimeoutMs: 10_000,
  totalTimeMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
});

/** Statuses worth another try: rate limiting, a request time-out, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Undefined when absent or unreadable; a date in
 * the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only the date forms of RFC 9110 (IMF-fixdate and the two obsolete ones) have a letter first.
  if (!/^[A-Za-z]/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Back-off before retry number `retry` (1 for the first retry): "equal jitter", half of
 * the exponential step fixed and half random, so waits grow and clients that failed
 * together do not come back together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The wait before the next attempt, honouring `Retry-After` when the server gave one.
 * A little jitter is added to it too: many clients told the same date would otherwise
 * all return in the same millisecond.
 */
export function nextDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs === undefined) return backoffDelay(retry, policy, random);
  return Math.round(retryAfterMs + random() * Math.min(policy.baseDelayMs, 1000));
}

/** Check a policy given by a user (env, flags) before a first request depends on it. */
export function validatePolicy(policy: RetryPolicy): string | undefined {
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) return `${name} must be a number ≥ 0`;
  }
  if (policy.maxTries < 1 || !Number.isInteger(policy.maxTries)) return "maxTries must be a whole number ≥ 1";
  if (policy.requestTimeoutMs <= 0) return "requestTimeoutMs must be > 0";
  if (policy.totalTimeMs <= 0) return "totalTimeMs must be > 0";
  return undefined;
}
