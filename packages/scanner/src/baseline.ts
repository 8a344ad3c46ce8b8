/**
 * Baselines: the findings a team has accepted (keys already revoked, say), so that only
 * new ones are reported. Keyed on fingerprints only, sorted, one entry a line, with no
 * line numbers or timestamps.
 *
 * Two branches that each baseline a key may still touch the same lines (both new entries
 * sort between the same neighbours, or after the last one, which then gains a comma). So
 * a baseline is read as git leaves it after a merge:
 * - with conflict markers (`<<<<<<<`, diff3's `|||||||`, `=======`, `>>>>>>>`): the union
 *   of both sides, as Yarn reads a conflicted yarn.lock;
 * - after git's `merge=union` driver: one entry a line, a comma missing between two
 *   entries or left after the last one.
 * `roxels-guard baseline` then writes it back as plain JSON.
 */
import { chmodSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isFingerprint, redactKeys, UsageError } from "@roxels-guard/core";
import type { Finding } from "./finding.js";
import { jsonErrorPosition, readSettingsFile } from "./config.js";
import { conflictStep, SKELETON, streamBaselineFingerprints, type ConflictState } from "./baseline-lines.js";

export interface BaselineEntry {
  readonly fingerprint: string;
  /** Empty when a hand-written entry has none. */
  readonly kind: string;
  /** Empty when a hand-written entry has none. */
  readonly masked: string;
}

export interface BaselineContents {
  readonly entries: BaselineEntry[];
  /**
   * How git left the file, when it was not plain JSON: `conflict` (markers, read as the
   * union of both sides) or `union` (entries whose commas do not match, as `merge=union`
   * leaves them).
   */
  readonly merged: "conflict" | "union" | null;
}

const EXPECTED_SHAPE = 'expected {"version":1,"findings":[…]}';

/** Why a text is not a baseline: `reason` is a phrase, `message` the line `scan` prints after the file name. */
export class NotABaselineError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const notJson = (error: unknown): NotABaselineError => {
  const at = jsonErrorPosition(error);
  return new NotABaselineError(`not valid JSON${at.replace(/^ \((.*)\)$/, " $1")}`, `not valid JSON${at}`);
};
const badShape = (): NotABaselineError => new NotABaselineError(EXPECTED_SHAPE, `not a roxels-guard baseline (${EXPECTED_SHAPE})`);
const badEntry = (): NotABaselineError => new NotABaselineError("an entry has no valid fingerprint", "an entry has no valid fingerprint");
const badMarkers = (line: number): NotABaselineError =>
  new NotABaselineError(`unbalanced git conflict markers at line ${line}`, `not a roxels-guard baseline (unbalanced git conflict markers at line ${line})`);

/** The entries of a baseline's text; throws NotABaselineError. */
export function parseBaseline(text: string): BaselineContents {
  const sides = splitConflict(text);
  if (!sides) {
    const { entries, strict } = parseSide(text);
    return { entries: unique(entries), merged: strict ? null : "union" };
  }
  return { entries: unique([...parseSide(sides.ours).entries, ...parseSide(sides.theirs).entries]), merged: "conflict" };
}

/**
 * Both sides of every conflict in `text` (the diff3 base section dropped), or null when
 * it has no conflict markers. Markers are 7 or more of the character at the start of a
 * line (git's `conflict-marker-size` may make them longer); no line of a baseline starts so.
 */
function splitConflict(text: string): { ours: string; theirs: string } | null {
  const lines = text.split("\n");
  const ours: string[] = [];
  const theirs: string[] = [];
  let state: ConflictState = "both";
  let found = false;
  lines.forEach((raw, i) => {
    const next = conflictStep(state, raw);
    if (next === "unbalanced") throw badMarkers(i + 1);
    if (next !== null) {
      state = next;
      found = true;
    } else {
      if (state === "both" || state === "ours") ours.push(raw);
      if (state === "both" || state === "theirs") theirs.push(raw);
    }
  });
  if (state !== "both") throw badMarkers(lines.length);
  return found ? { ours: ours.join("\n"), theirs: theirs.join("\n") } : null;
}

/** One version of the file: JSON, or failing that the one-entry-a-line form `merge=union` leaves. */
function parseSide(text: string): { entries: BaselineEntry[]; strict: boolean } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const entries = lineForm(text);
    if (!entries) throw notJson(error);
    return { entries: entries.map(toEntry), strict: false };
  }
  const findings = (data as { findings?: unknown })?.findings;
  if ((data as { version?: unknown })?.version !== 1 || !Array.isArray(findings)) throw badShape();
  return { entries: findings.map(toEntry), strict: true };
}

/**
 * The entries of a baseline laid out as `formatBaseline` writes it, one entry a line, with
 * commas that need not match: after a `merge=union`, two entries may have none between
 * them, and the last may end with one. Null when the text is laid out any other way.
 */
function lineForm(text: string): unknown[] | null {
  const entries: unknown[] = [];
  let rest = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("{") && line.length > 1) {
      try {
        entries.push(JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line));
      } catch {
        return null;
      }
    } else {
      rest += line.replace(/\s+/g, "");
    }
  }
  return rest === SKELETON ? entries : null;
}

function toEntry(value: unknown): BaselineEntry {
  const entry = value as { fingerprint?: unknown; kind?: unknown; masked?: unknown } | null;
  const fingerprint = entry?.fingerprint;
  if (typeof fingerprint !== "string" || !isFingerprint(fingerprint)) throw badEntry();
  return {
    fingerprint,
    kind: typeof entry?.kind === "string" ? entry.kind : "",
    masked: typeof entry?.masked === "string" ? entry.masked : "",
  };
}

/** One entry per fingerprint (a union merge may hold one twice), keeping a kind and masked key when any copy has them. */
function unique(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const entry of entries) {
    const seen = byFingerprint.get(entry.fingerprint);
    byFingerprint.set(entry.fingerprint, seen ? { fingerprint: seen.fingerprint, kind: seen.kind || entry.kind, masked: seen.masked || entry.masked } : entry);
  }
  return [...byFingerprint.values()];
}

export interface LoadBaselineOptions {
  /** Where the file was named, for the hint when it is missing: `--baseline` or the config. */
  readonly missing?: "error" | "warn";
  /** The config file that names the baseline, for the warning. */
  readonly namedIn?: string;
  /** Problems that do not stop a scan, one line each. */
  readonly onWarning?: (message: string) => void;
}

/**
 * The fingerprints of a baseline, for `scan`. A missing file is an error when named with
 * `--baseline`; named in the config, it is a warning and the scan goes on without one
 * (nothing is hidden that would not be hidden by a baseline), so that the config can name
 * the baseline before `roxels-guard baseline` has written it.
 */
export function loadBaseline(file: string, shownAs = file, options: LoadBaselineOptions = {}): Set<string> {
  // A path may hold a key (errors are masked where they are printed; warnings here).
  const warn = (message: string): void => options.onWarning?.(redactKeys(message));
  // The layout `baseline` writes is read line by line, only fingerprints kept (a million
  // keys is never one string); any other, and every error, is left to the whole-text read.
  const streamed = streamBaselineFingerprints(file);
  if (streamed !== null) {
    if (streamed.merged) warn(mergedNote(shownAs, streamed.merged));
    return streamed.fingerprints;
  }
  const text = readBaselineText(file, shownAs);
  if (text === null) {
    if (options.missing === "warn") {
      const namedIn = options.namedIn ? ` (named in ${options.namedIn})` : "";
      warn(`baseline ${shownAs}${namedIn} does not exist yet, so none is used: \`roxels-guard baseline\` writes it`);
      return new Set();
    }
    throw new UsageError(`cannot read baseline ${shownAs}: ENOENT (\`roxels-guard baseline --output ${shownAs}\` writes one)`);
  }
  let contents: BaselineContents;
  try {
    contents = parseBaseline(text);
  } catch (error) {
    if (error instanceof NotABaselineError) throw new UsageError(`${shownAs}: ${error.message}`);
    throw error;
  }
  if (contents.merged) warn(mergedNote(shownAs, contents.merged));
  return new Set(contents.entries.map((e) => e.fingerprint));
}

function mergedNote(shownAs: string, merged: "conflict" | "union"): string {
  const how = merged === "conflict" ? "holds git conflict markers" : "was merged by git's merge=union";
  return `baseline ${shownAs} ${how}: read as the union of both sides; \`roxels-guard baseline\` writes it back clean`;
}

/**
 * The entries of the baseline `roxels-guard baseline` is about to write, to merge new
 * ones into: none when the file does not exist or is empty. Anything else that is not a
 * baseline is an error (a package.json named by mistake must not be overwritten), as is a
 * file that is not a regular one (`/dev/full` would be read forever).
 */
export function readBaselineForUpdate(file: string, shownAs: string, replace: boolean): BaselineContents {
  checkRegularFile(file, shownAs);
  if (replace) return { entries: [], merged: null };
  const text = readBaselineText(file, shownAs);
  if (text === null || text.trim() === "") return { entries: [], merged: null };
  try {
    return parseBaseline(text);
  } catch (error) {
    if (error instanceof NotABaselineError) {
      throw new UsageError(`${shownAs} is not a roxels-guard baseline (${error.reason}); --replace overwrites it`);
    }
    throw error;
  }
}

/** A baseline's text, or null when there is no such file; any other failure is an error. */
function readBaselineText(file: string, shownAs: string): string | null {
  try {
    return readSettingsFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new UsageError(`cannot read baseline ${shownAs}: ${code ?? (error as Error).message}`);
  }
}

function checkRegularFile(file: string, shownAs: string): void {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return;
    throw new UsageError(`cannot read baseline ${shownAs}: ${code ?? (error as Error).message}`);
  }
  if (stats.isDirectory()) throw new UsageError(`${shownAs} is a folder, not a baseline file`);
  if (!stats.isFile()) throw new UsageError(`${shownAs} is not a regular file: a baseline is written to a file`);
}

/** The baseline text for `findings`: one entry per key, sorted by fingerprint. */
export function formatBaseline(findings: readonly Finding[], previous: readonly BaselineEntry[] = []): string {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const entry of previous) byFingerprint.set(entry.fingerprint, entry);
  for (const f of findings) byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, kind: f.kind, masked: f.masked });
  const entries = [...byFingerprint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  // One entry per line so that git merges and diffs a baseline line by line. An entry read
  // from an edited file may hold a key: it is written masked.
  const lines = entries.map((e) => {
    const entry: Record<string, string> = { fingerprint: e.fingerprint };
    if (e.kind) entry.kind = redactKeys(e.kind);
    if (e.masked) entry.masked = redactKeys(e.masked);
    return `    ${JSON.stringify(entry)}`;
  });
  return `{\n  "version": 1,\n  "findings": [\n${lines.join(",\n")}${lines.length ? "\n" : ""}  ]\n}\n`;
}

/**
 * Written beside the old one and renamed over it, so that a write that fails half-way (a
 * full disk) leaves the old baseline whole instead of a truncated one that hides nothing.
 * Through a symlink, beside its target, so that the link stays; with the old file's mode.
 * Where the folder takes no new file (the file itself writable), in place, as before.
 */
export function writeBaseline(file: string, text: string, shownAs = file): void {
  const fail = (error: unknown): never => {
    throw new UsageError(`cannot write baseline ${shownAs}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  };
  let target = file;
  let mode: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    target = realpathSync(file);
    mode = statSync(target).mode & 0o7777;
  } catch {
    // A new file, or a link to one: written where it points, with the default mode.
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, mode === undefined ? {} : { mode });
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS") fail(error);
    try {
      writeFileSync(target, text);
    } catch (inPlace) {
      fail(inPlace);
    }
    return;
  }
  try {
    if (mode !== undefined) chmodSync(temporary, mode); // writeFileSync's mode is masked by the umask
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    fail(error);
  }
}
