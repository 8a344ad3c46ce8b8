/**
 * eslint-plugin-roxels: `import roxels from "eslint-plugin-roxels"`, then put
 * `roxels.configs.recommended` into a flat config (and `roxels.configs.vue`, `.svelte` or
 * `.astro` for those components). See the package README for a config per framework.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "../../../rules/index.js";

/** Kept in step with package.json by the meta-test. */
export const VERSION = "0.1.0";

/** The files the rules run on; anything else (JSON, Markdown, CSS) is never given to them. */
export const SOURCE_FILES = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];
/** The files typed linting can cover: TypeScript's own. */
export const TYPESCRIPT_FILES = ["**/*.{ts,mts,cts,tsx}"];

type Config = TSESLint.FlatConfig.Config;
type ConfigName = "recommended" | "recommended-type-checked" | "vue" | "svelte" | "astro";

type Plugin = TSESLint.FlatConfig.Plugin & {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<ConfigName, Config>;
};

const recommendedRules: TSESLint.FlatConfig.Rules = {
  "roxels/no-secret-key-literal": "error",
  "roxels/no-secret-in-client": "error",
  "roxels/no-credential-logging": "error",
};

/**
 * A parser the user installs beside the plugin (an optional peer dependency), loaded only
 * when a config that needs it is used: from the project ESLint runs in, else from here.
 */
function optionalPeer(name: string): unknown {
  const from = [path.join(process.cwd(), "package.json"), path.join(__dirnameOfThisModule(), "index.js")];
  for (const base of from) {
    const require = createRequire(base);
    let manifest: string;
    try {
      manifest = require.resolve(`${name}/package.json`);
    } catch {
      continue;
    }
    // Some parsers publish an ES module only, exported under "import": `require()` cannot
    // resolve the name, but loads the file (Node 20.19 and later load ES modules that way).
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { main?: string; exports?: unknown };
    return require(path.join(path.dirname(manifest), entryOf(pkg)));
  }
  return undefined;
}

/** The file a package's "." export (or main) names, preferring what `import` would load. */
function entryOf(pkg: { main?: string; exports?: unknown }): string {
  let entry: unknown = pkg.exports;
  if (entry !== null && typeof entry === "object" && "." in entry) entry = (entry as Record<string, unknown>)["."];
  while (entry !== null && typeof entry === "object") {
    const conditions = entry as Record<string, unknown>;
    entry = conditions["import"] ?? conditions["default"] ?? conditions["require"] ?? conditions["node"];
  }
  return typeof entry === "string" ? entry : (pkg.main ?? "index.js");
}

/** This module's folder, in the compiled ES module and in the CommonJS bundle alike. */
function __dirnameOfThisModule(): string {
  return typeof __dirname === "string" ? __dirname : process.cwd();
}

function requiredPeer(name: string, config: string): unknown {
  const parser = optionalPeer(name);
  if (parser === undefined) {
    throw new Error(`eslint-plugin-roxels: roxels.configs.${config} needs ${name}: npm install --save-dev ${name}`);
  }
  return parser;
}

/**
 * The config for a framework's components: its parser, with typescript-eslint's parser
 * for `<script lang="ts">` when the project has it.
 */
function componentConfig(config: "vue" | "svelte" | "astro", parserName: string, extension: string): Config {
  const parser = requiredPeer(parserName, config) as TSESLint.FlatConfig.Parser;
  const scriptParser = optionalPeer("@typescript-eslint/parser");
  return {
    name: `roxels/${config}`,
    files: [`**/*${extension}`],
    plugins: { roxels: plugin },
    languageOptions: {
      parser,
      sourceType: "module",
      parserOptions: {
        extraFileExtensions: [extension],
        ...(scriptParser === undefined ? {} : { parser: scriptParser }),
      },
    },
    rules: recommendedRules,
  };
}

const plugin: Plugin = {
  meta: { name: "eslint-plugin-roxels", version: VERSION, namespace: "roxels" },
  rules,
  configs: {
    recommended: {
      name: "roxels/recommended",
      files: SOURCE_FILES,
      plugins: {},
      rules: recommendedRules,
    },
    /**
     * Recognising credential carriers by type, on TypeScript files only (typed linting
     * cannot cover JavaScript files outside the project, and crashed ESLint on them).
     * Goes after `recommended`, which covers every file.
     */
    "recommended-type-checked": {
      name: "roxels/recommended-type-checked",
      files: TYPESCRIPT_FILES,
      plugins: {},
      rules: { ...recommendedRules, "roxels/no-credential-logging": ["error", { checkTypes: true }] },
    },
    // The component configs load their parser when first read: a project without Vue
    // never loads vue-eslint-parser.
    get vue(): Config {
      return cachedConfig("vue", () => componentConfig("vue", "vue-eslint-parser", ".vue"));
    },
    get svelte(): Config {
      return cachedConfig("svelte", () => componentConfig("svelte", "svelte-eslint-parser", ".svelte"));
    },
    get astro(): Config {
      return cachedConfig("astro", () => componentConfig("astro", "astro-eslint-parser", ".astro"));
    },
  },
};

const built = new Map<string, Config>();
function cachedConfig(name: string, build: () => Config): Config {
  let config = built.get(name);
  if (!config) {
    config = build();
    built.set(name, config);
  }
  return config;
}

plugin.configs.recommended.plugins = { roxels: plugin };
plugin.configs["recommended-type-checked"].plugins = { roxels: plugin };

export { rules };
export default plugin;
