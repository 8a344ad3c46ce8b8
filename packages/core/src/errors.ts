/**
 * A problem the user can fix (a bad flag, a bad config, a missing path, not a repository):
 * one line, exit 2, no stack trace. The one error type every package throws for what a
 * user sees; anything else that reaches the CLI is an internal error.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
