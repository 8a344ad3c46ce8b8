/**
 * RuleTester on vitest, and a Linter helper for what RuleTester cannot assert: that no
 * message or suggestion ever contains a full key.
 */
import { RuleTester } from "@typescript-eslint/rule-tester";
import type { TSESLint } from "@typescript-eslint/utils";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import * as tsParser from "@typescript-eslint/parser";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export function ruleTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  });
}

export interface LintCase {
  code: string;
  filename?: string;
  options?: readonly unknown[];
}

/** Runs one rule through ESLint's Linter (typescript-eslint parser, JSX on). */
export function lintMessages(
  name: string,
  rule: TSESLint.RuleModule<string, readonly unknown[]>,
  testCase: LintCase,
): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd: process.cwd() });
  const config: Linter.Config[] = [
    {
      files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"],
      languageOptions: {
        parser: tsParser as Linter.Parser,
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      plugins: { test: { rules: { [name]: rule as never } } },
      rules: { [`test/${name}`]: ["error", ...(testCase.options ?? [])] as Linter.RuleEntry },
    },
  ];
  return linter.verify(testCase.code, config, testCase.filename ?? "file.tsx");
}

/**
 * Every message and suggestion of every case is free of the keys (the masked form is
 * all a report may show), and each case reports at least once.
 */
export function expectNoKeyInMessages(
  name: string,
  rule: TSESLint.RuleModule<string, readonly unknown[]>,
  cases: readonly LintCase[],
  keys: readonly string[],
): void {
  for (const testCase of cases) {
    const messages = lintMessages(name, rule, testCase);
    expect(messages.length, testCase.code).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.ruleId, message.message).toBe(`test/${name}`);
      const texts = [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)];
      for (const text of texts) {
        for (const key of keys) expect(text.includes(key), `message leaks a key: ${text.slice(0, 12)}`).toBe(false);
      }
    }
  }
}
