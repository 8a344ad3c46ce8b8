/**
 * The README's configs, as printed, on a sample project of each framework: ESLint and the
 * parsers installed from the registry (pinned), eslint-plugin-roxels as npm ships it (the
 * bundle and its package.json), run as a user runs it (`eslint .` in the project). Every
 * leak the sample plants is reported once, at its line, nothing else is, nothing fails to
 * parse, and the key lines no-secret-key-literal reports are exactly the scanner's.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveSettings, scanPaths } from "@roxels-guard/scanner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretKey } from "../support/keys.js";
import { FRAMEWORK_LINT_TOOLS, lintProject } from "../support/eslint-project.js";
import { installPluginAsShipped } from "../support/plugin-install.js";
import { npmProject, projectIn } from "../support/registry-install.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const pluginDir = path.join(repo, "packages/eslint-plugin");

/** The README's config for `title`, exactly as printed: the first js block after its heading. */
function readmeConfig(title: string): string {
  const readme = readFileSync(path.join(pluginDir, "README.md"), "utf8");
  const heading = readme.indexOf(`\n### ${title}\n`);
  expect(heading, `README has no "### ${title}"`).toBeGreaterThan(-1);
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(heading));
  expect(block, `no js block after "### ${title}"`).not.toBeNull();
  return block![1]!;
}

interface Sample {
  title: string;
  /** Declared dependencies: how the plugin tells a Next.js project from another. */
  dependencies?: Record<string, string>;
  /** path -> text; `// LEAK: rule` (or `<!-- LEAK: rule -->`) marks the lines that must be reported. */
  files: Record<string, string>;
}

const k = (): string => secretKey();

function samples(): Sample[] {
  return [
    {
      title: "Next.js (TypeScript + JSX)",
      dependencies: { next: "15.5.0", react: "19.1.0" },
      files: {
        "app/components/Chat.tsx": `"use client";\nconst key = "${k()}"; // LEAK: no-secret-key-literal\nexport function Chat() {\n  return <p data-x={key}>chat</p>;\n}\n`,
        "app/api/interview/route.ts": "export async function POST(): Promise<Response> {\n  const key: string = process.env.ROXELS_API_KEY ?? \"\";\n  return fetch(\"https://api.roxels.ai/v1/interviews\", { method: \"POST\", headers: { Authorization: `Bearer ${key}` } });\n}\n",
        "pages/interview.tsx": "export default function Page() {\n  return <p>{process.env.ROXELS_API_KEY}</p>; // LEAK: no-secret-in-client\n}\n",
        "lib/previous.ts": `// previous key: ${k()} // LEAK: no-secret-key-literal\nexport const base = "https://api.roxels.ai";\n`,
        "next.config.js": "/** @type {import('next').NextConfig} */\nmodule.exports = { reactStrictMode: true };\n",
        "postcss.config.js": "module.exports = { plugins: {} };\n",
      },
    },
    {
      title: "Vite + React",
      dependencies: { vite: "7.1.0", react: "19.1.0" },
      files: {
        "src/App.jsx": "const secret = import.meta.env.VITE_ROXELS_SECRET_KEY; // LEAK: no-secret-in-client\nexport function App() {\n  return <div>{String(Boolean(secret))}</div>;\n}\n",
        "src/main.tsx": `const embed: string = import.meta.env.VITE_ROXELS_EMBED_KEY;\nconst a = <div data-template-key={embed} />;\nconst key = "${k()}"; // LEAK: no-secret-key-literal\nexport { a, key };\n`,
        "vite.config.ts": "export default { server: { port: 5173 } };\n",
      },
    },
    {
      title: "SvelteKit",
      dependencies: { "@sveltejs/kit": "2.27.0", svelte: "5.57.3" },
      files: {
        "src/routes/+page.svelte": `<script lang="ts">\n  const key: string = "${k()}"; // LEAK: no-secret-key-literal\n  let count = 0;\n</script>\n\n<button on:click={() => count++}>{count}</button>\n<div data-template-key="${k()}"></div> <!-- LEAK: no-secret-key-literal -->\n`,
        "src/routes/+page.server.ts": 'import { ROXELS_API_KEY } from "$env/static/private";\nexport async function load() {\n  return { ok: ROXELS_API_KEY.length > 0 };\n}\n',
        "src/lib/public.ts": 'import { PUBLIC_ROXELS_SECRET_KEY } from "$env/static/public"; // LEAK: no-secret-in-client\nexport const k = PUBLIC_ROXELS_SECRET_KEY;\n',
      },
    },
    {
      title: "Nuxt / Vue",
      dependencies: { nuxt: "4.0.0", vue: "3.5.18" },
      files: {
        "components/Chat.vue": `<script setup lang="ts">\nconst key: string = "${k()}"; // LEAK: no-secret-key-literal\nconst count = ref(0);\n</script>\n\n<template>\n  <button @click="count++">{{ count }}</button>\n  <roxels-embed template-key="${k()}" /> <!-- LEAK: no-secret-key-literal -->\n</template>\n`,
        "server/api/interview.ts": "export default defineEventHandler(() => {\n  const key = process.env.ROXELS_API_KEY;\n  return { ok: Boolean(key) };\n});\n",
        "nuxt.config.ts": "export default defineNuxtConfig({\n  runtimeConfig: { roxelsApiKey: \"\", public: { roxelsEmbedKey: \"\" } },\n});\n",
      },
    },
    {
      title: "Astro",
      dependencies: { astro: "5.12.0" },
      files: {
        "src/pages/index.astro": `---\nconst key = import.meta.env.ROXELS_API_KEY;\nconst ok = Boolean(key);\n---\n<html>\n  <body data-ok={ok}>\n    <div data-template-key="${k()}"></div> <!-- LEAK: no-secret-key-literal -->\n    <script>\n      const k = "${k()}"; // LEAK: no-secret-key-literal\n      console.log(k.length);\n    </script>\n  </body>\n</html>\n`,
        "src/pages/rss.xml.ts": "export async function GET(): Promise<Response> {\n  return fetch(\"https://api.roxels.ai/v1/templates\", { headers: { Authorization: `Bearer ${import.meta.env.ROXELS_API_KEY}` } });\n}\n",
      },
    },
    {
      title: "Node / Express",
      dependencies: { express: "5.1.0" },
      files: {
        "src/app.js": `const express = require("express");\nconst app = express();\nconst key = "${k()}"; // LEAK: no-secret-key-literal\napp.get("/", (req, res) => {\n  console.log(req.headers); // LEAK: no-credential-logging\n  res.send(String(key.length));\n});\nmodule.exports = app;\n`,
        "src/pages/render.js": "module.exports = function render() {\n  return process.env.ROXELS_API_KEY;\n};\n",
      },
    },
  ];
}

interface Report {
  file: string;
  line: number;
  rule: string;
}

const byPlace = (a: Report, b: Report): number => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);

function plantedReports(files: Record<string, string>): Report[] {
  const reports: Report[] = [];
  for (const [file, text] of Object.entries(files)) {
    text.split("\n").forEach((line, index) => {
      const marker = /LEAK: ([a-z-]+)/.exec(line);
      if (marker) reports.push({ file, line: index + 1, rule: `roxels/${marker[1]}` });
    });
  }
  return reports.sort(byPlace);
}

let root: string;
const made: string[] = [];

beforeAll(async () => {
  root = await npmProject(FRAMEWORK_LINT_TOOLS);
}, 600_000);

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.each(samples())("README config for $title", (sample) => {
  let project: string;
  let reports: Report[];
  let messages: string[];

  beforeAll(() => {
    project = projectIn(root);
    made.push(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "sample", private: true, type: "module", dependencies: sample.dependencies ?? {} }));
    writeFileSync(path.join(project, "eslint.config.mjs"), readmeConfig(sample.title));
    for (const [file, text] of Object.entries(sample.files)) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      writeFileSync(path.join(project, file), text);
    }
    installPluginAsShipped(project);
    const results = lintProject(root, project);
    reports = [];
    messages = [];
    for (const result of results) {
      const file = path.relative(project, result.filePath).split(path.sep).join("/");
      for (const message of result.messages) {
        reports.push({ file, line: message.line, rule: message.ruleId ?? `<fatal: ${message.message}>` });
        messages.push(message.message);
      }
    }
    reports.sort(byPlace);
  }, 120_000);

  it("lints every file of the sample and reports each planted leak once, nothing else", () => {
    expect(reports).toEqual(plantedReports(sample.files));
  });

  it("shows keys masked in one short sentence", () => {
    for (const message of messages) {
      expect(message.length, message).toBeLessThanOrEqual(120);
      expect(message).not.toMatch(/sk[_-][A-Za-z0-9]{24,}/);
    }
  });

  it("reports keys at exactly the scanner's lines", async () => {
    const scan = await scanPaths(resolveSettings({ cwd: project, noBaseline: true }), { noIgnore: true });
    const scanned = scan.findings
      .filter((finding) => !finding.file.includes("node_modules"))
      .map((finding) => `${finding.file.split(path.sep).join("/")}:${finding.line}`)
      .sort();
    const linted = reports
      .filter((report) => report.rule === "roxels/no-secret-key-literal")
      .map((report) => `${report.file}:${report.line}`)
      .sort();
    expect(scanned.length).toBeGreaterThan(0);
    expect(linted).toEqual(scanned);
  });
});
