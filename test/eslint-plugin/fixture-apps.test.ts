/**
 * A real ESLint run (the ESLint API, flat config, the built plugin's recommended config)
 * over three fixture apps. Every expected report is marked in the fixture with
 * `// LEAK: <rule>[, <rule>]` on its line; every other line, server-side twins included,
 * must have no report.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import * as tsParser from "@typescript-eslint/parser";
import roxels from "eslint-plugin-roxels";
import { describe, expect, it } from "vitest";
import { masked } from "../support/keys.js";

const appsDir = fileURLToPath(new URL("../../fixtures/eslint-apps/", import.meta.url));

function configFor(settings: Record<string, unknown> = {}): Linter.Config[] {
  return [
    { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser as Linter.Parser } },
    { files: ["**/*.{js,jsx,mjs,cjs}"], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    roxels.configs.recommended as Linter.Config,
    { settings },
  ];
}

interface Report {
  file: string;
  line: number;
  rule: string;
}

/** A report as `file:line rule`. */
const shown = ({ file, line, rule }: Report): string => `${file}:${line} ${rule}`;

const sortReports = (reports: Report[]): Report[] =>
  reports.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));

/** The reports the `// LEAK:` markers in a file announce. */
function expectedReports(file: string, text: string): Report[] {
  const reports: Report[] = [];
  text.split("\n").forEach((line, index) => {
    const marker = /LEAK: ([a-z, -]+)/.exec(line);
    if (!marker) return;
    for (const rule of marker[1]!.split(",").map((name) => name.trim()).filter(Boolean)) {
      reports.push({ file, line: index + 1, rule: `roxels/${rule}` });
    }
  });
  return reports;
}

async function lintApp(app: string, settings?: Record<string, unknown>) {
  const cwd = `${appsDir}${app}`;
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: configFor(settings) });
  const results = await eslint.lintFiles(["."]);
  const actual: Report[] = [];
  const expected: Report[] = [];
  for (const result of results) {
    const file = result.filePath.slice(cwd.length + 1).replace(/\\/g, "/");
    for (const message of result.messages) {
      expect(message.fatal, `${file}: ${message.message}`).toBeFalsy();
      // One sentence, short: the why and the how-to-fix are on the rule's docs page.
      expect(message.message.length, message.message).toBeLessThanOrEqual(120);
      actual.push({ file, line: message.line, rule: message.ruleId ?? "<none>" });
    }
    expected.push(...expectedReports(file, readFileSync(result.filePath, "utf8")));
  }
  return { files: results.map((r) => r.filePath.slice(cwd.length + 1)).sort(), actual: sortReports(actual), expected: sortReports(expected), results };
}

describe("ESLint with roxels.configs.recommended over fixture apps", () => {
  it("Next.js app (app router and pages router): reports every leak, not the server twins", async () => {
    const { files, actual, expected } = await lintApp("next-app");
    expect(files).toEqual([
      "app/api/interview/route.ts",
      "app/components/Chat.tsx",
      "app/page.tsx",
      "lib/config.ts",
      "next.config.mjs",
      "pages/api/session.ts",
      "pages/interview.tsx",
    ]);
    expect(actual).toEqual(expected);
    expect(actual.map(shown)).toEqual([
      "app/components/Chat.tsx:4 roxels/no-secret-in-client",
      "app/page.tsx:7 roxels/no-secret-in-client",
      "lib/config.ts:2 roxels/no-secret-in-client",
      "lib/config.ts:3 roxels/no-secret-key-literal",
      "next.config.mjs:3 roxels/no-secret-in-client",
      "pages/interview.tsx:7 roxels/no-secret-in-client",
    ]);
  });

  it("Vite app (src/** declared client code in settings)", async () => {
    const { actual, expected } = await lintApp("vite-app", { roxels: { clientFiles: ["src/**"] } });
    expect(actual).toEqual(expected);
    expect(actual.map(shown)).toEqual([
      "src/main.ts:2 roxels/no-secret-in-client",
      "src/main.ts:4 roxels/no-secret-key-literal",
      "src/widget.client.ts:1 roxels/no-secret-in-client",
      "vite.config.ts:8 roxels/no-secret-in-client",
    ]);
  });

  it("Express server with pino-http, morgan and axios", async () => {
    const { actual, expected, results } = await lintApp("express-server");
    expect(actual).toEqual(expected);
    expect(actual.map(shown)).toEqual([
      "src/app.js:7 roxels/no-credential-logging",
      "src/app.js:9 roxels/no-credential-logging",
      "src/app.js:14 roxels/no-credential-logging",
      "src/roxels-client.js:13 roxels/no-credential-logging",
      "src/roxels-client.js:20 roxels/no-credential-logging",
      "src/roxels-client.js:23 roxels/no-secret-key-literal",
    ]);
    // The messages show the masked key only (the key is read from the fixture, never written here).
    const source = readFileSync(`${appsDir}express-server/src/roxels-client.js`, "utf8");
    const key = /"(sk_[A-Za-z0-9]{32})"/.exec(source)![1]!;
    const text = results.flatMap((result) => result.messages.map((message) => message.message)).join("\n");
    expect(text).toContain(masked(key));
    expect(text).not.toContain(key);
  });
});
