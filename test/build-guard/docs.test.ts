/**
 * docs/build-guard.md's recipes, run as written. The Vite and webpack configs are copied
 * from the page into real builds (next.test.ts does the same for the Next.js ones); the
 * check-build command lines run in a shell, after a stand-in for each framework's build
 * tool that writes that framework's output layout with a key in client and server files.
 */
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLERS, useInstalledProjects, recipe, runTool, writeFiles } from "../support/build-tools.js";
import { CLI_BIN, REPO_ROOT } from "../support/cli.js";
import { secretKey } from "../support/keys.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();
const installed = useInstalledProjects(BUNDLERS);


describe("docs/build-guard.md recipes", () => {
  it("runs every recipe on the page (the Next.js ones in next.test.ts, Rspack's in rspack.test.ts)", () => {
    const page = readFileSync(path.join(REPO_ROOT, "docs/build-guard.md"), "utf8");
    const names = [...page.matchAll(/<!-- recipe: ([\w-]+) -->/g)].map((m) => m[1]).sort();
    expect(names).toEqual(["angular", "astro", "cra", "next", "next-check-build", "nuxt", "react-router", "rspack", "static", "sveltekit", "vite", "webpack"]);
  });

  it("Vite: the config as written fails a build shipping a VITE_ key", async () => {
    const key = secretKey();
    const dir = installed.project("doc-vite-");
    writeFiles(dir, {
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "vite.config.js": recipe("vite"),
      "index.html": `<!doctype html><div id="root"></div><script type="module" src="/src/main.jsx"></script>\n`,
      "src/main.jsx": `import { createRoot } from "react-dom/client";\n\ncreateRoot(document.getElementById("root")).render(<p>{import.meta.env.VITE_ROXELS_KEY}</p>);\n`,
    });
    const vite = path.join(installed.root(), "node_modules/vite/bin/vite.js");
    const leaking = await runTool(process.execPath, [vite, "build"], dir, { VITE_ROXELS_KEY: key });
    expect(leaking.code).not.toBe(0);
    expect(leaking.output).toMatch(/roxels-guard: 1 secret key in the client bundle[^\n]*\ndist\/assets\/index-[\w-]+\.js:\d+:\d+ .*\n {2}from src\/main\.jsx:3:\d+\n {2}imported by index\.html/);
    const clean = await runTool(process.execPath, [vite, "build"], dir, { VITE_ROXELS_KEY: "none" });
    expect(clean.code).toBe(0);
  });

  it("webpack: the config as written fails a compilation importing a server module with a key", async () => {
    const key = secretKey();
    const dir = installed.project("doc-webpack-");
    writeFiles(dir, {
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "webpack.config.mjs": recipe("webpack"),
      "src/index.js": `import { charge } from "./server/charge.js";\n\ndocument.body.onclick = charge;\n`,
      "src/server/charge.js": `export function charge() {\n  return fetch("https://api.roxels.example/charge", { headers: { authorization: "Bearer ${key}" } });\n}\n`,
      "build.mjs": `import webpack from "webpack";\nimport config from "./webpack.config.mjs";\nwebpack(config, (error, stats) => {\n  console.log(error ? error.message : stats.toString({ all: false, errors: true }));\n  process.exitCode = error || stats.hasErrors() ? 1 : 0;\n});\n`,
    });
    const result = await runTool(process.execPath, ["build.mjs"], dir);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/main\.js:\d+:\d+ .*\n {2}from src\/server\/charge\.js:2:\d+\n {2}imported by src\/index\.js/);
    expect(result.output).not.toContain(key);
  });

  /** Each framework's build writes these; the first file of each is client output. */
  const layouts: Record<string, { tool: string; client: string[]; server: string[] }> = {
    sveltekit: { tool: "vite", client: [".svelte-kit/output/client/_app/immutable/entry/app.js", ".svelte-kit/output/prerendered/pages/index.html"], server: [".svelte-kit/output/server/index.js"] },
    nuxt: { tool: "nuxt", client: [".output/public/_nuxt/entry.js"], server: [".output/server/index.mjs"] },
    astro: { tool: "astro", client: ["dist/client/_astro/page.js"], server: ["dist/server/entry.mjs"] },
    angular: { tool: "ng", client: ["dist/shop/browser/main-AB12.js", "dist/shop/browser/index.html"], server: ["dist/shop/server/server.mjs"] },
    "react-router": { tool: "react-router", client: ["build/client/assets/root-BvX1qa8T.js", "build/client/pre.data"], server: ["build/server/index.js"] },
    cra: { tool: "react-scripts", client: ["build/static/js/main.js", "build/index.html"], server: [] },
  };

  for (const [name, layout] of Object.entries(layouts)) {
    it(`${name}: "${recipe(name)}" fails on a key in client output only`, async () => {
      const t = tree({ "package.json": "{}\n" });
      const bin = path.join(t.dir, ".bin");
      mkdirSync(bin);
      const files = [...layout.client, ...layout.server];
      const writes = files.map((file, i) => `mkdir -p "${path.dirname(file)}" && printf 'x="%s"\\n' "$KEY_${i}" > "${file}"`);
      // The stand-in build: writes the layout, each file with its own key from the environment.
      writeFileSync(path.join(bin, layout.tool), `#!/bin/sh\nset -e\n${writes.join("\n")}\n`);
      chmodSync(path.join(bin, layout.tool), 0o755);
      symlinkSync(CLI_BIN, path.join(bin, "roxels-guard"));
      const keys = files.map(() => secretKey());
      const env: Record<string, string> = { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` };
      for (const [i, key] of keys.entries()) env[`KEY_${i}`] = key;
      const result = await runTool("sh", ["-c", recipe(name).replaceAll("roxels-guard check-build", "roxels-guard check-build --format json")], t.dir, env);
      expect(result.code).toBe(1);
      const json = result.output.slice(result.output.indexOf("{"));
      const reported = (JSON.parse(json) as { findings: Array<{ file: string }> }).findings.map((f) => f.file).sort();
      expect(reported).toEqual([...layout.client].sort());
      for (const key of keys) expect(result.output).not.toContain(key);
    });
  }

  it("static output: the folder named is read whole", async () => {
    const key = secretKey();
    const t = tree({ "public_html/index.html": `<script>const k = "${key}";</script>\n`, "public_html/app.css": "body{}\n" });
    const bin = path.join(t.dir, ".bin");
    mkdirSync(bin);
    symlinkSync(CLI_BIN, path.join(bin, "roxels-guard"));
    const result = await runTool("sh", ["-c", recipe("static")], t.dir, { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` });
    expect(result.code).toBe(1);
    expect(result.output).toContain("public_html/index.html:1:");
    expect(readFileSync(path.join(t.dir, "public_html/index.html"), "utf8")).toContain(key);
    expect(result.output).not.toContain(key);
  });
});
