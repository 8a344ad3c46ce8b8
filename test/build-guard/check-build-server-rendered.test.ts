/**
 * check-build on the layouts of server-rendering frameworks, as their real builds write
 * them (observed in Astro 5.18 with @astrojs/node 9.5, Nuxt 4.3.1 with Nitro 2.13,
 * SvelteKit 2.70 with adapter-node 5.5, React Router 7.18 framework mode): the client half
 * is read, the server half is not, except the parts of it that the server sends to every
 * browser (Astro's inline scripts, Nuxt's public runtime config). File names, folder
 * structure and the shape of the relevant files are copied from those builds; keys are
 * made at test time.
 */
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../support/cli.js";
import { secretKey } from "../support/keys.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();

interface Report {
  findings: Array<{ file: string; line: number; source?: { file: string; line?: number } }>;
}

async function checkBuild(cwd: string, ...args: string[]): Promise<{ code: number | null; report: Report; stderr: string; stdout: string }> {
  const result = await runCli(["check-build", ...args, "--format", "json"], { cwd });
  expect(result.stderr).not.toContain("internal error");
  return { code: result.code, report: (result.stdout ? JSON.parse(result.stdout) : { findings: [] }) as Report, stderr: result.stderr, stdout: result.stdout };
}

/** A minified client chunk holding `text`. */
const chunk = (text: string) => `(()=>{document.title=${JSON.stringify(text)}})();\n`;

/**
 * Astro's SSR manifest (dist/server/manifest_<hash>.mjs): a module whose one call to
 * deserializeManifest holds, as JSON, the routes and the scripts Astro inlines into pages.
 * `inline` is the inlined script; `session` a server-only member (session driver options).
 */
function astroManifest(dir: string, inline: string, session = ""): string {
  const manifest = {
    hrefRoot: `file://${dir}/`,
    outDir: `file://${dir}/dist/`,
    adapterName: "@astrojs/node",
    routes: [
      { file: "", links: [], scripts: [], styles: [], routeData: { route: "/pay", type: "page", component: "src/pages/pay.astro", prerender: false } },
      { file: "", links: [], scripts: [], styles: [{ type: "inline", content: "h1{color:red}" }], routeData: { route: "/", type: "page", component: "src/pages/index.astro", prerender: false } },
    ],
    base: "/",
    clientDirectives: [["idle", "(()=>{var l=(n,t)=>{let i=async()=>{await(await n())()};})();"]],
    entryModules: { [`${dir}/src/pages/pay.astro?astro&type=script&index=0&lang.ts`]: "_astro/pay.astro_astro_type_script_index_0_lang.BS7NbZvH.js" },
    inlinedScripts: [[`${dir}/src/pages/pay.astro?astro&type=script&index=0&lang.ts`, inline]],
    assets: ["/favicon.svg"],
    key: "Gb6dT1yQ0xR8n2jzJ0cVf2bq7sB0dM1sZ7H8o3xk2aE=",
    sessionConfig: { driver: "redis", options: { token: session } },
  };
  return [
    "import 'piccolore';",
    "import { l as decodeKey } from './chunks/astro/server_D496E1e-.mjs';",
    "",
    "function deserializeManifest(serializedManifest) {",
    "  const routes = [];",
    "  return { ...serializedManifest, routes };",
    "}",
    "",
    `const manifest = deserializeManifest(${JSON.stringify(manifest)});`,
    "",
    "export { manifest };",
    "",
  ].join("\n");
}

/** Nitro's chunks/nitro/nitro.mjs: the runtime config inlined as JSON.stringify(config, null, 2) writes it. */
function nitroRuntime(publicKey: string, privateKey: string, indent: number | undefined = 2): string {
  const config = {
    app: { baseURL: "/", buildId: "7db270ba-923a-44bc-b9c3-ebf8cf06496e", buildAssetsDir: "/_nuxt/", cdnURL: "" },
    nitro: { envPrefix: "NUXT_", routeRules: { "/_nuxt/**": { headers: { "cache-control": "public, max-age=31536000, immutable" } } } },
    public: { roxelsKey: publicKey },
    roxelsKey: privateKey,
  };
  return `import process from 'node:process';\n\nconst serverAssets = [];\n\nconst _inlineRuntimeConfig = ${JSON.stringify(config, null, indent)};\nconst envOptions = {\n  prefix: "NITRO_",\n  altPrefix: _inlineRuntimeConfig.nitro.envPrefix ?? process.env.NITRO_ENV_PREFIX ?? "_"\n};\n`;
}

describe("check-build: Astro with a server adapter (dist/client, dist/server)", () => {
  function astroBuild(inline: string, server: Record<string, string> = {}, session = "") {
    const t = tree({ "package.json": "{}\n", "astro.config.mjs": "export default {};\n", "dist/client/favicon.svg": "<svg/>\n", "dist/server/entry.mjs": "export { handler } from './chunks/_@astrojs-ssr-adapter.mjs';\n", ...server });
    t.write("dist/server/manifest_lTvf5XMe.mjs", astroManifest(t.dir, inline, session));
    return t;
  }

  it("reports a key in a script Astro inlines into the page, which lives only in the server manifest", async () => {
    const key = secretKey();
    const inline = `const e="${key}";document.getElementById("pay")?.addEventListener("click",()=>{fetch("/v1/pay",{headers:{authorization:\`Bearer \${e}\`}})});`;
    // Astro also inlines PUBLIC_ env values into its server chunks: server code, not read.
    const t = astroBuild(inline, { "dist/server/chunks/astro-designed-error-pages_DllF7UXB.mjs": `const env = {"BASE_URL": "/", "PUBLIC_ROXELS_KEY": "${key}", "SSR": true};\n` });
    for (const args of [[], ["dist"]]) {
      const { code, report, stdout, stderr } = await checkBuild(t.dir, ...args);
      expect(code).toBe(1);
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({ file: "dist/server/manifest_lTvf5XMe.mjs", line: 9, source: { file: "src/pages/pay.astro" } });
      expectNoKeyIn([stdout, stderr], [key]);
    }
  });

  it("exits 0 when keys are only in server code and server-only manifest members", async () => {
    const t = astroBuild("console.log(1);", { "dist/server/pages/srv.astro.mjs": `const key = "${secretKey()}";\n` }, secretKey());
    for (const args of [[], ["dist"]]) {
      const { code, report, stderr } = await checkBuild(t.dir, ...args);
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
      expect(stderr).toContain("dist/client (Astro, SvelteKit, React Router) client output");
    }
  });

  it("reads prerendered pages in dist/client", async () => {
    const t = astroBuild("console.log(1);", { "dist/client/pre/index.html": `<html><body><p>debug: ${secretKey()}</p></body></html>` });
    const { code, report } = await checkBuild(t.dir, "dist");
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(["dist/client/pre/index.html"]);
  });
});

describe("check-build: Nuxt's .output", () => {
  function nuxtBuild(nitro: string, extra: Record<string, string> = {}) {
    return tree({
      "package.json": "{}\n",
      "nuxt.config.ts": "export default defineNuxtConfig({});\n",
      ".output/nitro.json": '{ "preset": "node-server" }\n',
      ".output/public/_nuxt/4doM1CUL.js": chunk("shop"),
      ".output/server/index.mjs": "import './chunks/nitro/nitro.mjs';\n",
      ".output/server/package.json": '{ "name": "nuxt-app-prod", "private": true }\n',
      ".output/server/chunks/nitro/nitro.mjs": nitro,
      ...extra,
    });
  }

  it("reports a key in runtimeConfig.public, which every page carries, and not the private config", async () => {
    const key = secretKey();
    const t = nuxtBuild(nitroRuntime(key, secretKey()));
    for (const args of [[], [".output"]]) {
      const { code, report, stderr } = await checkBuild(t.dir, ...args);
      expect(code).toBe(1);
      expect(report.findings).toHaveLength(1);
      // Line 23 of the file: `    "roxelsKey": "sk_…"` inside "public".
      expect(report.findings[0]).toMatchObject({ file: ".output/server/chunks/nitro/nitro.mjs", line: 23 });
      expect(stderr).toContain("checked Nuxt client output");
    }
  });

  it("reads a minified runtime config too", async () => {
    const t = nuxtBuild(nitroRuntime(secretKey(), secretKey(), undefined));
    const { code, report } = await checkBuild(t.dir);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
  });

  it("exits 0 when only the private runtime config and server routes hold keys", async () => {
    const t = nuxtBuild(nitroRuntime("", secretKey()), { ".output/server/chunks/routes/api/pay.post.mjs": `const k = "${secretKey()}";\n` });
    const { code, report } = await checkBuild(t.dir, ".output");
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("check-build: a split build's folder named on the command line", () => {
  it("SvelteKit adapter-node's build/: client and prerendered pages, not the server bundle", async () => {
    const t = tree({
      "package.json": "{}\n",
      "svelte.config.js": "export default {};\n",
      "build/client/_app/immutable/entry/start.BvX1qa8T.js": chunk("start"),
      "build/prerendered/pre.html": `<p>using ${secretKey()}</p>\n`,
      "build/prerendered/pre/__data.json": `{"type":"data","nodes":[null,{"type":"data","data":[{"debug":1},"using ${secretKey()}"],"uses":{}}]}`,
      "build/server/chunks/chunks/private.js-CBnuUDrj.js": `const ROXELS_KEY = "${secretKey()}";\n\nexport { ROXELS_KEY as R };\n`,
      "build/handler.js": "import './server/index.js';\n",
      "build/index.js": "import { handler } from './handler.js';\n",
      "build/env.js": "export const env = process.env;\n",
    });
    const { code, report, stderr } = await checkBuild(t.dir, "build");
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.file).sort()).toEqual(["build/prerendered/pre.html", "build/prerendered/pre/__data.json"]);
    expect(stderr).toBe("roxels-guard: checked build/client (Astro, SvelteKit, React Router) client output (2 paths)\n");
  });

  it("SvelteKit with an adapter: the adapter's copy is read, not .svelte-kit/output as well", async () => {
    const key = secretKey();
    const prerendered = { "pre.html": `<p>using ${key}</p>\n`, "pre/__data.json": `{"type":"data","nodes":[null,{"type":"data","data":[{"debug":1},"using ${key}"]}]}` };
    const files: Record<string, string> = { "package.json": "{}\n", ".svelte-kit/output/client/_app/version.json": '{"version":"1"}' };
    for (const [name, text] of Object.entries(prerendered)) {
      files[`.svelte-kit/output/prerendered/${name.endsWith(".html") ? "pages" : "dependencies"}/${name}`] = text;
      files[`build/prerendered/${name}`] = text;
    }
    files["build/client/_app/version.json"] = '{"version":"1"}';
    const { code, report } = await checkBuild(tree(files).dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.file).sort()).toEqual(["build/prerendered/pre.html", "build/prerendered/pre/__data.json"]);
  });

  it("React Router's build/ (client and server)", async () => {
    const t = tree({
      "package.json": "{}\n",
      "build/client/assets/pay-Di_KTwq6.js": chunk("pay"),
      "build/client/pre.data": `[{"_1":2},"routes/pre",{"_3":4},"data",{"_5":6},"debug","using ${secretKey()}"]\n`,
      "build/server/index.js": `const ROXELS_KEY = "${secretKey()}";\n`,
    });
    const { code, report } = await checkBuild(t.dir, "build");
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(["build/client/pre.data"]);
  });

  it("SvelteKit's .svelte-kit, .svelte-kit/output and output/prerendered", async () => {
    const t = tree({
      "package.json": "{}\n",
      ".svelte-kit/output/client/_app/immutable/nodes/3.BNYJT-OT.js": chunk("pay"),
      ".svelte-kit/output/prerendered/pages/pre.html": `<p>using ${secretKey()}</p>\n`,
      ".svelte-kit/output/prerendered/dependencies/pre/__data.json": `{"type":"data","nodes":[null,{"type":"data","data":[{"debug":1},"using ${secretKey()}"]}]}`,
      ".svelte-kit/output/server/chunks/private.js": `const ROXELS_KEY = "${secretKey()}";\n`,
      ".svelte-kit/generated/server/internal.js": "export const options = {};\n",
    });
    const prerendered = [".svelte-kit/output/prerendered/dependencies/pre/__data.json", ".svelte-kit/output/prerendered/pages/pre.html"];
    for (const dir of [".svelte-kit", ".svelte-kit/output", ".svelte-kit/output/prerendered"]) {
      const { code, report } = await checkBuild(t.dir, dir);
      expect(code, dir).toBe(1);
      expect(report.findings.map((f) => f.file).sort(), dir).toEqual(prerendered);
    }
  });

  it("refuses the server half in one line, exit 2", async () => {
    const t = tree({
      "package.json": "{}\n",
      "build/client/assets/a.js": chunk("a"),
      "build/server/index.js": `const k = "${secretKey()}";\n`,
      ".output/public/_nuxt/a.js": chunk("a"),
      ".output/server/index.mjs": `const k = "${secretKey()}";\n`,
    });
    for (const dir of ["build/server", ".output/server"]) {
      const result = await runCli(["check-build", dir], { cwd: t.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`roxels-guard: ${dir} is the build's server output, which browsers do not download: name the project folder or the client output\n`);
      expect(result.stdout).toBe("");
    }
  });
});
