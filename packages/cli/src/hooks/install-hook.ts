/**
 * Writing one hook, idempotently, never losing an existing one:
 * - husky: the roxels-guard block goes into `.husky/<hook>` (pre-commit: at the top, so a
 *   trailing `exit` in the script cannot skip it; pre-push: at the end, because the block
 *   reads the hook's stdin); a block already there is replaced by the current text.
 * - hooks folder: roxels-guard's file takes the hook's name; a hook that was there is
 *   renamed `<hook>.pre-roxels-guard` and runs first (chained).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/scanner/errors";
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
  const end = text.indexOf(endMarker, start);
  if (start !== -1 && end !== -1) {
    const current = text.slice(start, end + endMarker.length);
    if (current === block) return { outcome: "unchanged", file };
    writeFileSync(file, text.slice(0, start) + block + text.slice(end + endMarker.length));
    return { outcome: "updated", file };
  }
  if (start !== -1) throw new UsageError(`${file} holds a damaged roxels-guard block (no end marker): remove it and run install again`);
  writeFileSync(file, hook === "pre-push" ? appendBlock(text, block) : prependBlock(text, block));
  return { outcome: "installed", file };
}

/** After a shebang and husky 4–8's `. "…/_/husky.sh"` line, which must stay first. */
function prependBlock(text: string, block: string): string {
  const lines = text.split("\n");
  let insertAt = 0;
  while (insertAt < lines.length && (lines[insertAt]!.startsWith("#!") || lines[insertAt]!.includes("husky.sh"))) insertAt++;
  lines.splice(insertAt, 0, block, "");
  return lines.join("\n");
}

function appendBlock(text: string, block: string): string {
  return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}\n${block}\n`;
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
