/**
 * The Vite plugin on real `vite build`s of a small React app: a key reaching the browser
 * through `define`, through a VITE_ variable, or through a server module a component
 * imports fails the build, naming the emitted chunk, the source line and the import
 * chain; the clean twin (an embed key in the same places, the server module not
 * imported) builds. Then check-build on the real output, client and SSR builds side by
 * side. The key comes from the environment, never from a written file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLERS, useInstalledProjects, runTool, writeFiles } from "../support/build-tools.js";
import { runCli } from "../support/cli.js";
import { embedKey, secretKey } from "../support/keys.js";

const installed = useInstalledProjects(BUNDLERS);

type Leak = "define" | "env" | "server-module";

/** The app; `leak` decides what App.jsx pulls in. Keys arrive through the environment. */
function viteApp(leak: Leak | "none", config: { plugin?: boolean; sourcemap?: boolean; serverKey?: string } = {}): string {
  const dir = installed.project("vite-");
  const usePlugin = config.plugin ?? true;
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
    "index.html": `<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n`,
    "src/main.jsx": `import { createRoot } from "react-dom/client";\nimport { App } from "./App.jsx";\n\ncreateRoot(document.getElementById("root")).render(<App />);\n`,
    "src/App.jsx": [
      `import { apiKey } from "./config.js";`,
      leak === "server-module" ? `import { chargeCard } from "./server/billing.js";` : `const chargeCard = null;`,
      ``,
      `export function App() {`,
      `  const pay = () => fetch("/api/pay", { headers: { authorization: "Bearer " + apiKey } });`,
      `  return <button onClick={chargeCard ?? pay}>Pay</button>;`,
      `}`,
      ``,
    ].join("\n"),
    "src/config.js": [
      `// Which key the browser uses.`,
      leak === "define" || leak === "none" ? `export const apiKey = __ROXELS_KEY__ + (import.meta.env.VITE_ROXELS_KEY ?? "");` : `export const apiKey = import.meta.env.VITE_ROXELS_KEY;`,
      ``,
    ].join("\n"),
    // A server module, with a key made for this run (in a temporary folder).
    "src/server/billing.js": `const secret = process.env.ROXELS_SECRET ?? "${config.serverKey ?? ""}";\nexport function chargeCard() {\n  return fetch("https://api.roxels.example/charge", { headers: { authorization: "Bearer " + secret } });\n}\n`,
    "vite.config.js": [
      `import react from "@vitejs/plugin-react";`,
      usePlugin ? `import roxelsGuard from "roxels-guard/vite";` : ``,
      `export default {`,
      `  plugins: [react()${usePlugin ? ", roxelsGuard()" : ""}],`,
      `  define: { __ROXELS_KEY__: JSON.stringify(process.env.DEFINED_KEY ?? "") },`,
      config.sourcemap ? `  build: { sourcemap: true },` : ``,
      `};`,
      ``,
    ].join("\n"),
  });
  return dir;
}

function viteBuild(dir: string, env: Record<string, string>, args: string[] = []) {
  return runTool(process.execPath, [path.join(installed.root(), "node_modules/vite/bin/vite.js"), "build", ...args], dir, env);
}

function emitted(dir: string): string[] {
  const out = path.join(dir, "dist");
  return existsSync(out) ? (readdirSync(out, { recursive: true }) as string[]).map((f) => f.split(path.sep).join("/")) : [];
}

function expectFailureNaming(output: string, key: string, source: RegExp, chain: string): void {
  expect(output).toContain("roxels-guard: 1 secret key in the client bundle");
  expect(output).toMatch(/dist\/assets\/index-[\w-]+\.js:\d+:\d+ {2}roxels-secret {2}sk_/);
  expect(output).toContain(`${key.slice(0, 7)}…${key.slice(-4)}`);
  expect(output).toMatch(source);
  expect(output).toContain(`imported by ${chain}`);
  expect(output).not.toContain(key);
}

describe("roxels-guard/vite on real builds", () => {
  it("fails a build whose define inlines a secret key, naming the source line", async () => {
    const key = secretKey();
    const dir = viteApp("define");
    const result = await viteBuild(dir, { DEFINED_KEY: key });
    expect(result.code).not.toBe(0);
    expectFailureNaming(result.output, key, /\n {2}from src\/config\.js:2:\d+/, "index.html -> src/main.jsx -> src/App.jsx");
    expect(emitted(dir)).not.toContain("index.html");
  });

  it("fails a build whose VITE_ variable holds a secret key", async () => {
    const key = secretKey();
    const dir = viteApp("env");
    const result = await viteBuild(dir, { VITE_ROXELS_KEY: key });
    expect(result.code).not.toBe(0);
    expectFailureNaming(result.output, key, /\n {2}from src\/config\.js:2:\d+/, "index.html -> src/main.jsx -> src/App.jsx");
  });

  it("fails a build where a component imports a server module holding a key", async () => {
    const key = secretKey();
    const dir = viteApp("server-module", { serverKey: key });
    const result = await viteBuild(dir, {});
    expect(result.code).not.toBe(0);
    expectFailureNaming(result.output, key, /\n {2}from src\/server\/billing\.js:1:\d+/, "index.html -> src/main.jsx -> src/App.jsx");
  });

  it("builds the clean twin: embed keys in define and VITE_, the server module not imported", async () => {
    const serverKey = secretKey();
    const dir = viteApp("none", { serverKey });
    const defined = embedKey();
    const fromEnv = embedKey();
    const result = await viteBuild(dir, { DEFINED_KEY: defined, VITE_ROXELS_KEY: fromEnv });
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    const files = emitted(dir);
    expect(files).toContain("index.html");
    // The maps the plugin made to trace keys are not shipped.
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    const chunk = files.find((f) => /^assets\/index-.*\.js$/.test(f))!;
    const code = readFileSync(path.join(dir, "dist", chunk), "utf8");
    expect(code).toContain(defined);
    expect(code).toContain(fromEnv);
    expect(code).not.toContain(serverKey);
  });

  it("leaves an SSR build alone: server output may hold keys", async () => {
    const key = secretKey();
    const dir = viteApp("none", { serverKey: key });
    const result = await viteBuild(dir, {}, ["--ssr", "src/server/billing.js", "--outDir", "dist-server"]);
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, "dist-server", "billing.js"), "utf8")).toContain(key);
    // Nor does it leave the maps it would have made to trace a key.
    expect(readdirSync(path.join(dir, "dist-server")).filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("check-build after a build without the plugin traces the key through the shipped source map", async () => {
    const key = secretKey();
    const dir = viteApp("env", { plugin: false, sourcemap: true });
    const build = await viteBuild(dir, { VITE_ROXELS_KEY: key });
    expect(build.code).toBe(0);
    const result = await runCli(["check-build", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: Array<{ file: string; source?: { file: string; line: number } }> }).findings;
    const inChunk = findings.find((f) => f.file.endsWith(".js"));
    expect(inChunk?.file).toMatch(/^dist\/assets\/index-[\w-]+\.js$/);
    expect(inChunk?.source).toMatchObject({ file: "src/config.js", line: 2 });
    expect(result.stdout).not.toContain(key);
  });

  it("check-build on a real client + SSR build (dist/client, dist/server, as Astro, SvelteKit and React Router lay them out): a key in the server bundle only exits 0, one in the client exits 1", async () => {
    const serverKey = secretKey();
    const dir = viteApp("none", { plugin: false, serverKey });
    expect((await viteBuild(dir, {}, ["--outDir", "dist/client"])).code).toBe(0);
    expect((await viteBuild(dir, {}, ["--ssr", "src/server/billing.js", "--outDir", "dist/server"])).code).toBe(0);
    // Not vacuous: the server bundle holds the key.
    expect(readFileSync(path.join(dir, "dist/server/billing.js"), "utf8")).toContain(serverKey);

    const clean = await runCli(["check-build"], { cwd: dir });
    expect(clean.stderr).toBe("roxels-guard: checked dist/client (Astro, SvelteKit, React Router) client output (1 path)\n");
    expect(clean.stdout).toContain("no keys found");
    expect(clean.code).toBe(0);

    const clientKey = secretKey();
    expect((await viteBuild(dir, { VITE_ROXELS_KEY: clientKey }, ["--outDir", "dist/client"])).code).toBe(0);
    const leaking = await runCli(["check-build", "--format", "json"], { cwd: dir });
    expect(leaking.code).toBe(1);
    const files = (JSON.parse(leaking.stdout) as { findings: Array<{ file: string; fingerprint: string }> }).findings.map((f) => f.file);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^dist\/client\/assets\/index-[\w-]+\.js$/);
    expect(leaking.stdout + leaking.stderr).not.toContain(clientKey);
    expect(leaking.stdout + leaking.stderr).not.toContain(serverKey);
  });
});
