/**
 * `roxels-guard.config.json`: the settings a team commits once. Validated strictly, so
 * a typo (`"ignores"`) is an error with the offending key named, not a silent no-op.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { decodeChunk, detectEncoding, findKeys, FINDING_KINDS, isFingerprint, SNIFF_LENGTH, UsageError, type KeyKind } from "@roxels-guard/core";

export const CONFIG_FILE_NAME = "roxels-guard.config.json";

export interface GuardConfig {
  /** Extra path rules, gitignore syntax, relative to the config file. */
  readonly ignore: readonly string[];
  /** Fingerprints of keys known not to matter (test keys of a sandbox org, say). */
  readonly allowFingerprints: readonly string[];
  /** Baseline file, relative to the config file. */
  readonly baseline: string | null;
  /** Kinds to report; the default reports every kind. */
  readonly kinds: readonly KeyKind[];
  /** Skip files larger than this many megabytes (default: no limit; large files are read in chunks). */
  readonly maxFileSizeMB: number | null;
  /** Folder holding the config file: relative settings resolve against it. */
  readonly directory: string;
}

const KNOWN_KEYS = ["$schema", "ignore", "allowFingerprints", "baseline", "kinds", "maxFileSizeMB"];

export function defaultConfig(directory: string): GuardConfig {
  return { ignore: [], allowFingerprints: [], baseline: null, kinds: FINDING_KINDS, maxFileSizeMB: null, directory };
}

export function loadConfig(file: string, required: boolean): GuardConfig | null {
  let text: string;
  try {
    text = readSettingsFile(file);
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UsageError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON${jsonErrorPosition(error)}`);
  }
  return parseConfig(data, file);
}

/**
 * The text of a settings file (config, ignore file, baseline). A byte-order mark, which
 * Windows editors write, is dropped: UTF-8's, and UTF-16's (PowerShell 5's `>`) with the
 * text decoded.
 */
export function readSettingsFile(file: string): string {
  // A device never ends (`--baseline /dev/zero`); a pipe (`--baseline <(…)`) does.
  const stat = statSync(file);
  if (stat.isCharacterDevice() || stat.isBlockDevice() || stat.isSocket()) {
    throw Object.assign(new Error("not a regular file"), { code: "not a regular file" });
  }
  const bytes = readFileSync(file);
  const detected = detectEncoding(bytes.subarray(0, SNIFF_LENGTH));
  if (detected !== "binary" && detected.encoding !== "utf8") return decodeChunk(bytes.subarray(detected.bomLength), detected.encoding);
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseConfig(data: unknown, file: string): GuardConfig {
  const fail = (message: string): never => {
    throw new UsageError(`${file}: ${message}`);
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) fail("must be a JSON object");
  const object = data as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!KNOWN_KEYS.includes(key)) fail(`unknown setting "${key}" (known: ${KNOWN_KEYS.slice(1).join(", ")})`);
  }
  const stringList = (key: string): string[] => {
    const value = object[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) fail(`"${key}" must be an array of strings`);
    return value as string[];
  };
  const ignoreRules = stringList("ignore");
  const allowed = stringList("allowFingerprints");
  for (const entry of allowed) {
    const key = findKeys(entry)[0];
    if (key) fail(`"allowFingerprints" entry ${key.secret.masked} is a key, not a fingerprint: write ${key.secret.fingerprint} instead`);
  }
  const allowFingerprints = allowed.map((fp) => fp.toLowerCase());
  for (const fp of allowFingerprints) {
    if (!isFingerprint(fp)) fail(`"allowFingerprints" entry "${fp.slice(0, 8)}…" is not a 16-hex-digit fingerprint`);
  }
  const baseline = object.baseline;
  if (baseline !== undefined && (typeof baseline !== "string" || baseline === "")) fail(`"baseline" must be a file path`);
  const kinds = object.kinds === undefined ? [...FINDING_KINDS] : stringList("kinds");
  // An empty list would turn every detection off without a word: leave "kinds" out to report every kind.
  if (kinds.length === 0) fail(`"kinds" must not be empty (leave it out to report every kind: ${FINDING_KINDS.join(", ")})`);
  for (const kind of kinds) {
    if (!(FINDING_KINDS as readonly string[]).includes(kind)) fail(`"kinds" entry "${kind}" is not one of ${FINDING_KINDS.join(", ")}`);
  }
  const max = object.maxFileSizeMB;
  if (max !== undefined && (typeof max !== "number" || !(max > 0))) fail(`"maxFileSizeMB" must be a positive number`);
  return {
    ignore: ignoreRules,
    allowFingerprints,
    baseline: typeof baseline === "string" ? baseline : null,
    kinds: kinds as KeyKind[],
    maxFileSizeMB: typeof max === "number" ? max : null,
    directory: path.dirname(path.resolve(file)),
  };
}

/**
 * Where JSON.parse stopped, without its message: V8 quotes the text around the error,
 * and a config file may hold a key there.
 */
export function jsonErrorPosition(error: unknown): string {
  const position = /position (\d+)/.exec((error as Error).message ?? "");
  return position ? ` (at character ${Number(position[1]) + 1})` : "";
}
