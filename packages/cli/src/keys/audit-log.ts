/**
 * The audit log of verify and revoke: one JSON object a line, appended and flushed to
 * disk as each step completes, before the next request is sent, so an interrupted or
 * killed run leaves a record of what the API was asked and answered. Never a key: a
 * fingerprint, the masked key and where it was found. See docs/revocation.md.
 */
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { UsageError } from "@roxels-guard/core";
import type { ExposedKey } from "./exposed-key.js";

export const AUDIT_OPTIONS = {
  "audit-log": { type: "string" },
} as const;

/** `$XDG_STATE_HOME/roxels-guard/audit.jsonl`, by default `~/.local/state/roxels-guard/audit.jsonl`. */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || homedir(), ".local", "state");
  return path.join(state, "roxels-guard", "audit.jsonl");
}

/** One step for one key: what was asked, what the API answered. */
export interface KeyStep {
  readonly step: "check" | "revoke" | "confirm";
  readonly key: ExposedKey;
  /** `live`, `revoked`, `already-revoked`, `not-found`, `not-attempted`, `interrupted`, … */
  readonly outcome: string;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
  readonly reason: string;
  readonly tries?: number | undefined;
}

export class AuditLog {
  readonly path: string;
  readonly #fd: number;
  readonly #run: string;
  readonly #command: string;

  private constructor(file: string, fd: number, command: string) {
    this.path = file;
    this.#fd = fd;
    this.#command = command;
    this.#run = `${new Date().toISOString()}-${process.pid}`;
  }

  /** Opens (creating it and its folder) before any key is sent: no log, no request. */
  static open(file: string, command: string): AuditLog {
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      return new AuditLog(file, openSync(file, "a", 0o600), command);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unwritable";
      throw new UsageError(`cannot write the audit log ${file}: ${code} (--audit-log <file> chooses another)`);
    }
  }

  start(details: { apiBase: string; keys: readonly ExposedKey[] }): void {
    this.#write({ event: "start", apiBase: details.apiBase, keys: details.keys.length });
    // Every key the run will act on, first: whatever happens next, the log accounts for each.
    for (const key of details.keys) this.#write({ event: "planned", ...keyFields(key) });
  }

  step(step: KeyStep): void {
    this.#write({
      event: "step",
      step: step.step,
      ...keyFields(step.key),
      ...(step.status !== undefined ? { status: step.status } : {}),
      ...(step.requestId !== undefined ? { requestId: step.requestId } : {}),
      outcome: step.outcome,
      reason: step.reason,
      ...(step.tries !== undefined ? { tries: step.tries } : {}),
    });
  }

  end(details: { exitCode: number; interrupted?: string | undefined; summary: Record<string, number> }): void {
    this.#write({ event: "end", exitCode: details.exitCode, ...(details.interrupted ? { interrupted: details.interrupted } : {}), summary: details.summary });
    closeSync(this.#fd);
  }

  #write(record: Record<string, unknown>): void {
    const line = `${JSON.stringify({ time: new Date().toISOString(), run: this.#run, command: this.#command, ...record })}\n`;
    writeSync(this.#fd, line);
    // On disk before the next request goes out: a crash or a kill loses no step.
    fdatasyncSync(this.#fd);
  }
}

function keyFields(key: ExposedKey): Record<string, unknown> {
  return {
    fingerprint: key.secret.fingerprint,
    masked: key.secret.masked,
    locations: key.locations,
    ...(key.suppressed !== undefined ? { suppressed: key.suppressed } : {}),
  };
}

/**
 * What earlier runs of `command` recorded for these keys: each key's last outcome, counted
 * (`{ revoked: 17, interrupted: 3 }`), and when the last such run started. Lines that are
 * not records (a log cut short by a crash) are passed over.
 */
export function earlierOutcomes(file: string, command: string, keys: readonly ExposedKey[]): { counts: Map<string, number>; keys: number } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { counts: new Map(), keys: 0 };
  }
  const wanted = new Set(keys.map((key) => key.secret.fingerprint));
  const last = new Map<string, string>();
  // The step that settles a key: a revoke's confirmation says more than the revoke itself.
  const settling = command === "revoke" ? new Set(["revoke", "confirm"]) : new Set(["check"]);
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (record.command !== command || record.event !== "step" || !settling.has(String(record.step))) continue;
    const fingerprint = String(record.fingerprint);
    if (!wanted.has(fingerprint)) continue;
    const outcome = record.step === "confirm" ? (record.outcome === "refused" ? "revoked and confirmed" : "revoked, not confirmed") : String(record.outcome);
    last.set(fingerprint, outcome);
  }
  const counts = new Map<string, number>();
  for (const outcome of last.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return { counts, keys: last.size };
}

/** One line for stderr when the log already knows some of these keys; empty when not. */
export function earlierRunsLine(file: string, command: string, keys: readonly ExposedKey[]): string {
  const earlier = earlierOutcomes(file, command, keys);
  if (earlier.keys === 0) return "";
  const counts = [...earlier.counts].map(([outcome, n]) => `${n} ${outcome}`).join(", ");
  return `roxels-guard: the audit log ${file} already has ${earlier.keys} of these ${keys.length} keys from earlier runs (last outcome: ${counts})\n`;
}
