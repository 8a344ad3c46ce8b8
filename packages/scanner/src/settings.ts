/**
 * The settings every source shares (files, staged, history): which paths are ignored,
 * which fingerprints are suppressed, which kinds are reported. Resolved once per run.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { redactKeys, UsageError, type KeyKind } from "@roxels-guard/core";
import { loadBaseline } from "./baseline.js";
import { CONFIG_FILE_NAME, defaultConfig, loadConfig, type GuardConfig } from "./config.js";
import { gitignoreRules, type PathRuleSet } from "./gitignore-rules.js";
import { FingerprintSuppressions, IGNORE_FILE_NAME, loadIgnoreFile } from "./suppressions.js";

/** Where a scan's paths are rooted (SARIF's %SRCROOT%): the top of the git work tree. */
export { workTreeTop } from "./git/repository.js";

export interface SettingsOptions {
  readonly cwd: string;
  readonly explain?: boolean;
  /** `--config FILE`; by default `roxels-guard.config.json` is looked for upwards. */
  readonly configFile?: string;
  /** `--ignore-file FILE`; by default `.roxelsguardignore` is looked for upwards. */
  readonly ignoreFile?: string;
  /** `--baseline FILE`, which wins over the config's `baseline`. */
  readonly baselineFile?: string;
  /** No baseline at all, not even the config's: `roxels-guard baseline` must not hide the keys it records. */
  readonly noBaseline?: boolean;
  /** Problems that do not stop the run (the config's baseline not written yet), one line each. */
  readonly onWarning?: (message: string) => void;
}

export interface ScanSettings {
  readonly cwd: string;
  readonly explain: boolean;
  readonly suppressions: FingerprintSuppressions;
  readonly kinds: ReadonlySet<KeyKind>;
  readonly maxFileSize: number | null;
  readonly config: GuardConfig;
  /** True when the ignore file or the config excludes this absolute path (a folder when `isDirectory`). */
  isPathIgnored(absolute: string, isDirectory?: boolean): boolean;
}

interface PathRules {
  /** The folder the rules are relative to, with a trailing separator. */
  readonly prefix: string;
  readonly rules: PathRuleSet;
}

function pathRules(base: string, rules: PathRuleSet): PathRules {
  const resolved = path.resolve(base);
  return { prefix: resolved.endsWith(path.sep) ? resolved : resolved + path.sep, rules };
}

/**
 * The nearest folder at or above `start` holding `name`, stopping at the top of the git
 * work tree so that a home-folder file never leaks into a project's scan. Outside git
 * there is no project top to stop at: the search goes on to the root, as ESLint's does.
 */
export function findUpwards(start: string, name: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, ".git"))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function resolveSettings(options: SettingsOptions): ScanSettings {
  const cwd = path.resolve(options.cwd);
  const configPath = options.configFile ? path.resolve(cwd, options.configFile) : findUpwards(cwd, CONFIG_FILE_NAME);
  const config = (configPath ? loadConfig(configPath, options.configFile !== undefined) : null) ?? defaultConfig(cwd);

  const suppressions = new FingerprintSuppressions();
  const rulesets: PathRules[] = [];

  const ignorePath = options.ignoreFile ? path.resolve(cwd, options.ignoreFile) : findUpwards(cwd, IGNORE_FILE_NAME);
  if (ignorePath) {
    const parsed = loadIgnoreFile(ignorePath);
    if (!parsed && options.ignoreFile) throw new UsageError(`ignore file not found: ${options.ignoreFile}`);
    if (parsed) {
      suppressions.add(parsed.fingerprints, "ignore-file");
      if (parsed.hasPathRules) rulesets.push(pathRules(path.dirname(ignorePath), parsed.paths));
    }
  }
  suppressions.add(config.allowFingerprints, "config");
  if (config.ignore.length > 0) rulesets.push(pathRules(config.directory, gitignoreRules(config.ignore)));

  const onWarning = options.onWarning ?? (() => {});
  if (options.noBaseline) {
    // Nothing: the baseline command reads the file it writes itself.
  } else if (options.baselineFile) {
    suppressions.add(loadBaseline(path.resolve(cwd, options.baselineFile), options.baselineFile, { missing: "error", onWarning }), "baseline");
  } else if (config.baseline) {
    // Named in the config before `roxels-guard baseline` has written it: a warning, not an error.
    const file = path.resolve(config.directory, config.baseline);
    const namedIn = configPath ? displayPath(cwd, configPath) : CONFIG_FILE_NAME;
    suppressions.add(loadBaseline(file, displayPath(cwd, file), { missing: "warn", namedIn, onWarning }), "baseline");
  }

  return {
    cwd,
    explain: options.explain ?? false,
    suppressions,
    kinds: new Set(config.kinds),
    maxFileSize: config.maxFileSizeMB === null ? null : config.maxFileSizeMB * 1024 * 1024,
    config,
    isPathIgnored(absolute: string, isDirectory = false): boolean {
      // Called once per file of a scan: the paths come resolved from the listing, so the
      // relative path is a slice, not a path.relative().
      for (const { prefix, rules } of rulesets) {
        if (!absolute.startsWith(prefix) || absolute.length === prefix.length) continue;
        let relative = absolute.slice(prefix.length);
        if (path.sep !== "/") relative = relative.split(path.sep).join("/");
        if (rules.ignores(relative, isDirectory)) return true;
      }
      return false;
    },
  };
}

/** Display form of a path: relative to the current directory, `/` separators. */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute) || path.basename(absolute);
  return shownPath(relative.split(path.sep).join("/"));
}

/**
 * A path as reports show it: a key in a file or folder name is masked like any other, so
 * the report names a path that does not exist rather than print the key.
 */
export function shownPath(relative: string): string {
  return relative.includes("k_") || relative.includes("k-") ? redactKeys(relative) : relative;
}
