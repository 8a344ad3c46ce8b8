/**
 * Client settings from the environment, so every ASSUMED part of the contract can be
 * changed without a new release. Flags given on a command line win over these.
 */
import { classifyKey, ROXELS_BODY_MAX, ROXELS_BODY_MIN, Secret } from "@roxels-guard/core";
import { clockFromEnv } from "./clock.js";
import { ApiConfigError } from "./errors.js";
import type { EndpointPaths, RoxelsClientOptions } from "./client.js";
import type { RetryPolicy } from "./retry.js";

export const ENV = {
  base: "ROXELS_API_BASE",
  managementKey: "ROXELS_API_KEY",
  livenessPath: "ROXELS_API_LIVENESS_PATH",
  revokePath: "ROXELS_API_REVOKE_PATH",
  revokeField: "ROXELS_API_REVOKE_FIELD",
  timeoutMs: "ROXELS_API_TIMEOUT_MS",
  maxTries: "ROXELS_API_MAX_TRIES",
  totalTimeMs: "ROXELS_API_TOTAL_TIME_MS",
  backoffMs: "ROXELS_API_BACKOFF_MS",
  maxBackoffMs: "ROXELS_API_MAX_BACKOFF_MS",
  maxRetryAfterMs: "ROXELS_API_MAX_RETRY_AFTER_MS",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigOverrides {
  readonly baseUrl?: string;
}

/**
 * Options for `new RoxelsClient(...)` from `env`. The management key is read only when
 * `withManagementKey` is set (revoking), and must be a Roxels secret key.
 */
export function clientOptionsFromEnv(env: Env, overrides: ConfigOverrides = {}, withManagementKey = false): RoxelsClientOptions {
  const paths: Partial<EndpointPaths> = {
    ...optional("liveness", env[ENV.livenessPath]),
    ...optional("revoke", env[ENV.revokePath]),
    ...optional("revokeField", env[ENV.revokeField]),
  };
  const retry: Partial<RetryPolicy> = {
    ...numeric("requestTimeoutMs", env, ENV.timeoutMs),
    ...numeric("maxTries", env, ENV.maxTries),
    ...numeric("totalTimeMs", env, ENV.totalTimeMs),
    ...numeric("baseDelayMs", env, ENV.backoffMs),
    ...numeric("maxDelayMs", env, ENV.maxBackoffMs),
    ...numeric("maxRetryAfterMs", env, ENV.maxRetryAfterMs),
  };
  const baseUrl = overrides.baseUrl ?? env[ENV.base];
  return {
    ...(baseUrl ? { baseUrl } : {}),
    paths,
    retry,
    clock: clockFromEnv(env),
    ...(withManagementKey ? { managementKey: managementKeyFromEnv(env) } : {}),
  };
}

/** The management key from `ROXELS_API_KEY`, checked to be a Roxels secret key. */
export function managementKeyFromEnv(env: Env): Secret {
  const raw = env[ENV.managementKey]?.trim();
  if (!raw) {
    throw new ApiConfigError(`${ENV.managementKey} is not set: revoking needs a management key (an sk_ key of the org) in that variable`);
  }
  const classification = classifyKey(raw);
  if (!classification || !("kind" in classification)) {
    throw new ApiConfigError(`${ENV.managementKey} does not hold a Roxels secret key (sk_… followed by ${ROXELS_BODY_MIN} to ${ROXELS_BODY_MAX} letters and digits)`);
  }
  if (classification.kind !== "roxels-secret") {
    const what = classification.kind === "roxels-embed" ? "an embed key (rk_), which cannot revoke keys" : "another vendor's key";
    throw new ApiConfigError(`${ENV.managementKey} holds ${what}; it must be a Roxels secret key (sk_)`);
  }
  return new Secret(raw, classification.prefixLength);
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value && value.trim() !== "" ? ({ [name]: value.trim() } as Record<K, string>) : {};
}

function numeric<K extends string>(name: K, env: Env, variable: string): Partial<Record<K, number>> {
  const value = env[variable]?.trim();
  if (!value) return {};
  if (!/^\d+$/.test(value)) throw new ApiConfigError(`${variable} must be a whole number (got a value that is not)`);
  return { [name]: Number(value) } as Record<K, number>;
}
