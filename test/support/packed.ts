/**
 * What npm would ship: the publishable packages packed with `npm pack` from the current
 * build (`npm test` builds first), and fresh projects outside this repository to install
 * them into, as a user would.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./cli.js";

/** The packages a user installs, by package folder. */
export const PUBLISHED = { cli: "packages/cli", plugin: "packages/eslint-plugin" } as const;

export interface Packed {
  readonly tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  readonly files: readonly string[];
}

/** `npm pack` of one package folder into `destination`. */
export function pack(folder: string, destination: string): Packed {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: path.join(REPO_ROOT, folder),
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_loglevel: "error" },
  });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: path.join(destination, info!.filename), files: info!.files.map((f) => f.path) };
}

/** Environment for git and npm in a user's project: no settings from this machine's user. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "A User",
    GIT_AUTHOR_EMAIL: "user@example.com",
    GIT_COMMITTER_NAME: "A User",
    GIT_COMMITTER_EMAIL: "user@example.com",
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    ...extra,
  };
  for (const name of ["ROXELS_GUARD_CLI", "FORCE_COLOR", "NO_COLOR", "ROXELS_API_KEY", "ROXELS_API_BASE", "GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]) delete env[name];
  return env;
}

/** A new folder outside the repository with a package.json, removed by the caller. */
export function freshProject(prefix: string, pkg: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "an-app", version: "1.0.0", private: true, ...pkg }, null, 2));
  return dir;
}

export function run(command: string, args: string[], cwd: string, env = userEnv(), input?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: "utf8", input, timeout: 120_000 });
}

/** `npm install` of a tarball into `project`, failing the test with npm's output if it fails. */
export function npmInstall(project: string, args: string[]): void {
  const r = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...args], project);
  if (r.status !== 0) throw new Error(`npm install ${args.join(" ")} failed in ${project}:\n${r.stdout}${r.stderr}`);
}
