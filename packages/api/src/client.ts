/**
 * The Roxels API client: is a key live, and revoke a key. Keys come in as `Secret`s and
 * are revealed only below, in the two lines that build a request. Results are values,
 * not exceptions, so a caller working through many keys reports each and goes on.
 */
import { hasRoxelsSecretShape, type Secret } from "@roxels-guard/core";
import { assertLoopbackTransport, endpointUrl, resolveBaseUrl, type HostLookup } from "./base-url.js";
import { ApiConfigError, describeHttpError, isRecord, parseErrorBody, scrub } from "./errors.js";
import { DEFAULT_RETRY_POLICY, validatePolicy, type RetryPolicy } from "./retry.js";
import { callWithRetries, type Answer, type AttemptEvent, type CallResult } from "./transport.js";
import type { Clock } from "./clock.js";

/** Endpoint paths. The revoke endpoint is ASSUMED (the Roxels docs document none). */
export interface EndpointPaths {
  /** Documented: any authenticated GET answers 200/403 for a live key, 401 otherwise. */
  readonly liveness: string;
  /** ASSUMED: `POST` with the management key as bearer and `{"<revokeField>": key}`. */
  readonly revoke: string;
  /** ASSUMED: the JSON field of the revoke body that holds the exposed key. */
  readonly revokeField: string;
}

export const DEFAULT_PATHS: EndpointPaths = Object.freeze({
  liveness: "/v1/templates",
  revoke: "/v1/api_keys/revoke",
  revokeField: "key",
});

export interface RoxelsClientOptions {
  /** Default `https://api.roxels.ai`; `http://` only to loopback hosts. */
  readonly baseUrl?: string;
  /** The key that revokes (an `sk_` key); needed by `revokeKey` only. */
  readonly managementKey?: Secret;
  readonly paths?: Partial<EndpointPaths>;
  readonly retry?: Partial<RetryPolicy>;
  /** Called after each attempt; the events hold no key. */
  readonly onAttempt?: (event: AttemptEvent) => void;
  readonly userAgent?: string;
  /** Source of jitter (tests pin it). */
  readonly random?: () => number;
  /** How host names resolve, for the loopback check of http:// (default: the system's). */
  readonly lookup?: HostLookup;
  /** Time for retries and time-outs; default the system's (tests pass their own). */
  readonly clock?: Clock;
}

/**
 * `live`: the API accepts the key (200, or 403: accepted but lacking a permission).
 * `revoked`: the API answers 401, which it does for revoked keys and for keys it never
 * issued alike; it does not tell them apart. `unknown`: no final answer (time-outs,
 * retries exhausted, an unexpected status).
 */
export type KeyState = "live" | "revoked" | "unknown";

export interface CheckResult {
  readonly state: KeyState;
  readonly status?: number;
  /** One line for a person; never holds a key. */
  readonly reason: string;
  readonly tries: number;
  /** The answer's `x-request-id` (or `request-id`) header, when it has a plain one. */
  readonly requestId?: string;
}

/**
 * `unauthorized`: the management key itself was refused (401), so no revoke can work.
 * `failed`: no final answer, or an answer the contract does not expect.
 */
export type RevokeOutcome = "revoked" | "already-revoked" | "not-found" | "forbidden" | "unauthorized" | "failed";

export interface RevokeResult {
  readonly outcome: RevokeOutcome;
  readonly status?: number;
  /** The API's id of the key, when it gave one (safe to print). */
  readonly keyId?: string;
  readonly reason: string;
  readonly tries: number;
  /** The answer's `x-request-id` (or `request-id`) header, when it has a plain one. */
  readonly requestId?: string;
}

export class RoxelsClient {
  readonly baseUrl: URL;
  readonly paths: EndpointPaths;
  readonly policy: RetryPolicy;
  readonly #managementKey: Secret | undefined;
  readonly #onAttempt: ((event: AttemptEvent) => void) | undefined;
  readonly #userAgent: string;
  readonly #random: (() => number) | undefined;
  readonly #clock: Clock | undefined;
  readonly #lookup: HostLookup | undefined;
  #transport: Promise<void> | undefined;

  constructor(options: RoxelsClientOptions = {}) {
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.paths = { ...DEFAULT_PATHS, ...definedOnly(options.paths ?? {}) };
    for (const [name, path] of Object.entries(this.paths)) {
      if (typeof path !== "string" || path.trim() === "" || /[?#\s]/.test(path)) {
        throw new ApiConfigError(`the ${name} endpoint setting is not a usable path`);
      }
    }
    this.policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options.retry ?? {}) };
    const invalid = validatePolicy(this.policy);
    if (invalid) throw new ApiConfigError(`retry settings: ${invalid}`);
    if (options.managementKey) assertRoxelsSecret(options.managementKey, "the management key (ROXELS_API_KEY)");
    this.#managementKey = options.managementKey;
    this.#onAttempt = options.onAttempt;
    this.#userAgent = options.userAgent ?? "roxels-guard";
    this.#random = options.random;
    this.#clock = options.clock;
    this.#lookup = options.lookup;
  }

  /**
   * Checks, once, that the base URL may carry keys: for http://, that its host resolves
   * to loopback addresses only. Every call does this first; callers may too, to fail
   * before anything else. Throws ApiConfigError.
   */
  checkTransport(): Promise<void> {
    this.#transport ??= assertLoopbackTransport(this.baseUrl, this.#lookup);
    return this.#transport;
  }

  get hasManagementKey(): boolean {
    return this.#managementKey !== undefined;
  }

  /** True when `key` is the management key this client revokes with. */
  isManagementKey(key: Secret): boolean {
    return this.#managementKey?.fingerprint === key.fingerprint;
  }

  /** Is `key` accepted by the API? Sends the key itself as the bearer of a read-only GET. */
  async checkKey(key: Secret): Promise<CheckResult> {
    assertRoxelsSecret(key, "checkKey");
    await this.checkTransport();
    const url = endpointUrl(this.baseUrl, this.paths.liveness);
    const result = await this.#call(
      "liveness",
      (signal) =>
        fetch(url, {
          method: "GET",
          headers: { authorization: `Bearer ${key.reveal()}`, accept: "application/json", "user-agent": this.#userAgent },
          redirect: "manual",
          signal,
        }),
      // Liveness is decided by the status alone; a body is read only to explain another answer.
      (status) => !decidesLiveness(status),
    );
    if (!result.ok) return { state: "unknown", reason: result.reason, tries: result.tries, ...statusOf(result.lastStatus) };
    const { answer } = result;
    const meta = { tries: result.tries, ...requestIdOf(answer.headers) };
    const status = answer.status;
    if (isSuccess(status)) return { state: "live", status, reason: "the API accepts this key", ...meta };
    if (status === 403) return { state: "live", status, reason: "the API accepts this key (403: it lacks a permission)", ...meta };
    if (status === 401) return { state: "revoked", status, reason: "not accepted by Roxels (401): revoked, never issued, or not a Roxels key", ...meta };
    return { state: "unknown", status, reason: unexpected(answer.status, answer.body, answer.headers), ...meta };
  }

  /**
   * Revoke `key` with the management key. Idempotent on the API's side: a second call
   * answers `already-revoked`. Does not confirm; callers confirm with `checkKey`.
   */
  async revokeKey(key: Secret): Promise<RevokeResult> {
    assertRoxelsSecret(key, "revokeKey");
    const management = this.#managementKey;
    if (!management) throw new ApiConfigError("revoking needs a management key: set ROXELS_API_KEY to an sk_ key of the org");
    await this.checkTransport();
    const url = endpointUrl(this.baseUrl, this.paths.revoke);
    const field = this.paths.revokeField;
    const result = await this.#call("revoke", (signal) =>
      fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${management.reveal()}`,
          "content-type": "application/json",
          accept: "application/json",
          "user-agent": this.#userAgent,
        },
        body: JSON.stringify({ [field]: key.reveal() }),
        redirect: "manual",
        signal,
      }),
    );
    if (!result.ok) return { outcome: "failed", reason: result.reason, tries: result.tries, ...statusOf(result.lastStatus) };
    const { answer } = result;
    return { ...this.#revokeAnswer(answer, result.tries), ...requestIdOf(answer.headers) };
  }

  #revokeAnswer(answer: Answer, tries: number): RevokeResult {
    const status = answer.status;
    const error = () => parseErrorBody(answer.body, answer.headers.get("content-type"));
    switch (status) {
      case 200:
      case 201:
      case 204:
        return readRevokeSuccess(status, answer.body, tries);
      case 401:
        return { outcome: "unauthorized", status, tries, reason: `the management key was refused (${describeHttpError(status, error())})` };
      case 403:
        return { outcome: "forbidden", status, tries, reason: `the management key may not revoke this key (${describeHttpError(status, error())})` };
      case 404:
        return { outcome: "not-found", status, tries, reason: `no such key in this org (${describeHttpError(status, error())})` };
      default:
        return { outcome: "failed", status, tries, reason: unexpected(status, answer.body, answer.headers) };
    }
  }

  #call(endpoint: string, send: (signal: AbortSignal) => Promise<Response>, needsBody?: (status: number) => boolean): Promise<CallResult> {
    return callWithRetries({ endpoint, policy: this.policy, send, onAttempt: this.#onAttempt, random: this.#random, clock: this.#clock, ...(needsBody ? { needsBody } : {}) });
  }
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const id = headers.get("x-request-id") ?? headers.get("request-id");
  // Server text: kept only when it is a plain identifier that holds nothing key-shaped.
  return id !== null && /^[\w.:-]{1,100}$/.test(id) && scrub(id) === id ? { requestId: id } : {};
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The liveness answers whose status is the whole answer: 2xx and 403 (live), 401 (refused). */
function decidesLiveness(status: number): boolean {
  return isSuccess(status) || status === 401 || status === 403;
}

function readRevokeSuccess(status: number, body: string, tries: number): RevokeResult {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? undefined : JSON.parse(body);
  } catch {
    return { outcome: "revoked", status, tries, reason: `revoked (${status}; the answer was not JSON, so the liveness check must confirm)` };
  }
  if (!isRecord(parsed)) {
    return { outcome: "revoked", status, tries, reason: `revoked (${status}; no details in the answer)` };
  }
  const keyId = typeof parsed.key_id === "string" && /^[\w.:-]{1,100}$/.test(parsed.key_id) && scrub(parsed.key_id) === parsed.key_id ? parsed.key_id : undefined;
  const withId = keyId ? { keyId } : {};
  if (parsed.revoked === false) {
    return { outcome: "failed", status, tries, ...withId, reason: `the API answered ${status} but "revoked": false` };
  }
  if (parsed.already_revoked === true) {
    return { outcome: "already-revoked", status, tries, ...withId, reason: "it was already revoked" };
  }
  return { outcome: "revoked", status, tries, ...withId, reason: "revoked" };
}

function unexpected(status: number, body: string, headers: Headers): string {
  if (status >= 300 && status < 400) {
    return `unexpected redirect (${status}); not followed, so the key is not sent to another address`;
  }
  return `unexpected answer ${describeHttpError(status, parseErrorBody(body, headers.get("content-type")))}`;
}

function statusOf(status: number | undefined): { status?: number } {
  return status === undefined ? {} : { status };
}

/**
 * Only Roxels secret keys go to the Roxels API: never another vendor's key. The caller
 * has already read each key's context (a hex-bodied key under `ROXELS_SECRET_KEY=` is a
 * Roxels key); this guard refuses what no Roxels key can look like.
 */
function assertRoxelsSecret(key: Secret, what: string): void {
  if (!hasRoxelsSecretShape(key.reveal())) {
    throw new ApiConfigError(`${what}: ${scrub(key.masked)} is not a Roxels secret key; it is never sent to the Roxels API`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
