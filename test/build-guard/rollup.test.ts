/**
 * The plugin under Rollup itself (not Vite, not Rolldown), from the registry, with the
 * config docs/build-guard.md describes (`plugins: [roxelsGuard.rollup()]`): a key from a
 * source module fails the build naming the chunk, the line and the importer; a key only in
 * the `sourcesContent` of a map Rollup writes (Rollup keeps maps out of the bundle it
 * hands plugins) fails naming the map; an embed key builds.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTool, useInstalledProjects, writeFiles } from "../support/build-tools.js";
import { embedKey, secretKey } from "../support/keys.js";

const installed = useInstalledProjects({ rollup: "4.69.1" });

function rollupApp(files: Record<string, string>, sourcemap = false): string {
  const dir = installed.project("rollup-");
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
    "rollup.config.mjs": [
      `import roxelsGuard from "roxels-guard/vite";`,
      `export default {`,
      `  input: "src/main.js",`,
      `  output: { dir: "dist", format: "es", sourcemap: ${sourcemap} },`,
      `  plugins: [roxelsGuard.rollup()],`,
      `};`,
      ``,
    ].join("\n"),
    ...files,
  });
  return dir;
}

const rollup = (dir: string) => runTool(process.execPath, [path.join(installed.root(), "node_modules/rollup/dist/bin/rollup"), "-c"], dir);

const masked = (key: string) => `${key.slice(0, 7)}…${key.slice(-4)}`;

describe("roxels-guard/vite's rollup() under Rollup", () => {
  it("fails on a key in a lazily imported module, naming its chunk, line and importer, and writes nothing", async () => {
    const key = secretKey();
    const dir = rollupApp({
      "src/main.js": `document.body.onclick = () => import("./pay.js").then((m) => m.pay());\n`,
      "src/pay.js": `// The browser's copy.\nexport const pay = () => fetch("/pay", { headers: { authorization: "Bearer ${key}" } });\n`,
    });
    const result = await rollup(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("roxels-guard: 1 secret key in the client bundle");
    expect(result.output).toMatch(new RegExp(`dist/pay-[\\w-]+\\.js:\\d+:\\d+ {2}roxels-secret {2}${masked(key)}`));
    expect(result.output).toMatch(/\n {2}from src\/pay\.js:2:\d+\n {2}imported by src\/main\.js/);
    expect(result.output).not.toContain(key);
    expect(existsSync(path.join(dir, "dist"))).toBe(false);
  });

  it("fails on a key only in the sourcesContent of the map it writes, naming the map", async () => {
    const key = secretKey();
    const dir = rollupApp({ "src/main.js": `// Rotated: ${key}\ndocument.title = "x";\n` }, true);
    const result = await rollup(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(new RegExp(`dist/main\\.js\\.map:\\d+:\\d+ {2}roxels-secret {2}${masked(key)}`));
    expect(result.output).toMatch(/\n {2}from src\/main\.js:1:\d+/);
    expect(result.output).not.toContain(key);
  });

  it("builds the same app holding an embed key, maps and all", async () => {
    const key = embedKey();
    const dir = rollupApp({ "src/main.js": `// ${key}\ndocument.body.onclick = () => import("./pay.js").then((m) => m.pay());\n`, "src/pay.js": `export const pay = () => fetch("/pay", { headers: { k: "${key}" } });\n` }, true);
    const result = await rollup(dir);
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(dir, "dist")).filter((f) => f.endsWith(".js")).length).toBe(2);
  });
});
