/**
 * eslint-plugin-roxels: `import roxels from "eslint-plugin-roxels"`, then spread
 * `roxels.configs.recommended` into a flat config.
 */
import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "../../../rules/index.js";

/** Kept in step with package.json by the meta-test. */
export const VERSION = "0.1.0";

/** The files the rules run on; anything else (JSON, Markdown, CSS) is never given to them. */
export const SOURCE_FILES = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

type Plugin = TSESLint.FlatConfig.Plugin & {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<"recommended" | "recommended-type-checked", TSESLint.FlatConfig.Config>;
};

const plugin: Plugin = {
  meta: { name: "eslint-plugin-roxels", version: VERSION, namespace: "roxels" },
  rules,
  configs: {} as Plugin["configs"],
};

const recommendedRules: TSESLint.FlatConfig.Rules = {
  "roxels/no-secret-key-literal": "error",
  "roxels/no-secret-in-client": "error",
  "roxels/no-credential-logging": "error",
};

plugin.configs.recommended = {
  name: "roxels/recommended",
  files: SOURCE_FILES,
  plugins: { roxels: plugin },
  rules: recommendedRules,
};

/**
 * Everything in `recommended`, plus recognising credential carriers by type. Needs typed
 * linting (`languageOptions.parserOptions.projectService: true`) on the files it covers.
 */
plugin.configs["recommended-type-checked"] = {
  name: "roxels/recommended-type-checked",
  files: SOURCE_FILES,
  plugins: { roxels: plugin },
  rules: { ...recommendedRules, "roxels/no-credential-logging": ["error", { checkTypes: true }] },
};

export { rules };
export default plugin;
