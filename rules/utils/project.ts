/**
 * Which frameworks the project a file belongs to uses, from the nearest package.json (its
 * dependencies) and the framework config files beside it. Folder names mean something
 * only in a project of that framework: `pages/` is Next.js client code in a Next.js app,
 * and nothing in particular in an Express server or an Astro site.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface Project {
  readonly next: boolean;
}

const NOT_NEXT: Project = { next: false };
const NEXT: Project = { next: true };

const NEXT_CONFIGS = ["next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts", "next.config.mts"];

// One answer per directory for the whole ESLint run: a project's files share their folders.
const byDirectory = new Map<string, Project>();

function dependsOnNext(packageJson: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(packageJson, "utf8")) as Record<string, Record<string, string> | undefined>;
    return ["dependencies", "devDependencies", "peerDependencies"].some((field) => pkg[field]?.["next"] !== undefined);
  } catch {
    return false; // unreadable or not JSON: no evidence of Next.js
  }
}

function projectAt(directory: string): Project {
  const cached = byDirectory.get(directory);
  if (cached) return cached;
  let project: Project;
  if (NEXT_CONFIGS.some((name) => existsSync(join(directory, name)))) project = NEXT;
  else if (existsSync(join(directory, "package.json"))) project = dependsOnNext(join(directory, "package.json")) ? NEXT : NOT_NEXT;
  else {
    const parent = dirname(directory);
    project = parent === directory ? NOT_NEXT : projectAt(parent);
  }
  byDirectory.set(directory, project);
  return project;
}

/** The project `filename` (absolute, or relative to `cwd`) belongs to. */
export function projectOf(filename: string, cwd: string): Project {
  return projectAt(dirname(resolve(cwd, filename)));
}
