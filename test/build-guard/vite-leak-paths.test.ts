/**
 * The other ways a key reaches a Vite client build, each in a real `vite build` with the
 * plugin and no source maps of its own: a stylesheet, the HTML page (`%VITE_…%`), a
 * lazily imported chunk, two `define` values joined in code, and a shipped source map's
 * `sourcesContent` (a key in a comment the minifier dropped). Each names the emitted file
 * and the source line. A server environment built beside the client may hold a key. Keys are made at run time and written only into the temp project.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLERS, useInstalledProjects, runTool, writeFiles } from "../support/build-tools.js";
import { embedKey, secretKey } from "../support/keys.js";

const installed = useInstalledProjects(BUNDLERS);

interface App {
  readonly main: string;
  readonly files?: Record<string, string>;
  readonly html?: string;
  readonly sourcemap?: boolean;
  /** Vite's `environments`, as code. */
  readonly environments?: string;
}

function viteApp(app: App): string {
  const dir = installed.project("vite-paths-");
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
    "index.html": `<!doctype html><html><head>${app.html ?? ""}</head><body><script type="module" src="/src/main.js"></script></body></html>\n`,
    "src/main.js": app.main,
    ...app.files,
    "vite.config.js": [
      `import roxelsGuard from "roxels-guard/vite";`,
      `export default {`,
      `  plugins: [roxelsGuard()],`,
      `  define: { __KEY_HEAD__: JSON.stringify(process.env.KEY_HEAD ?? ""), __KEY_TAIL__: JSON.stringify(process.env.KEY_TAIL ?? "") },`,
      `  build: { sourcemap: ${app.sourcemap === true} },`,
      app.environments ? `  environments: ${app.environments},` : ``,
      `};`,
      ``,
    ].join("\n"),
  });
  return dir;
}

function viteBuild(dir: string, env: Record<string, string> = {}, args: string[] = []) {
  return runTool(process.execPath, [path.join(installed.root(), "node_modules/vite/bin/vite.js"), "build", ...args], dir, env);
}

function masked(key: string): string {
  return `${key.slice(0, 7)}…${key.slice(-4)}`;
}

/** The one finding of a failed build: its emitted-file line and the `from` line below it. */
function onlyFinding(output: string, key: string): { emitted: string; from: string | undefined; chain: string | undefined } {
  expect(output).toContain("roxels-guard: 1 secret key in the client bundle");
  expect(output).toContain(masked(key));
  expect(output).not.toContain(key);
  const lines = output.split("\n");
  const at = lines.findIndex((l) => l.includes(masked(key)));
  const from = lines[at + 1]?.match(/^ {2}from (\S+)$/)?.[1];
  const chain = lines[at + (from ? 2 : 1)]?.match(/^ {2}imported by (.+)$/)?.[1];
  return { emitted: lines[at]!.split(" ")[0]!, from, chain };
}

describe("roxels-guard/vite: other ways into the client build", () => {
  it("a key in a stylesheet fails the build, naming the CSS file and its line", async () => {
    const key = secretKey();
    const dir = viteApp({
      main: `import "./theme.css";\ndocument.body.className = "x";\n`,
      files: { "src/theme.css": `body { color: red; }\n.x::after { content: "${key}"; }\n` },
    });
    const result = await viteBuild(dir);
    expect(result.code).not.toBe(0);
    const finding = onlyFinding(result.output, key);
    expect(finding.emitted).toMatch(/^dist\/assets\/index-[\w-]+\.css:\d+:\d+$/);
    expect(finding.from).toMatch(/^src\/theme\.css:2:\d+$/);
  });

  it("a VITE_ variable put into the HTML page (%VITE_…%) fails the build, naming the page", async () => {
    const key = secretKey();
    const dir = viteApp({ main: `document.title = "x";\n`, html: `<meta name="api-key" content="%VITE_PAGE_KEY%">` });
    const result = await viteBuild(dir, { VITE_PAGE_KEY: key });
    expect(result.code).not.toBe(0);
    const finding = onlyFinding(result.output, key);
    expect(finding.emitted).toMatch(/^dist\/index\.html:1:\d+$/);
    expect(finding.from).toMatch(/^index\.html:1:\d+$/);
  });

  it("a key in a lazily imported chunk names that chunk, the reading line and the dynamic importer", async () => {
    const key = secretKey();
    const dir = viteApp({
      main: `document.body.onclick = () => import("./lazy.js").then((m) => m.go());\n`,
      files: { "src/lazy.js": `// Loaded on click.\nexport const go = () => fetch("/x", { headers: { authorization: import.meta.env.VITE_LAZY_KEY } });\n` },
    });
    const result = await viteBuild(dir, { VITE_LAZY_KEY: key });
    expect(result.code).not.toBe(0);
    const finding = onlyFinding(result.output, key);
    expect(finding.emitted).toMatch(/^dist\/assets\/lazy-[\w-]+\.js:\d+:\d+$/);
    expect(finding.from).toMatch(/^src\/lazy\.js:2:\d+$/);
    expect(finding.chain).toBe("index.html -> src/main.js");
  });

  it("two define values joined in code, each no key alone, fail the build at the joining line", async () => {
    const key = secretKey();
    const dir = viteApp({ main: `// The key, in two parts.\nconst key = __KEY_HEAD__ + __KEY_TAIL__;\ndocument.body.onclick = () => fetch("/x", { headers: { authorization: key } });\n` });
    const result = await viteBuild(dir, { KEY_HEAD: key.slice(0, 14), KEY_TAIL: key.slice(14) });
    expect(result.code).not.toBe(0);
    const finding = onlyFinding(result.output, key);
    expect(finding.emitted).toMatch(/^dist\/assets\/index-[\w-]+\.js:\d+:\d+$/);
    expect(finding.from).toMatch(/^src\/main\.js:2:\d+$/);
  });

  it("a key only in a shipped source map's sourcesContent fails the build, naming the map", async () => {
    const key = secretKey();
    const dir = viteApp({ sourcemap: true, main: `// Old key, rotated: ${key}\ndocument.body.onclick = () => fetch("/x");\n` });
    const result = await viteBuild(dir);
    expect(result.code).not.toBe(0);
    const finding = onlyFinding(result.output, key);
    expect(finding.emitted).toMatch(/^dist\/assets\/index-[\w-]+\.js\.map:\d+:\d+$/);
    expect(finding.from).toMatch(/^src\/main\.js:1:\d+$/);
  });

  it("builds the same shapes holding embed keys", async () => {
    const key = embedKey();
    const dir = viteApp({
      sourcemap: true,
      main: `import "./theme.css";\n// ${key}\nconst key = __KEY_HEAD__ + __KEY_TAIL__;\ndocument.body.onclick = () => import("./lazy.js").then((m) => m.go(key));\n`,
      html: `<meta name="api-key" content="%VITE_PAGE_KEY%">`,
      files: { "src/theme.css": `.x::after { content: "${key}"; }\n`, "src/lazy.js": `export const go = (k) => fetch("/x", { headers: { a: k, b: import.meta.env.VITE_LAZY_KEY } });\n` },
    });
    const result = await viteBuild(dir, { VITE_PAGE_KEY: key, VITE_LAZY_KEY: key, KEY_HEAD: key.slice(0, 14), KEY_TAIL: key.slice(14) });
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
  });
  it("a server environment built beside the client (vite build --app) keeps its key; the client build passes", async () => {
    const key = secretKey();
    const dir = viteApp({
      main: `document.title = "x";\n`,
      files: { "src/server/billing.js": `// Server only.\nexport const charge = () => fetch("https://api.roxels.example/charge", { headers: { authorization: "Bearer ${key}" } });\n` },
      environments: `{ client: {}, ssr: { build: { outDir: "dist/server", rollupOptions: { input: "src/server/billing.js" } } } }`,
    });
    const result = await viteBuild(dir, {}, ["--app"]);
    expect(result.output).not.toContain("roxels-guard");
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, "dist/server/billing.js"), "utf8")).toContain(key);
    expect(existsSync(path.join(dir, "dist/index.html"))).toBe(true);
  });
});
