/**
 * The plugin as an Oxlint JS plugin (oxlint from npm, pinned; `jsPlugins` in
 * .oxlintrc.json; the plugin as npm ships it) reports what ESLint reports on the rule
 * tests' fixture apps, plus a file of keys in comments and ignore comments made at run
 * time: same files, lines, rules and messages.
 */
import { execFileSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import roxels from "eslint-plugin-roxels";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { installPluginAsShipped } from "../support/plugin-install.js";
import { npmProject, projectIn } from "../support/registry-install.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

const OXLINT_CONFIG = {
  plugins: [],
  categories: { correctness: "off" },
  jsPlugins: ["eslint-plugin-roxels"],
  rules: { "roxels/no-secret-key-literal": "error", "roxels/no-secret-in-client": "error", "roxels/no-credential-logging": "error" },
};

let project: string;

beforeAll(async () => {
  // The plugin's own dependency comes with it from npm, as it does in a user's project.
  const root = await npmProject({ oxlint: "1.95.0", "@eslint-community/eslint-utils": "4.10.1" });
  project = projectIn(root);
  cpSync(path.join(repo, "fixtures/eslint-apps"), project, { recursive: true });
  const key = secretKey();
  writeFileSync(
    path.join(project, "notes.ts"),
    `// previous key: ${key}\n/* rotated:\n * ${secretKey()}\n */\nexport const sandbox = "${secretKey()}"; // roxels-guard-ignore: sandbox\nexport const live = "${key}";\n`,
  );
  writeFileSync(path.join(project, ".oxlintrc.json"), JSON.stringify(OXLINT_CONFIG));
  installPluginAsShipped(project);
}, 600_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const finding = (file: string, line: number, rule: string, message: string): string => `${file}:${line} ${rule} ${message}`;

function oxlintFindings(): string[] {
  const oxlint = path.join(path.dirname(project), "node_modules/oxlint/bin/oxlint");
  let output: string;
  try {
    output = execFileSync(process.execPath, [oxlint, "--format", "json", "."], { cwd: project, encoding: "utf8" });
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    if (failure.status !== 1) throw new Error(`oxlint exited ${failure.status}: ${failure.stderr ?? ""}`);
    output = failure.stdout ?? "";
  }
  const { diagnostics } = JSON.parse(output) as { diagnostics: { message: string; code: string; filename: string; labels: { span: { line: number } }[] }[] };
  return diagnostics
    .map((d) => finding(d.filename.split(path.sep).join("/"), d.labels[0]!.span.line, d.code.replace(/^roxels\((.*)\)$/, "roxels/$1"), d.message))
    .sort();
}

async function eslintFindings(): Promise<string[]> {
  const config: Linter.Config[] = [
    { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser as Linter.Parser } },
    { files: ["**/*.{js,jsx,mjs,cjs}"], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    roxels.configs.recommended as Linter.Config,
  ];
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(["."]);
  return results
    .flatMap((result) =>
      result.messages.map((m) => finding(path.relative(project, result.filePath).split(path.sep).join("/"), m.line, m.ruleId ?? "<fatal>", m.message)),
    )
    .sort();
}

describe("eslint-plugin-roxels under Oxlint", () => {
  it("reports exactly what ESLint reports on the fixture apps", async () => {
    const eslint = await eslintFindings();
    expect(eslint.length).toBeGreaterThan(10);
    expect(eslint.some((line) => line.startsWith("notes.ts:1 roxels/no-secret-key-literal"))).toBe(true);
    expect(eslint.some((line) => line.startsWith("notes.ts:5 "))).toBe(false);
    expect(oxlintFindings()).toEqual(eslint);
  });
});
