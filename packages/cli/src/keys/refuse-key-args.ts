/**
 * Keys are never taken from the command line: shell history keeps them and `ps` shows
 * them to every user of the machine. A key given there is refused before anything else
 * reads argv (a parser's error message could echo it).
 */
import { findKeys, UsageError } from "@roxels-guard/core";

/** Flags people reach for to pass a key. */
const KEY_FLAGS = /^--?(?:key|api-key|apikey|token|secret|management-key|bearer)(?:=|$)/i;

const WHERE_KEYS_GO =
  "give keys on standard input (--stdin), through a scan report (--report FILE), or let the command find them (paths, --staged, --history); the management key goes in the ROXELS_API_KEY environment variable";

export function refuseKeyArguments(argv: readonly string[], command: string): void {
  let afterDashes = false;
  for (const [index, arg] of argv.entries()) {
    if (arg === "--" && !afterDashes) {
      afterDashes = true;
      continue;
    }
    // After "--" everything is a path, but a key there is still a key on a command line.
    const flag = afterDashes ? null : KEY_FLAGS.exec(arg);
    // `--key sk_…`: the value is the next argument.
    const value = flag && !arg.includes("=") ? (argv[index + 1] ?? "") : arg;
    const keys = findKeys(value, { includeEmbed: true, decodeBase64: false });
    if (!flag && keys.length === 0) continue;
    const shown = keys[0] ? ` (${keys[0].secret.masked})` : "";
    const what = flag ? `${flag[0].replace(/=$/, "")}${shown}` : `argument ${index + 1}${shown}`;
    const exposed = keys.length > 0 ? " Treat that key as exposed: it is in your shell history now." : "";
    throw new UsageError(
      `${command} refuses keys on the command line: ${what}. Command lines are kept in shell history and shown by ps; ${WHERE_KEYS_GO}.${exposed}`,
    );
  }
}
