/**
 * The webpack plugin on real webpack 5 production builds: a key reaching the browser
 * through DefinePlugin, through EnvironmentPlugin (a public env var), or through a server
 * module the client imports fails the compilation, naming the emitted chunk, the source
 * line and the importing module; the clean twin builds, and a node-target (server)
 * compilation is left alone. Keys come from the environment, never from a written file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLERS, useInstalledProjects, runTool, writeFiles } from "../support/build-tools.js";
import { runCli } from "../support/cli.js";
import { embedKey, secretKey } from "../support/keys.js";

const installed = useInstalledProjects(BUNDLERS);

type Leak = "define" | "env" | "server-module" | "none";

/** webpack.config.mjs as a user writes it; the build runs through webpack's Node API. */
function webpackApp(leak: Leak, options: { serverKey?: string; plugin?: boolean; devtool?: string; target?: string } = {}): string {
  const dir = installed.project("webpack-");
  const usePlugin = options.plugin ?? true;
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
    "src/index.js": [
      `import { pay } from "./pay.js";`,
      leak === "server-module" ? `import { chargeCard } from "./server/billing.js";` : `const chargeCard = null;`,
      ``,
      `document.querySelector("button").addEventListener("click", chargeCard ?? pay);`,
      ``,
    ].join("\n"),
    "src/pay.js": [
      `// Which key the browser sends.`,
      `export function pay() {`,
      `  return fetch("/api/pay", { headers: { authorization: "Bearer " + ${leak === "env" ? "process.env.PUBLIC_ROXELS_KEY" : "__ROXELS_KEY__"} } });`,
      `}`,
      ``,
    ].join("\n"),
    "src/server/billing.js": `const secret = "${options.serverKey ?? ""}";\nexport function chargeCard() {\n  return fetch("https://api.roxels.example/charge", { headers: { authorization: \`Bearer \${secret}\` } });\n}\n`,
    "webpack.config.mjs": [
      `import webpack from "webpack";`,
      usePlugin ? `import { RoxelsGuardPlugin } from "roxels-guard/webpack";` : ``,
      `export default {`,
      `  mode: "production",`,
      `  context: import.meta.dirname,`,
      `  entry: "./src/index.js",`,
      `  devtool: ${JSON.stringify(options.devtool ?? false)},`,
      options.target ? `  target: ${JSON.stringify(options.target)},` : ``,
      `  output: { path: import.meta.dirname + "/dist", filename: "[name].[contenthash].js", clean: true },`,
      `  plugins: [`,
      `    new webpack.DefinePlugin({ __ROXELS_KEY__: JSON.stringify(process.env.DEFINED_KEY ?? "") }),`,
      `    new webpack.EnvironmentPlugin({ PUBLIC_ROXELS_KEY: "" }),`,
      usePlugin ? `    new RoxelsGuardPlugin(),` : ``,
      `  ],`,
      `};`,
      ``,
    ].join("\n"),
    // What webpack-cli does: compile, print errors, exit 1 when there are any.
    "build.mjs": [
      `import webpack from "webpack";`,
      `import config from "./webpack.config.mjs";`,
      `webpack(config, (error, stats) => {`,
      `  if (error) { console.error(error.message); process.exit(2); }`,
      `  console.log(stats.toString({ all: false, errors: true, warnings: true }));`,
      `  process.exitCode = stats.hasErrors() ? 1 : 0;`,
      `});`,
      ``,
    ].join("\n"),
  });
  return dir;
}

const webpackBuild = (dir: string, env: Record<string, string> = {}) => runTool(process.execPath, ["build.mjs"], dir, env);

function expectFailureNaming(output: string, key: string, source: RegExp): void {
  expect(output).toContain("roxels-guard: 1 secret key in the client bundle");
  expect(output).toMatch(/dist\/main\.[0-9a-f]+\.js:\d+:\d+ {2}roxels-secret {2}sk_/);
  expect(output).toContain(`${key.slice(0, 7)}…${key.slice(-4)}`);
  expect(output).toMatch(source);
  expect(output).not.toContain(key);
}

describe("roxels-guard/webpack on real builds", () => {
  it("fails a compilation whose DefinePlugin inlines a secret key", async () => {
    const key = secretKey();
    const result = await webpackBuild(webpackApp("define"), { DEFINED_KEY: key });
    expect(result.code).toBe(1);
    expectFailureNaming(result.output, key, /\n {2}from src\/pay\.js:3:\d+\n {2}imported by src\/index\.js/);
  });

  it("fails a compilation whose public env var (EnvironmentPlugin) holds a secret key", async () => {
    const key = secretKey();
    const result = await webpackBuild(webpackApp("env"), { PUBLIC_ROXELS_KEY: key });
    expect(result.code).toBe(1);
    expectFailureNaming(result.output, key, /\n {2}from src\/pay\.js:3:\d+\n {2}imported by src\/index\.js/);
  });

  it("fails a compilation where client code imports a server module holding a key", async () => {
    const key = secretKey();
    const result = await webpackBuild(webpackApp("server-module", { serverKey: key }));
    expect(result.code).toBe(1);
    expectFailureNaming(result.output, key, /\n {2}from src\/server\/billing\.js:1:\d+\n {2}imported by src\/index\.js/);
  });

  it("traces through the build's own source maps when it has them", async () => {
    const key = secretKey();
    const result = await webpackBuild(webpackApp("define", { devtool: "source-map" }), { DEFINED_KEY: key });
    expect(result.code).toBe(1);
    expectFailureNaming(result.output, key, /\n {2}from src\/pay\.js:3:\d+\n {2}imported by src\/index\.js/);
  });

  it("builds the clean twin: embed keys inlined, the server module not imported", async () => {
    const serverKey = secretKey();
    const dir = webpackApp("none", { serverKey });
    const defined = embedKey();
    const result = await webpackBuild(dir, { DEFINED_KEY: defined });
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    const chunk = readFileSync(path.join(dir, "dist", readdirSync(path.join(dir, "dist")).find((f) => f.endsWith(".js"))!), "utf8");
    expect(chunk).toContain(defined);
    expect(chunk).not.toContain(serverKey);
  });

  it("leaves a node-target (server) compilation alone", async () => {
    const key = secretKey();
    const dir = webpackApp("server-module", { serverKey: key, target: "node" });
    const result = await webpackBuild(dir);
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, "dist"))).toBe(true);
  });

  it("check-build after a build without the plugin traces through webpack:// sources", async () => {
    const key = secretKey();
    const dir = webpackApp("define", { plugin: false, devtool: "source-map" });
    expect((await webpackBuild(dir, { DEFINED_KEY: key })).code).toBe(0);
    const result = await runCli(["check-build", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: Array<{ file: string; source?: { file: string; line: number } }> }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]?.file).toMatch(/^dist\/main\.[0-9a-f]+\.js$/);
    expect(findings[0]?.source).toMatchObject({ file: "src/pay.js", line: 3 });
  });
});
