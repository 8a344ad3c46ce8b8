/**
 * `roxels-guard/rspack` on a real Rspack production build (from the registry), through
 * Rspack's Node API as its CLI runs it: a key a DefinePlugin value puts into the client
 * bundle fails the compilation, naming the emitted chunk and the source line, with or
 * without a devtool (without one, through the modules' generated code Rspack's
 * compilation hands over), and the import chain; the same app with an embed key builds; its type declarations check an rspack.config.ts. Keys come from the
 * environment.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recipe, runTool, useInstalledProjects, writeFiles } from "../support/build-tools.js";
import { REPO_ROOT } from "../support/cli.js";
import { embedKey, secretKey } from "../support/keys.js";

const installed = useInstalledProjects({ "@rspack/core": "2.3.4" });

function rspackApp(devtool: string | false = false): string {
  const dir = installed.project("rspack-");
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
    "src/index.js": `import { pay } from "./pay.js";\n\ndocument.body.onclick = pay;\n`,
    "src/pay.js": `// Which key the browser sends.\nexport const pay = () => fetch("/pay", { headers: { authorization: __ROXELS_KEY__ } });\n`,
    "rspack.config.mjs": [
      `import { rspack } from "@rspack/core";`,
      `import { RoxelsGuardPlugin } from "roxels-guard/rspack";`,
      `export default {`,
      `  mode: "production",`,
      `  context: import.meta.dirname,`,
      `  entry: "./src/index.js",`,
      `  devtool: ${JSON.stringify(devtool)},`,
      `  output: { path: import.meta.dirname + "/dist", clean: true },`,
      `  plugins: [new rspack.DefinePlugin({ __ROXELS_KEY__: JSON.stringify(process.env.DEFINED_KEY ?? "") }), new RoxelsGuardPlugin()],`,
      `};`,
      ``,
    ].join("\n"),
    "build.mjs": `import { rspack } from "@rspack/core";\nimport config from "./rspack.config.mjs";\nrspack(config, (error, stats) => {\n  console.log(error ? error.message : stats.toString({ all: false, errors: true }));\n  process.exitCode = error || stats.hasErrors() ? 1 : 0;\n});\n`,
  });
  return dir;
}

describe("roxels-guard/rspack", () => {
  it("fails a production build (no devtool) whose DefinePlugin value is a secret key, naming the chunk, the source line and its importer", async () => {
    const key = secretKey();
    const dir = rspackApp();
    const result = await runTool(process.execPath, ["build.mjs"], dir, { DEFINED_KEY: key });
    expect(result.code).toBe(1);
    expect(result.output).toContain("roxels-guard: 1 secret key in the client bundle");
    expect(result.output).toMatch(new RegExp(`dist/main\\.js:\\d+:\\d+ {2}roxels-secret {2}${key.slice(0, 7)}…${key.slice(-4)}`));
    // src/pay.js line 2 reads __ROXELS_KEY__; Rspack concatenates it into index.js's module.
    expect(result.output).toMatch(/dist\/main\.js:\d+:\d+ .*\n.* {2}from src\/pay\.js:2:\d+\n.* {2}imported by src\/index\.js/);
    expect(existsSync(path.join(dir, "dist/main.js.map"))).toBe(false);
    expect(result.output).not.toContain(key);
  });

  it("no devtool, module concatenation off: a key in a module's own code names that module and line", async () => {
    const key = secretKey();
    const dir = rspackApp();
    writeFiles(dir, {
      "src/index.js": `import { key } from "./server/key.js";\n\ndocument.body.onclick = () => fetch("/x", { headers: { authorization: key } });\n`,
      "src/server/key.js": `// Billing.\n\nexport const key = "${key}";\n`,
    });
    const config = path.join(dir, "rspack.config.mjs");
    writeFiles(dir, { "rspack.config.mjs": readFileSync(config, "utf8").replace(`mode: "production",`, `mode: "production", optimization: { concatenateModules: false },`) });
    const result = await runTool(process.execPath, ["build.mjs"], dir);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/main\.js:\d+:\d+ .*\n.* {2}from src\/server\/key\.js:3:\d+\n.* {2}imported by src\/index\.js/);
    expect(result.output).not.toContain(key);
  });

  it("with a devtool (docs: hidden-source-map), names the source line and its importer too", async () => {
    const key = secretKey();
    const dir = rspackApp("hidden-source-map");
    const result = await runTool(process.execPath, ["build.mjs"], dir, { DEFINED_KEY: key });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/main\.js:\d+:\d+ .*\n.* {2}from src\/pay\.js:2:\d+\n.* {2}imported by src\/index\.js/);
    expect(result.output).not.toContain(key);
  });

  it("builds the same app with an embed key", async () => {
    const dir = rspackApp();
    const result = await runTool(process.execPath, ["build.mjs"], dir, { DEFINED_KEY: embedKey() });
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, "dist/main.js"))).toBe(true);
  });

  it("types: an rspack.config.ts using it type-checks, and a wrong option is an error", async () => {
    const dir = rspackApp();
    writeFiles(dir, {
      "rspack.config.ts": [
        `import { rspack, type Configuration } from "@rspack/core";`,
        `import { RoxelsGuardPlugin } from "roxels-guard/rspack";`,
        ``,
        `export const config: Configuration = { mode: "production", plugins: [new rspack.DefinePlugin({}), new RoxelsGuardPlugin({ warnOnly: true })] };`,
        `// @ts-expect-error warnOnly is a boolean`,
        `export const wrong = new RoxelsGuardPlugin({ warnOnly: 1 });`,
        ``,
      ].join("\n"),
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["rspack.config.ts"] }),
    });
    const result = await runTool(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], dir);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("docs/build-guard.md's config as written fails a build importing a module with a key", async () => {
    const key = secretKey();
    const dir = rspackApp();
    writeFiles(dir, {
      "rspack.config.mjs": recipe("rspack"),
      "src/index.js": `import { key } from "./server/key.js";\n\ndocument.body.onclick = () => fetch("/x", { headers: { authorization: key } });\n`,
      "src/server/key.js": `export const key = "${key}";\n`,
    });
    const result = await runTool(process.execPath, ["build.mjs"], dir);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/main\.js:\d+:\d+ {2}roxels-secret {2}sk_/);
    expect(result.output).not.toContain(key);
  });
});
