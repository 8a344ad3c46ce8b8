/**
 * A baseline read line by line, straight from its file: a baseline of a million keys is
 * never one string, nor a million entry objects; only the fingerprints a scan needs are
 * kept. This covers the layout `roxels-guard baseline` writes (one entry a line), also
 * after git merged it (conflict markers, or `merge=union`'s unmatched commas), which is
 * what large baselines look like. Any other layout (hand-written, minified, UTF-16) is
 * left to baseline.ts's whole-text reading, which also gives the errors.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { isFingerprint } from "@roxels-guard/core";

/** Bytes read at once. */
const READ_SIZE = 1024 * 1024;

/** A longer line is no entry line of the written layout: the file is read whole instead. */
const LONGEST_LINE = 64 * 1024;

/** What is left of the written layout once its entry lines are taken out, spaces dropped. */
export const SKELETON = '{"version":1,"findings":[]}';

export interface StreamedBaseline {
  readonly fingerprints: Set<string>;
  readonly merged: "conflict" | "union" | null;
}

/**
 * The fingerprints of `file` when it is laid out as written; null when it is not, or is
 * no baseline at all: the whole-text reading then says what is wrong with it.
 */
export function streamBaselineFingerprints(file: string): StreamedBaseline | null {
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null; // missing, unreadable: said by the whole-text read
  }
  const fingerprints = new Set<string>();
  const skeleton = { ours: "", theirs: "" };
  let state: ConflictState = "both";
  let conflict = false;
  /** Whether the last entry line ended with a comma (null: none yet): the commas JSON needs. */
  let lastComma: boolean | null = null;
  let commasMatch = true;

  const onLine = (raw: string): boolean => {
    const next = conflictStep(state, raw);
    if (next === "unbalanced") return false;
    if (next !== null) {
      state = next;
      conflict = true;
      return true;
    }
    if (state === "base") return true;
    const trimmed = raw.trim();
    if (trimmed.startsWith("{") && trimmed.length > 1) {
      const comma = trimmed.endsWith(",");
      let entry: { fingerprint?: unknown } | null;
      try {
        entry = JSON.parse(comma ? trimmed.slice(0, -1) : trimmed) as { fingerprint?: unknown } | null;
      } catch {
        return false;
      }
      const fingerprint = entry?.fingerprint;
      if (typeof fingerprint !== "string" || !isFingerprint(fingerprint)) return false;
      fingerprints.add(fingerprint);
      if (lastComma === false) commasMatch = false;
      lastComma = comma;
      return true;
    }
    const bare = trimmed.replace(/\s+/g, "");
    if (state === "both" || state === "ours") skeleton.ours += bare;
    if (state === "both" || state === "theirs") skeleton.theirs += bare;
    return skeleton.ours.length <= SKELETON.length && skeleton.theirs.length <= SKELETON.length;
  };

  if (!eachLine(file, onLine) || state !== "both") return null;
  if (skeleton.ours !== SKELETON || skeleton.theirs !== SKELETON) return null;
  if (lastComma === true) commasMatch = false;
  return { fingerprints, merged: conflict ? "conflict" : commasMatch ? null : "union" };
}

/** Where a conflicted file is: outside any conflict, or in one of its sections. */
export type ConflictState = "both" | "ours" | "base" | "theirs";

/**
 * The state after `raw` when it is a conflict marker (7 or more of the character at the
 * start of a line: git's `conflict-marker-size` may make them longer; no line of a
 * baseline starts so), "unbalanced" for a marker out of place, null for any other line.
 */
export function conflictStep(state: ConflictState, raw: string): ConflictState | "unbalanced" | null {
  const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  const to = (from: readonly ConflictState[], next: ConflictState): ConflictState | "unbalanced" => (from.includes(state) ? next : "unbalanced");
  if (/^<{7,}(?: |$)/.test(line)) return to(["both"], "ours");
  if (/^\|{7,}(?: |$)/.test(line)) return to(["ours"], "base");
  if (/^={7,}$/.test(line)) return to(["ours", "base"], "theirs");
  if (/^>{7,}(?: |$)/.test(line)) return to(["theirs"], "both");
  return null;
}

/** Calls `onLine` with each line of a UTF-8 file (a BOM dropped); false when it returned false or a line was too long. */
function eachLine(file: string, onLine: (line: string) => boolean): boolean {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE + LONGEST_LINE);
    let end = 0;
    let first = true;
    for (;;) {
      const count = readSync(fd, buffer, end, READ_SIZE, null);
      end += count;
      let start = 0;
      if (first && end >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      if (first && end >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) return false; // UTF-16
      first = false;
      const view = buffer.subarray(0, end);
      for (let nl = view.indexOf(0x0a, start); nl !== -1; nl = view.indexOf(0x0a, start)) {
        if (!onLine(buffer.toString("utf8", start, nl))) return false;
        start = nl + 1;
      }
      if (count === 0) return end - start > 0 ? onLine(buffer.toString("utf8", start, end)) : true;
      if (end - start > LONGEST_LINE) return false;
      buffer.copy(buffer, 0, start, end);
      end -= start;
    }
  } finally {
    closeSync(fd);
  }
}
