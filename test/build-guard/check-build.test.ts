/**
 * `roxels-guard check-build`: each framework's client output folders are read, and
 * nothing else (server bundles, API routes, caches); keys are traced through source maps.
 * The layouts are written here as the frameworks write them; real builds are in
 * vite.test.ts, webpack.test.ts and next.test.ts.
 */
import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../support/cli.js";
import { secretKey } from "../support/keys.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();

/** A minified chunk holding `key`. */
const chunk = (key: string) => `(()=>{fetch("/x",{headers:{authorization:"Bearer ${key}"}})})();\n`;

describe("check-build: client output per framework", () => {
  const layouts: Array<{ name: string; client: string[]; server: string[] }> = [
    {
      name: "Next.js",
      // Next.js 16.5 (Turbopack): a segment prefetch payload, and a GET route handler with
      // `dynamic = "force-static"`, served from its prerendered .body.
      client: [
        ".next/static/chunks/app/page-1a2b.js",
        ".next/server/app/index.html",
        ".next/server/app/about.rsc",
        ".next/server/app/pre.segments/pre/__PAGE__.segment.rsc",
        ".next/server/app/api/config.body",
        ".next/server/pages/blog.json",
      ],
      server: [".next/server/app/page.js", ".next/server/app/api/pay/route.js", ".next/server/chunks/ssr/db.js", ".next/cache/webpack/client.pack", ".next/server/pages/api/pay.js"],
    },
    {
      name: "SvelteKit",
      client: [".svelte-kit/output/client/_app/immutable/chunks/a.js", ".svelte-kit/output/prerendered/pages/index.html"],
      server: [".svelte-kit/output/server/entries/pages/_page.server.js"],
    },
    { name: "Nuxt", client: [".output/public/_nuxt/entry.js"], server: [".output/server/chunks/app.mjs"] },
    { name: "Astro (server)", client: ["dist/client/_astro/index.js"], server: ["dist/server/entry.mjs"] },
    { name: "React Router", client: ["build/client/assets/root.js"], server: ["build/server/index.js"] },
    {
      name: "SvelteKit adapter-node",
      client: ["build/client/_app/immutable/entry/start.js", "build/prerendered/about.html", "build/prerendered/__data.json"],
      server: ["build/server/index.js", "build/handler.js", "build/env.js"],
    },
    { name: "Astro (static)", client: ["dist/_astro/page.js", "dist/index.html"], server: [] },
    {
      name: "Next.js with distDir build",
      client: ["build/static/chunks/main-1a.js", "build/server/app/index.html", "build/server/app/index.rsc"],
      server: ["build/BUILD_ID", "build/server/app/page.js", "build/server/app/api/pay/route.js", "build/cache/fetch-cache/x"],
    },
    { name: "Remix (classic compiler)", client: ["public/build/root-ABC.js", "public/build/_shared/chunk.js"], server: ["build/index.js", "remix.config.js"] },
    { name: "Gatsby", client: ["public/app-1f.js", "public/index.html", "public/page-data/index/page-data.json"], server: ["gatsby-config.js", ".cache/redux.json"] },
    { name: "Create React App", client: ["build/static/js/main.js", "build/index.html"], server: [] },
    { name: "Vite", client: ["dist/assets/index.js", "dist/index.html"], server: [] },
    { name: "Angular", client: ["dist/shop/browser/main-X2.js", "dist/shop/browser/index.html"], server: ["dist/shop/server/server.mjs"] },
    { name: "Vercel output", client: [".vercel/output/static/assets/app.js"], server: [".vercel/output/functions/api.func/index.js"] },
  ];

  for (const layout of layouts) {
    it(`${layout.name}: reports keys in client files only`, async () => {
      const files: Record<string, string> = { "package.json": "{}\n" };
      for (const file of [...layout.client, ...layout.server]) files[file] = chunk(secretKey());
      const t = tree(files);
      const result = await runCli(["check-build", "--format", "json"], { cwd: t.dir });
      expect(result.stderr).not.toContain("internal error");
      expect(result.code).toBe(1);
      const reported = (JSON.parse(result.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file).sort();
      expect(reported).toEqual([...layout.client].sort());
    });
  }

  for (const layout of layouts.filter((l) => l.server.length > 0)) {
    it(`${layout.name}: exits 0 when only server output holds keys`, async () => {
      const files: Record<string, string> = { "package.json": "{}\n" };
      for (const file of layout.client) files[file] = "(()=>{document.title='shop'})();\n";
      for (const file of layout.server) files[file] = chunk(secretKey());
      const result = await runCli(["check-build"], { cwd: tree(files).dir });
      expect(result.stderr).toMatch(/^roxels-guard: checked .* client output/);
      expect(result.stdout).toContain("no keys found");
      expect(result.code).toBe(0);
    });
  }

  it("reads a folder reached twice (nuxt generate's dist -> .output/public) once", async () => {
    const key = secretKey();
    const t = tree({ "package.json": "{}\n", ".output/public/_nuxt/entry.js": chunk(key), ".output/public/index.html": "<p></p>\n" });
    symlinkSync(".output/public", path.join(t.dir, "dist"), "dir");
    const result = await runCli(["check-build", "--format", "json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file)).toEqual([".output/public/_nuxt/entry.js"]);
  });

  it("exits 0 on clean client output, even with keys in server output", async () => {
    const t = tree({ ".next/static/chunks/main.js": "console.log(1);\n", ".next/server/app/page.js": chunk(secretKey()), ".next/BUILD_ID": "x\n" });
    const result = await runCli(["check-build"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no keys found");
    expect(result.stderr).toContain("checked Next.js client output");
  });

  it("takes the output folder itself, or a project folder by name", async () => {
    const key = secretKey();
    const t = tree({ "web/dist/assets/a.js": chunk(key), "web/package.json": "{}\n", "site/index.html": `<script>const k="${key}"</script>\n` });
    const project = await runCli(["check-build", "web"], { cwd: t.dir });
    expect(project.code).toBe(1);
    expect(project.stdout).toContain("web/dist/assets/a.js:1:");
    const folder = await runCli(["check-build", "site"], { cwd: t.dir });
    expect(folder.code).toBe(1);
    expect(folder.stdout).toContain("site/index.html:1:");
    expect(folder.stdout + folder.stderr).not.toContain(key);
  });

  it("reads a framework's client folder named directly (.next/static, SvelteKit's output/client), and only it", async () => {
    const t = tree({
      "package.json": "{}\n",
      ".next/static/chunks/app/page-1a.js": chunk(secretKey()),
      ".next/server/app/page.js": chunk(secretKey()),
      ".svelte-kit/output/client/_app/immutable/entry/app.js": chunk(secretKey()),
      ".svelte-kit/output/server/index.js": chunk(secretKey()),
    });
    for (const [dir, file] of [
      [".next/static", ".next/static/chunks/app/page-1a.js"],
      [".svelte-kit/output/client", ".svelte-kit/output/client/_app/immutable/entry/app.js"],
    ]) {
      const result = await runCli(["check-build", dir!, "--format", "json"], { cwd: t.dir });
      expect(result.stderr).toBe("roxels-guard: checked static site client output (1 path)\n");
      expect(result.code).toBe(1);
      expect((JSON.parse(result.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file)).toEqual([file]);
    }
  });

  it("exits 2 with one line when there is no build output", async () => {
    const t = tree({ "package.json": "{}\n", "src/index.ts": "export {};\n" });
    for (const args of [["check-build"], ["check-build", "src"]]) {
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^roxels-guard: no build output in /);
      expect(result.stdout).toBe("");
    }
  });

  it("says in one line that a file or a missing folder is not a build's output folder", async () => {
    const t = tree({ "dist/assets/a.js": chunk(secretKey()) });
    const file = await runCli(["check-build", "dist/assets/a.js"], { cwd: t.dir });
    expect(file.code).toBe(2);
    expect(file.stderr).toBe("roxels-guard: dist/assets/a.js is not a folder: name the build's output folder, or the project folder (default: .)\n");
    const missing = await runCli(["check-build", "dist2"], { cwd: t.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("roxels-guard: no such folder: dist2\n");
  });

  it("refuses more than one folder", async () => {
    const t = tree({ "dist/index.html": "<p></p>\n" });
    const result = await runCli(["check-build", "dist", "dist"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("check-build takes one folder");
  });
});

describe("check-build: from emitted file to source line", () => {
  it("traces a key through the chunk's source map (sourceMappingURL)", async () => {
    const key = secretKey();
    // One segment: generated line 1, column 0 -> sources[0], line 3, column 0.
    const map = { version: 3, sources: ["../../src/config.ts"], names: [], mappings: "AAEA" };
    const t = tree({
      "dist/assets/index.js": `const k="${key}";\n//# sourceMappingURL=index.js.map\n`,
      "dist/assets/index.js.map": JSON.stringify(map),
    });
    const result = await runCli(["check-build", "--format", "json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    const [finding] = (JSON.parse(result.stdout) as { findings: Array<{ file: string; source?: { file: string; line: number } }> }).findings;
    expect(finding?.file).toBe("dist/assets/index.js");
    expect(finding?.source).toMatchObject({ file: "src/config.ts", line: 3 });
    const text = await runCli(["check-build"], { cwd: t.dir });
    expect(text.stdout).toMatch(/dist\/assets\/index\.js:1:\d+ .*\n {2}from src\/config\.ts:3:1/);
  });

  it("finds a hidden map beside the chunk, and names the source a map's sourcesContent ships", async () => {
    const key = secretKey();
    const serverSource = `import pg from "pg";\n\nexport const db = pg.connect();\n// billing\nexport const billing = "${key}";\n`;
    const map = { version: 3, sources: ["../../src/server/db.ts"], sourcesContent: [serverSource], names: [], mappings: "AAAA" };
    const t = tree({ "dist/assets/db.js": "export const db = 1;\n", "dist/assets/db.js.map": JSON.stringify(map) });
    const result = await runCli(["check-build", "--format", "json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: Array<{ file: string; source?: { file: string; line: number } }> }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: "dist/assets/db.js.map", source: { file: "src/server/db.ts", line: 5 } });
  });

  it("puts the source in SARIF as a related location", async () => {
    const key = secretKey();
    const map = { version: 3, sources: ["../src/app.js"], names: [], mappings: "AACA" };
    const t = tree({ "dist/app.js": `x("${key}");\n`, "dist/app.js.map": JSON.stringify(map) });
    const result = await runCli(["check-build", "--format", "sarif"], { cwd: t.dir });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as { runs: Array<{ results: Array<{ locations: unknown[]; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }> };
    const related = sarif.runs[0]!.results[0]!.relatedLocations?.[0]?.physicalLocation;
    expect(related?.artifactLocation.uri).toBe("src/app.js");
    expect(related?.region?.startLine).toBe(2);
  });
});

describe("check-build: client output it cannot read", () => {
  /**
   * A file below a path longer than PATH_MAX, which nothing can open by its path: it
   * stands in for a file without read permission, which a test running as root cannot make.
   */
  function unreadableFileIn(dir: string, content: string): void {
    const level = "u".repeat(200);
    const made = spawnSync("bash", ["-c", `for _ in {1..24}; do mkdir ${level} && cd ${level} || exit 1; done; printf '%s' "$1" > chunk.js`, "bash", content], { cwd: dir, encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
  }

  it("is not a pass: exit 2, the file named in a warning, and a line saying the build is not shown clean", async () => {
    const t = tree({ "dist/index.html": "<p></p>\n" });
    const hidden = secretKey();
    try {
      unreadableFileIn(path.join(t.dir, "dist"), chunk(hidden));
      const result = await runCli(["check-build"], { cwd: t.dir });
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(3);
      // The listing stops at the first folder whose path is too long, and names it.
      expect(lines[1]).toMatch(/^roxels-guard: warning: cannot read "dist\/u{200}(\/u{200})+": ENAMETOOLONG$/);
      expect(lines[2]).toBe("roxels-guard: 1 path in the client output could not be read (see the warning above): not shown free of keys");
      expect(result.stdout).toContain("skipped: 1 unreadable");

      // A key it could read is still the finding: exit 1.
      const key = secretKey();
      t.write("dist/app.js", chunk(key));
      const found = await runCli(["check-build", "--format", "json"], { cwd: t.dir });
      expect(found.code).toBe(1);
      expect((JSON.parse(found.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file)).toEqual(["dist/app.js"]);
      expectNoKeyIn([found.stdout, found.stderr], [key, hidden]);
    } finally {
      // rm works down one folder at a time; the tree's own clean-up uses full paths, too long here.
      spawnSync("rm", ["-rf", path.join(t.dir, "dist")]);
    }
  });
});
