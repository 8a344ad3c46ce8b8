/**
 * gitignore-syntax path rules, from the `ignore` package (the gitignore spec, negations
 * and directory rules included). Loaded through `require`: importing this CommonJS
 * package from ESM makes Node pre-parse it for named exports, which costs the
 * pre-commit hook several milliseconds for nothing.
 */
import { createRequire } from "node:module";
import type { Ignore, Options } from "ignore";

type IgnoreFactory = (options?: Options) => Ignore;

let factory: IgnoreFactory | undefined;

export function gitignoreRules(patterns: readonly string[] = []): Ignore {
  factory ??= createRequire(import.meta.url)("ignore") as IgnoreFactory;
  return factory().add([...patterns]);
}

export type { Ignore };
