/**
 * Argument parsing on node:util's parseArgs (no dependency on the hook's start-up path),
 * turning its exceptions into one-line usage errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Parsed<T extends OptionSpec> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true; allowNegative: true }>>;
import { UsageError } from "@roxels-guard/core";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
} as const satisfies OptionSpec;

export function parse<T extends OptionSpec>(argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (error) {
    // parseArgs messages are one line but long; keep the first sentence.
    const message = (error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, "");
    throw new UsageError(`${message} (see --help)`);
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T;
}
