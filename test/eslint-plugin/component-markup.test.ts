/**
 * Keys and secret env vars in component markup, through the real framework parsers: a Vue
 * `<template>` (which vue-eslint-parser keeps outside the script's tree), Svelte markup and
 * Astro markup all end up in the browser, so no-secret-in-client reports each read there
 * once, and nothing for embed keys, plain settings or the Astro frontmatter. A key written
 * as the embed's attribute in markup is reported as the embed's key, as in JSX.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { FRAMEWORK_LINT_TOOLS, lintProject, type LintMessage } from "../support/eslint-project.js";
import { installPluginAsShipped } from "../support/plugin-install.js";
import { npmProject, projectIn } from "../support/registry-install.js";

const CONFIG = `import tsParser from "@typescript-eslint/parser";
import roxels from "eslint-plugin-roxels";
export default [
  { files: ["**/*.ts"], languageOptions: { parser: tsParser } },
  roxels.configs.recommended,
  roxels.configs.vue,
  roxels.configs.svelte,
  roxels.configs.astro,
];
`;

const FILES: Record<string, string> = {
  "src/Embed.vue": `<template>\n  <div data-template-key="${secretKey()}"></div>\n  <roxels-embed template-key="${secretKey()}" />\n</template>\n`,
  "src/Embed.svelte": `<div data-template-key="${secretKey()}"></div>\n<p title="${secretKey()}"></p>\n`,
  "src/Chat.vue": [
    '<script setup lang="ts">',
    "const count = 1;",
    "</script>",
    "<template>",
    "  <p>{{ process.env.ROXELS_SECRET_KEY }}</p>",
    '  <Widget :key="import.meta.env.VITE_ROXELS_SK" />',
    '  <Widget v-bind:token="import.meta.env.ROXELS_API_KEY" />',
    '  <roxels-embed :template-key="process.env.ROXELS_API_KEY" />',
    '  <roxels-embed :template-key="import.meta.env.VITE_ROXELS_EMBED_KEY" />',
    "  <p>{{ count }} {{ import.meta.env.VITE_API_BASE }}</p>",
    "</template>",
    "",
  ].join("\n"),
  "src/Chat.svelte": [
    '<script lang="ts">',
    "  const count = 1;",
    "</script>",
    "<p>{process.env.ROXELS_SECRET_KEY}</p>",
    "<Widget key={import.meta.env.VITE_ROXELS_SK} />",
    "<p>{count} {import.meta.env.VITE_ROXELS_EMBED_KEY}</p>",
    "<div data-template-key={import.meta.env.ROXELS_API_KEY}></div>",
    "<Embed templateKey={process.env.ROXELS_SECRET_KEY} />",
    "",
  ].join("\n"),
  "src/pages/index.astro": [
    "---",
    "const ok = Boolean(import.meta.env.ROXELS_API_KEY);",
    "---",
    "<p data-ok={ok}>{import.meta.env.ROXELS_SECRET_KEY}</p>",
    "<Widget key={import.meta.env.PUBLIC_ROXELS_API_KEY} />",
    "",
  ].join("\n"),
};

let root: string;
let project: string;
let byFile: Map<string, LintMessage[]>;

beforeAll(async () => {
  root = await npmProject(FRAMEWORK_LINT_TOOLS);
  project = projectIn(root);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "templates", private: true, type: "module" }));
  writeFileSync(path.join(project, "eslint.config.mjs"), CONFIG);
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  }
  installPluginAsShipped(project);
  byFile = new Map();
  for (const result of lintProject(root, project)) {
    byFile.set(path.relative(project, result.filePath).split(path.sep).join("/"), result.messages);
  }
}, 600_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Each report in `file` as `line:column rule`. */
const reportPositions = (file: string): string[] =>
  (byFile.get(file) ?? []).map((m) => `${m.line}:${m.column} ${m.ruleId ?? `<fatal: ${m.message}>`}`);

describe("keys written in component markup", () => {
  const messagesOf = (file: string): string[] => (byFile.get(file) ?? []).map((m) => `${m.line} ${m.message.replace(/sk_\S+/, "<key>")}`);

  it("names the embed's attribute when the key is its value, in Vue and Svelte markup", () => {
    expect(messagesOf("src/Embed.vue")).toEqual([
      "2 Roxels secret key <key> is the embed's data-template-key, which reaches the browser: use an rk_ embed key.",
      "3 Roxels secret key <key> is the embed's template-key, which reaches the browser: use an rk_ embed key.",
    ]);
    expect(messagesOf("src/Embed.svelte")).toEqual([
      "1 Roxels secret key <key> is the embed's data-template-key, which reaches the browser: use an rk_ embed key.",
      "2 Roxels secret key <key> is written in code that ships to the browser (a Svelte component): revoke it.",
    ]);
  });
});

describe("env reads in component markup", () => {
  it("reports each secret read in a Vue <template>, with the embed binding named as such", () => {
    expect(reportPositions("src/Chat.vue")).toEqual([
      "5:9 roxels/no-secret-in-client",
      "6:17 roxels/no-secret-in-client",
      "7:25 roxels/no-secret-in-client",
      "8:17 roxels/no-secret-in-client",
    ]);
    const messages = (byFile.get("src/Chat.vue") ?? []).map((m) => m.message);
    expect(messages[0]).toBe("Secret process.env.ROXELS_SECRET_KEY is read in code that ships to the browser (a Vue component).");
    expect(messages[1]).toBe("Secret import.meta.env.VITE_ROXELS_SK: VITE_ makes Vite ship it to the browser.");
    expect(messages[3]).toBe("process.env.ROXELS_API_KEY is the embed's template-key, which reaches the browser: it takes an rk_ embed key.");
  });

  it("reports secret reads in Svelte markup, not embed keys or settings; the embed's attribute as such", () => {
    expect(reportPositions("src/Chat.svelte")).toEqual([
      "4:5 roxels/no-secret-in-client",
      "5:14 roxels/no-secret-in-client",
      "7:6 roxels/no-secret-in-client",
      "8:8 roxels/no-secret-in-client",
    ]);
    expect(byFile.get("src/Chat.svelte")?.[2]?.message).toBe(
      "import.meta.env.ROXELS_API_KEY is the embed's data-template-key, which reaches the browser: it takes an rk_ embed key.",
    );
    expect(byFile.get("src/Chat.svelte")?.[3]?.message).toBe(
      "process.env.ROXELS_SECRET_KEY is the embed's templateKey, which reaches the browser: it takes an rk_ embed key.",
    );
  });

  it("reports secret reads in Astro markup, not in its server-side frontmatter", () => {
    expect(reportPositions("src/pages/index.astro")).toEqual(["4:18 roxels/no-secret-in-client", "5:14 roxels/no-secret-in-client"]);
  });
});
