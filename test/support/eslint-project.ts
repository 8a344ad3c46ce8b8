/**
 * ESLint as a user runs it (`eslint --format json .` in a project folder), with the
 * framework parsers from the registry: the tools every test of a framework project shares,
 * pinned, so they are installed once for all of them.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

export const FRAMEWORK_LINT_TOOLS = {
  eslint: "10.15.0",
  typescript: "5.9.3",
  "@typescript-eslint/parser": "8.72.0",
  "vue-eslint-parser": "10.4.2",
  "svelte-eslint-parser": "1.10.1",
  svelte: "5.57.3",
  "astro-eslint-parser": "3.2.0",
};

export interface LintMessage {
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

/** `eslint --format json .` in `project`, with the ESLint installed in `toolsRoot`. */
export function lintProject(toolsRoot: string, project: string): LintResult[] {
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(toolsRoot, "node_modules/eslint/bin/eslint.js"), "--format", "json", "."], {
      cwd: project,
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    // Exit 1: lint errors were found (the JSON is on stdout); anything else is a failure.
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    if (failure.status !== 1) throw new Error(`eslint exited ${failure.status}: ${failure.stderr ?? ""}`);
    output = failure.stdout ?? "";
  }
  return JSON.parse(output) as LintResult[];
}
