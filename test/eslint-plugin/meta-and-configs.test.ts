/**
 * The plugin's shape: every rule has its doc and is in the configs, metadata is complete,
 * and the recommended config runs on plain espree-parsed JavaScript without type information.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TSESLint } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import plugin from "eslint-plugin-roxels";
import { secretKey } from "../support/keys.js";

const { rules } = plugin;
const root = fileURLToPath(new URL("../../", import.meta.url));
const ruleNames = Object.keys(rules) as (keyof typeof rules)[];
// typescript-eslint's typing of ESLint's own Linter, which takes the plugin's configs as they are typed.
const Linter = TSESLint.Linter;

describe("eslint-plugin-roxels", () => {
  it("has the three rules", () => {
    expect(ruleNames.sort()).toEqual(["no-credential-logging", "no-secret-in-client", "no-secret-key-literal"]);
  });

  it("has meta with name, version (as in package.json) and namespace", () => {
    const pkg = JSON.parse(readFileSync(`${root}packages/eslint-plugin/package.json`, "utf8")) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: "roxels" });
  });

  it("names its configs and registers itself in them", () => {
    expect(plugin.configs.recommended.name).toBe("roxels/recommended");
    expect(plugin.configs["recommended-type-checked"].name).toBe("roxels/recommended-type-checked");
    for (const config of [plugin.configs.recommended, plugin.configs["recommended-type-checked"]]) {
      expect(config.plugins?.["roxels"]).toBe(plugin);
    }
    // Only JS/TS sources: JSON, Markdown and CSS are never handed to the rules.
    expect(plugin.configs.recommended.files).toEqual(["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"]);
    // Typed linting covers TypeScript's files only: on a .js file it crashed ESLint.
    expect(plugin.configs["recommended-type-checked"].files).toEqual(["**/*.{ts,mts,cts,tsx}"]);
  });

  it("has a config per component format, which says how to install its parser when it is missing", () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(["astro", "recommended", "recommended-type-checked", "svelte", "vue"]);
    // This repository installs none of the three parsers: reading a config asks for one.
    expect(() => plugin.configs.vue).toThrow("roxels.configs.vue needs vue-eslint-parser: npm install --save-dev vue-eslint-parser");
    expect(() => plugin.configs.svelte).toThrow(/svelte-eslint-parser/);
    expect(() => plugin.configs.astro).toThrow(/astro-eslint-parser/);
  });

  it("needs no type information in recommended", () => {
    const rules = plugin.configs.recommended.rules ?? {};
    expect(JSON.stringify(rules)).not.toContain("checkTypes");
    expect(plugin.configs["recommended-type-checked"].rules?.["roxels/no-credential-logging"]).toEqual([
      "error",
      { checkTypes: true },
    ]);
  });

  describe.each(ruleNames)("rule %s", (name) => {
    // An empty meta fails every assertion below that reads it.
    const meta = rules[name].meta ?? {};

    it("is on in both configs", () => {
      expect(plugin.configs.recommended.rules?.[`roxels/${name}`]).toBe("error");
      expect(plugin.configs["recommended-type-checked"].rules?.[`roxels/${name}`]).toBeDefined();
    });

    it("points meta.docs.url at its doc, which exists and has the required sections", () => {
      expect(meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      const docPath = `${root}docs/rules/${name}.md`;
      expect(existsSync(docPath)).toBe(true);
      const doc = readFileSync(docPath, "utf8");
      expect(doc.startsWith(`# roxels/${name}\n`)).toBe(true);
      for (const section of ["## Why", "## Failing", "## Passing", "## Options", "## When not to use it"]) {
        expect(doc, `${name}.md lacks ${section}`).toContain(section);
      }
      expect(doc).toContain(meta.docs?.description ?? "<no description>");
    });

    it("says in its doc whether it has suggestions, and lists them", () => {
      const doc = readFileSync(`${root}docs/rules/${name}.md`, "utf8");
      const has = meta.hasSuggestions === true;
      expect(doc.includes("Has suggestions."), `${name}.md: "Has suggestions."`).toBe(has);
      expect(doc.includes("\n## Suggestions\n"), `${name}.md: "## Suggestions"`).toBe(has);
    });

    it("declares defaultOptions, a strict schema and the languages it supports", () => {
      expect(meta.languages).toEqual(["js/js"]);
      expect(Array.isArray(meta.defaultOptions)).toBe(true);
      const schema = meta.schema as { type: string; additionalProperties: boolean; properties: Record<string, unknown> }[];
      expect(schema).toHaveLength(1);
      expect(schema[0]!.type).toBe("object");
      expect(schema[0]!.additionalProperties).toBe(false);
      const defaults = (meta.defaultOptions as Record<string, unknown>[])[0]!;
      for (const key of Object.keys(defaults)) expect(schema[0]!.properties).toHaveProperty(key);
    });

    it("documents every option in its doc", () => {
      const doc = readFileSync(`${root}docs/rules/${name}.md`, "utf8");
      const schema = meta.schema as readonly { properties?: Record<string, unknown> }[];
      expect(schema[0]!.properties).toBeDefined();
      for (const option of Object.keys(schema[0]!.properties ?? {})) expect(doc).toContain(`\`${option}\``);
    });

    it("rejects unknown options", () => {
      const linter = new Linter({ configType: "flat" });
      expect(() =>
        linter.verify("x;", [{ ...plugin.configs.recommended, rules: { [`roxels/${name}`]: ["error", { nope: true }] } }], "a.js"),
      ).toThrow(/nope|additional/i);
    });
  });

  it("runs the recommended config on espree-parsed .js, .mjs, .cjs and .jsx without type information", () => {
    const linter = new Linter({ configType: "flat" });
    const key = secretKey();
    const code = `"use client";\nconst k = "${key}";\nconsole.log(req.headers);\nconst a = <p data-template-key={process.env.ROXELS_API_KEY} />;`;
    for (const filename of ["a.js", "a.mjs", "a.cjs", "a.jsx"]) {
      const messages = linter.verify(
        code,
        [
          { ...plugin.configs.recommended },
          { languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
        ],
        filename,
      );
      // One report for the key: it is a key, and it ships to the browser.
      expect(messages.map((m) => [m.ruleId, m.line, m.messageId])).toEqual([
        ["roxels/no-secret-key-literal", 2, "secretKeyInClient"],
        ["roxels/no-credential-logging", 3, "credentialLogged"],
        ["roxels/no-secret-in-client", 4, "secretAsTemplateKey"],
      ]);
    }
  });

  it("is never applied to JSON or Markdown files", () => {
    const linter = new Linter({ configType: "flat" });
    const messages = linter.verify(`{"key": "${secretKey()}"}`, [plugin.configs.recommended], "package.json");
    expect(messages.every((m) => m.ruleId === null)).toBe(true);
  });
});
