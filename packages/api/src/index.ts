export { clockFromEnv, SYSTEM_CLOCK, type Clock } from "./clock.js";
export { assertLoopbackTransport, DEFAULT_BASE_URL, endpointUrl, isLoopbackHost, resolveBaseUrl, systemLookup, type HostLookup } from "./base-url.js";
export {
  DEFAULT_PATHS,
  RoxelsClient,
  type CheckResult,
  type EndpointPaths,
  type KeyState,
  type RevokeOutcome,
  type RevokeResult,
  type RoxelsClientOptions,
} from "./client.js";
export { clientOptionsFromEnv, ENV, managementKeyFromEnv, type ConfigOverrides } from "./config.js";
export { ApiConfigError, describeHttpError, parseErrorBody, scrub, type ApiErrorBody } from "./errors.js";
export { mapWithConcurrency } from "./pool.js";
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  validatePolicy,
  type RetryPolicy,
} from "./retry.js";
export { callWithRetries, describeNetworkError, type AttemptEvent, type CallResult } from "./transport.js";
