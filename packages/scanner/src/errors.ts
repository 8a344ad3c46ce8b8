/** A problem the user can fix (bad flag, bad config, missing path): exit 2, one line, no stack. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
