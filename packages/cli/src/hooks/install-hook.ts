/**
 * Writing one hook, idempotently, never losing an existing one:
 * - husky: the roxels-guard block goes at the end of `.husky/<hook>` (before a final
 *   `exit`): pre-commit, so that it judges the index after the steps that rewrite and
 *   re-stage files (lint-staged, formatters); pre-push, because the block reads the hook's
 *   stdin. A block already there is taken out and placed again with the current text.
 * - hooks folder: roxels-guard's file takes the hook's name; a hook that was there is
 *   renamed `<hook>.pre-roxels-guard` and runs first (chained).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/core";
import type { HookTarget } from "./hook-target.js";
import { BLOCK_END, BLOCK_START, CHAINED_SUFFIX, FILE_MARKER, hookBlock, hookFile, type HookName } from "./scripts.js";

export type InstallOutcome = "installed" | "updated" | "unchanged" | "chained";

export interface InstallResult {
  readonly outcome: InstallOutcome;
  readonly file: string;
  /** Where an existing hook was kept (chained). */
  readonly previous?: string;
}

export function installHook(target: HookTarget, hook: HookName): InstallResult {
  try {
    return target.kind === "husky" ? installIntoHusky(target.directory, hook) : installIntoHooksDir(target.directory, hook);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot install the ${hook} hook: ${code ?? (error as Error).message}`);
  }
}

function installIntoHusky(directory: string, hook: HookName): InstallResult {
  const file = path.join(directory, hook);
  const block = hookBlock(hook);
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, `${block}\n`, { mode: 0o755 });
    return { outcome: "installed", file };
  }
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(BLOCK_START(hook));
  const endMarker = BLOCK_END(hook);
  const end = start === -1 ? -1 : text.indexOf(endMarker, start);
  if (start !== -1 && end === -1) throw new UsageError(`${file} holds a damaged roxels-guard block (no end marker): remove it and run install again`);
  const without = start === -1 ? text : text.slice(0, start) + text.slice(end + endMarker.length).replace(/^\n+/, "");
  const next = placeLast(without.replace(/\n*$/, "\n"), block);
  if (next === text) return { outcome: "unchanged", file };
  writeFileSync(file, next);
  return { outcome: start === -1 ? "installed" : "updated", file };
}

/**
 * At the end of the script, but before a final `exit` line (which would skip it). The
 * steps above it run first: what they stage is what the scan judges.
 */
function placeLast(text: string, block: string): string {
  const lines = text.replace(/\n+$/, "").split("\n");
  let last = lines.length - 1;
  while (last >= 0 && (lines[last]!.trim() === "" || lines[last]!.trim().startsWith("#"))) last--;
  const insertAt = last >= 0 && /^\s*exit\b/.test(lines[last]!) ? last : lines.length;
  const before = lines.slice(0, insertAt).join("\n").replace(/\n+$/, "");
  const after = lines.slice(insertAt).join("\n");
  return `${before}${before ? "\n\n" : ""}${block}\n${after ? `${after}\n` : ""}`;
}

function installIntoHooksDir(directory: string, hook: HookName): InstallResult {
  const file = path.join(directory, hook);
  const content = hookFile(hook);
  mkdirSync(directory, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, content, { mode: 0o755 });
    ensureExecutable(file);
    return { outcome: "installed", file };
  }
  const text = readFileSync(file, "utf8");
  if (text.includes(FILE_MARKER)) {
    if (text === content) return { outcome: "unchanged", file };
    writeFileSync(file, content);
    ensureExecutable(file);
    return { outcome: "updated", file };
  }
  const previous = file + CHAINED_SUFFIX;
  if (existsSync(previous)) {
    throw new UsageError(`both ${hook} and ${path.basename(previous)} exist in ${directory}: merge them by hand, then run install again`);
  }
  // Its mode is kept: a hook git would not run (not executable) stays inactive.
  renameSync(file, previous);
  writeFileSync(file, content, { mode: 0o755 });
  ensureExecutable(file);
  return { outcome: "chained", file, previous };
}

function ensureExecutable(file: string): void {
  chmodSync(file, 0o755);
}
