/**
 * Real `next build`s of a small App Router app (offline: no remote fonts or images).
 * Turbopack, which no plugin reaches, is checked after the build with check-build: the
 * NEXT_PUBLIC_ key in a client chunk and a key a server component rendered into the
 * prerendered page are reported; a key in a route handler (server output) is not.
 * With productionBrowserSourceMaps, check-build names the source line through Turbopack's
 * maps. webpack mode fails the build itself through withRoxelsGuard, naming the source
 * line and the route whose client entry pulled it in.
 * Keys come from the environment; the route handler's is written for this run only.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NEXT, useInstalledProjects, recipe, runTool, writeFiles } from "../support/build-tools.js";
import { CLI_BIN, runCli } from "../support/cli.js";
import { secretKey } from "../support/keys.js";

const installed = useInstalledProjects(NEXT);

function nextApp(config: string, routeKey: string): string {
  const dir = installed.project("next-");
  writeFiles(dir, {
    "package.json": JSON.stringify({ name: "app", private: true }),
    "next.config.mjs": config,
    "app/layout.js": `export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
    "app/page.js": [
      `import { Pay } from "./pay.js";`,
      ``,
      `export default function Page() {`,
      `  return <main data-account={process.env.ROXELS_RENDERED_KEY}><Pay /></main>;`,
      `}`,
      ``,
    ].join("\n"),
    "app/pay.js": [
      `"use client";`,
      ``,
      `export function Pay() {`,
      `  const pay = () => fetch("/api/pay", { headers: { authorization: "Bearer " + process.env.NEXT_PUBLIC_ROXELS_KEY } });`,
      `  return <button onClick={pay}>Pay</button>;`,
      `}`,
      ``,
    ].join("\n"),
    "app/api/pay/route.js": `export const dynamic = "force-static";\nconst secret = "${routeKey}";\nexport async function POST() {\n  return fetch("https://api.roxels.example/charge", { method: "POST", headers: { authorization: "Bearer " + secret } });\n}\n`,
  });
  return dir;
}

const nextBuild = (dir: string, args: string[], env: Record<string, string>) =>
  runTool(process.execPath, [path.join(installed.root(), "node_modules/next/dist/bin/next"), "build", ...args], dir, env, 480_000);

interface JsonFinding {
  readonly file: string;
  readonly masked: string;
  readonly source?: { file: string; line: number };
}

describe("Next.js", () => {
  it("Turbopack: check-build after next build reports the public and prerendered keys, not the route handler's, with the source line from the browser maps", async () => {
    const [publicKey, renderedKey, routeKey] = [secretKey(), secretKey(), secretKey()];
    // What docs/build-guard.md tells a Turbopack user to set for source lines.
    const dir = nextApp("export default { productionBrowserSourceMaps: true };\n", routeKey);
    // The recipe as written, with next and roxels-guard on PATH as npm scripts have them.
    const bin = path.join(dir, ".bin");
    mkdirSync(bin);
    symlinkSync(path.join(installed.root(), "node_modules/next/dist/bin/next"), path.join(bin, "next"));
    symlinkSync(CLI_BIN, path.join(bin, "roxels-guard"));
    const env = { NEXT_PUBLIC_ROXELS_KEY: publicKey, ROXELS_RENDERED_KEY: renderedKey, PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` };
    const build = await runTool("sh", ["-c", recipe("next-check-build")], dir, env, 480_000);
    expect(build.output).toContain("Turbopack");
    expect(build.output).toContain("checked Next.js client output");
    expect(build.code).toBe(1);

    const result = await runCli(["check-build", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("checked Next.js client output");
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const masked = (key: string) => `${key.slice(0, 7)}…${key.slice(-4)}`;
    const where = (key: string) => findings.filter((f) => f.masked === masked(key)).map((f) => f.file);
    expect(where(publicKey).length).toBeGreaterThan(0);
    for (const file of where(publicKey)) expect(file).toMatch(/^\.next\/static\//);
    // Turbopack's maps (index maps, sources named turbopack:///[project]/…) lead to the line.
    const inChunks = findings.filter((f) => f.masked === masked(publicKey) && f.file.endsWith(".js"));
    expect(inChunks.length).toBeGreaterThan(0);
    for (const f of inChunks) expect(f.source).toMatchObject({ file: "app/pay.js", line: 4 });
    expect(where(renderedKey)).toEqual(expect.arrayContaining([".next/server/app/index.html", ".next/server/app/index.rsc"]));
    expect(where(routeKey)).toEqual([]);
    expect(result.stdout).not.toContain(publicKey);
  });

  it("Turbopack: withRoxelsGuard fails next build once compilation is done, naming the client chunk", async () => {
    const publicKey = secretKey();
    const dir = nextApp(`${recipe("next")}\n`, secretKey());
    const build = await nextBuild(dir, [], { NEXT_PUBLIC_ROXELS_KEY: publicKey });
    expect(build.output).toContain("Turbopack");
    expect(build.code).not.toBe(0);
    expect(build.output).toContain("roxels-guard: 1 secret key in the client bundle (.next/static)");
    expect(build.output).toMatch(/\.next\/static\/chunks\/[\w.-]+\.js:\d+:\d+ {2}roxels-secret {2}sk_/);
    expect(build.output).not.toContain(publicKey);
  });

  it("webpack: withRoxelsGuard fails next build --webpack, naming the client chunk and source line", async () => {
    const publicKey = secretKey();
    const dir = nextApp(`${recipe("next")}\n`, secretKey());
    const build = await nextBuild(dir, ["--webpack"], { NEXT_PUBLIC_ROXELS_KEY: publicKey });
    expect(build.code).not.toBe(0);
    expect(build.output).toContain("roxels-guard: 1 secret key in the client bundle");
    expect(build.output).toMatch(/\.next\/static\/chunks\/app\/page-[0-9a-f]+\.js:\d+:\d+ {2}roxels-secret {2}sk_/);
    // From the route's client entry (a loader module in Next.js) to the client component.
    expect(build.output).toMatch(/\n {2}from app\/pay\.js:4:\d+\n {2}imported by app\/page\.js\n/);
    expect(build.output).not.toContain(publicKey);
  });
});
