/** The API client as verify and revoke build it: settings from the environment, --api-base on top. */
import { ApiConfigError, clientOptionsFromEnv, DEFAULT_BASE_URL, RoxelsClient, type AttemptEvent } from "@roxels-guard/api";
import { UsageError } from "@roxels-guard/core";
import type { Io } from "../io.js";

export const API_OPTIONS = {
  "api-base": { type: "string" },
  concurrency: { type: "string" },
} as const;

export interface ApiValues {
  "api-base"?: string | undefined;
  concurrency?: string | undefined;
  debug?: boolean | undefined;
}

export function buildClient(values: ApiValues, io: Io, withManagementKey: boolean): RoxelsClient {
  return asUsageError(() => {
    const options = clientOptionsFromEnv(io.env, values["api-base"] !== undefined ? { baseUrl: values["api-base"] } : {}, withManagementKey);
    return new RoxelsClient({ ...options, ...(values.debug ? { onAttempt: debugPrinter(io) } : {}) });
  });
}

/** True when keys would go somewhere other than the Roxels API itself. */
export function isCustomBase(client: RoxelsClient): boolean {
  return client.baseUrl.href !== new URL(DEFAULT_BASE_URL).href;
}

/**
 * Before the first key is sent: the transport is checked (http:// only to an address
 * that is loopback), and a base other than the default is named, so that keys never go
 * to an address the user has not seen.
 */
export async function beforeSending(client: RoxelsClient, io: Io, what: string): Promise<void> {
  try {
    await client.checkTransport();
  } catch (error) {
    if (error instanceof ApiConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (isCustomBase(client)) {
    io.stderr.write(`roxels-guard: sending ${what} to ${client.baseUrl.href}, not the Roxels API (${new URL(DEFAULT_BASE_URL).href}): set by --api-base or ROXELS_API_BASE\n`);
  }
}

/** Settings errors are the user's to fix: one line, exit 2, no "internal error". */
export function asUsageError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ApiConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export function concurrencyOf(values: ApiValues): number {
  const raw = values.concurrency ?? "4";
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) throw new UsageError("--concurrency must be a whole number from 1 to 64");
  return Number(raw);
}

/** `--debug`: one line per attempt on stderr. The events hold no key. */
function debugPrinter(io: Io): (event: AttemptEvent) => void {
  return (event) => {
    const parts = [`${event.endpoint} try ${event.attempt}`];
    if (event.status !== undefined) parts.push(`status ${event.status}`);
    if (event.error) parts.push(event.error);
    if (event.retryAfterMs !== undefined) parts.push(`Retry-After ${event.retryAfterMs} ms`);
    if (event.delayMs !== undefined) parts.push(`retrying in ${event.delayMs} ms`);
    io.stderr.write(`roxels-guard: debug: ${parts.join(", ")}\n`);
  };
}
