/**
 * One API call with retries: each attempt under its own time-out, the whole call under a
 * time budget. Returns the final answer (any status that is not worth retrying, or the
 * last retryable one) or why no answer came. Never sees a key: the caller's `send`
 * builds the request.
 */
import { readBody } from "./body.js";
import { SYSTEM_CLOCK, type Clock } from "./clock.js";
import { isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from "./retry.js";

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** Empty when the caller said it did not need the body of this status (not read at all). */
  readonly body: string;
}

/** What happened on one attempt, for counters and debug logs. Holds no key. */
export interface AttemptEvent {
  readonly endpoint: string;
  readonly attempt: number;
  readonly status?: number;
  /** Why the attempt produced no answer: `timed out after 200 ms`, `connection reset`. */
  readonly error?: string;
  /** The wait before the next attempt, when there is one. */
  readonly delayMs?: number;
  readonly retryAfterMs?: number;
}

export type CallResult =
  | { readonly ok: true; readonly answer: Answer; readonly tries: number; readonly retried: boolean }
  | { readonly ok: false; readonly reason: string; readonly tries: number; readonly lastStatus?: number };

export interface CallOptions {
  readonly endpoint: string;
  readonly policy: RetryPolicy;
  /** Performs one attempt; must pass `signal` to fetch so the time-out can stop it. */
  readonly send: (signal: AbortSignal) => Promise<Response>;
  readonly onAttempt?: (event: AttemptEvent) => void;
  readonly random?: () => number;
  /** Default: the system's. */
  readonly clock?: Clock;
  /**
   * Whether the body of an answer with this status is needed (default: always). When
   * not, the body is not read: the status and headers are the answer, and a body that
   * is slow or never finishes cannot turn a final answer into a time-out.
   */
  readonly needsBody?: (status: number) => boolean;
}

export async function callWithRetries(options: CallOptions): Promise<CallResult> {
  const { policy, endpoint } = options;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const started = clock.now();
  const deadline = started + policy.totalTimeMs;
  let lastStatus: number | undefined;
  let lastProblem = "no attempt made";

  for (let attempt = 1; attempt <= policy.maxTries; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    const timeoutMs = Math.min(policy.requestTimeoutMs, remaining);
    let retryAfterMs: number | undefined;

    const outcome = await attemptOnce(options.send, timeoutMs, options.needsBody, clock);
    if ("answer" in outcome) {
      const { answer } = outcome;
      lastStatus = answer.status;
      if (!isRetryableStatus(answer.status)) {
        options.onAttempt?.({ endpoint, attempt, status: answer.status });
        return { ok: true, answer, tries: attempt, retried: attempt > 1 };
      }
      retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), clock.now());
      lastProblem = answer.status === 429 ? "rate limited (429)" : `server error (${answer.status})`;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
        options.onAttempt?.({ endpoint, attempt, status: answer.status, retryAfterMs });
        return {
          ok: false,
          tries: attempt,
          lastStatus,
          reason: `${lastProblem}; Retry-After asks for ${Math.ceil(retryAfterMs / 1000)} s, more than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s allowed`,
        };
      }
    } else {
      lastProblem = outcome.problem;
    }

    if (attempt === policy.maxTries) {
      options.onAttempt?.({ endpoint, attempt, ...statusField(outcome), ...problemField(outcome) });
      return { ok: false, tries: attempt, lastStatus, reason: `${lastProblem}; gave up after ${attempt} tries` };
    }
    const delayMs = nextDelay(attempt, retryAfterMs, policy, options.random);
    options.onAttempt?.({ endpoint, attempt, ...statusField(outcome), ...problemField(outcome), delayMs, retryAfterMs });
    if (clock.now() + delayMs >= deadline) {
      return {
        ok: false,
        tries: attempt,
        lastStatus,
        reason: `${lastProblem}; gave up after ${attempt} tries: the next would pass the ${formatMs(policy.totalTimeMs)} budget`,
      };
    }
    await clock.sleep(delayMs);
  }
  return { ok: false, tries: policy.maxTries, lastStatus, reason: `${lastProblem}; the ${formatMs(policy.totalTimeMs)} budget ran out` };
}

type AttemptOutcome = { readonly answer: Answer } | { readonly problem: string };

function statusField(outcome: AttemptOutcome): { status?: number } {
  return "answer" in outcome ? { status: outcome.answer.status } : {};
}

function problemField(outcome: AttemptOutcome): { error?: string } {
  return "problem" in outcome ? { error: outcome.problem } : {};
}

async function attemptOnce(
  send: CallOptions["send"],
  timeoutMs: number,
  needsBody: CallOptions["needsBody"],
  clock: Clock,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const cancelTimer = clock.setTimer(timeoutMs, () => controller.abort(new TimeoutSignal()));
  try {
    const response = await send(controller.signal);
    if (needsBody && !needsBody(response.status)) {
      // Not waited for: cancelling drops the rest of the body (and that connection).
      response.body?.cancel().catch(() => undefined);
      return { answer: { status: response.status, headers: response.headers, body: "" } };
    }
    // The body is read under the same time-out (a server can hang after the headers), and
    // only up to a cap: an endless error page is judged by its status and first part.
    const body = await readBody(response);
    return { answer: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    if (controller.signal.aborted) return { problem: `timed out after ${formatMs(timeoutMs)}` };
    return { problem: describeNetworkError(error) };
  } finally {
    cancelTimer();
  }
}

class TimeoutSignal extends Error {
  override readonly name = "TimeoutError";
}

/**
 * A network failure in a few words, from the error codes only: the messages of fetch's
 * errors are not ours to trust with anything, so none of their text is passed on.
 */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error) ?? errorCode(isErrorLike(error) ? error.cause : undefined);
  switch (code) {
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return "connection reset";
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "UND_ERR_CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return "connection timed out";
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "answer timed out";
    case undefined:
      return "network error";
    default:
      return `network error (${code})`;
  }
}

function isErrorLike(value: unknown): value is { cause?: unknown; code?: unknown } {
  return typeof value === "object" && value !== null;
}

function errorCode(value: unknown): string | undefined {
  if (!isErrorLike(value)) return undefined;
  return typeof value.code === "string" && /^[A-Z_]+$/.test(value.code) ? value.code : undefined;
}

export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
