/**
 * What a user gets from npm: the CLI package packed with `npm pack`, installed from its
 * tarball into a Vite project and a webpack project (the bundlers from the registry
 * install one folder up), each config copied from docs/build-guard.md as printed; the build
 * fails on a planted key and passes clean. Then the subpaths' type declarations: tsc
 * type-checks a vite.config.ts, a webpack.config.ts and a next.config.ts (against Next.js's
 * own NextConfig type) that use them, and rejects a wrong option (so the types are real,
 * not `any`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLERS, NEXT, recipe, runTool, writeFiles } from "../support/build-tools.js";
import { REPO_ROOT } from "../support/cli.js";
import { embedKey, secretKey } from "../support/keys.js";
import { npmInstall, pack, PUBLISHED, run } from "../support/packed.js";
import { npmProject, projectIn } from "../support/registry-install.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

let root = "";
let nextRoot = "";
let tarball = "";
beforeAll(async () => {
  root = await npmProject(BUNDLERS);
  // The install next.test.ts makes: cached, not paid twice.
  nextRoot = await npmProject(NEXT);
  const destination = mkdtempSync(path.join(os.tmpdir(), "roxels-packed-plugins-"));
  made.push(destination);
  tarball = pack(PUBLISHED.cli, destination).tarball;
}, 600_000);

/** A project inside the registry install, with roxels-guard installed from the tarball. */
function projectWithTarball(prefix: string, files: Record<string, string>, installRoot = root): string {
  const dir = projectIn(installRoot, prefix);
  made.push(dir);
  writeFiles(dir, { "package.json": JSON.stringify({ name: "app", private: true, type: "module" }), ...files });
  // The package depends on nothing: no registry needed.
  npmInstall(dir, ["--offline", "--no-package-lock", "--no-save", tarball]);
  return dir;
}

const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");

function typeCheck(dir: string, file: string): { code: number | null; output: string } {
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: [file] }),
  );
  const r = run(process.execPath, [TSC, "-p", "tsconfig.json"], dir);
  return { code: r.status, output: r.stdout + r.stderr };
}

describe("roxels-guard/vite and roxels-guard/webpack installed from the packed tarball", () => {
  it("Vite: the documented config fails a build shipping a VITE_ key and passes clean; vite.config.ts type-checks", async () => {
    const dir = projectWithTarball("packed-vite-", {
      "vite.config.js": recipe("vite"),
      "index.html": `<!doctype html><div id="root"></div><script type="module" src="/src/main.jsx"></script>\n`,
      "src/main.jsx": `import { createRoot } from "react-dom/client";\n\ncreateRoot(document.getElementById("root")).render(<p>{import.meta.env.VITE_ROXELS_KEY}</p>);\n`,
    });
    const vite = path.join(root, "node_modules/vite/bin/vite.js");
    const key = secretKey();
    const leaking = await runTool(process.execPath, [vite, "build"], dir, { VITE_ROXELS_KEY: key });
    expect(leaking.code).not.toBe(0);
    expect(leaking.output).toMatch(/roxels-guard: 1 secret key in the client bundle[^\n]*\ndist\/assets\/index-[\w-]+\.js:\d+:\d+ .*\n {2}from src\/main\.jsx:3:\d+/);
    expect(leaking.output).not.toContain(key);
    const clean = await runTool(process.execPath, [vite, "build"], dir, { VITE_ROXELS_KEY: embedKey() });
    expect(clean.output).not.toContain("roxels-guard");
    expect(clean.code).toBe(0);

    writeFileSync(
      path.join(dir, "vite.config.ts"),
      `${recipe("vite")}

// Typed, not \`any\`: the options are checked, and the plugin is Vite's own Plugin type.
// @ts-expect-error warnOnly is a boolean
roxelsGuard({ warnOnly: "yes" });
export const plugin: import("vite").Plugin = roxelsGuard({ warnOnly: true, cwd: "." });
export const forRollup = roxelsGuard.rollup();
`,
    );
    const checked = typeCheck(dir, "vite.config.ts");
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  });

  it("webpack: the documented config fails a compilation with a key and passes clean; webpack.config.ts type-checks", async () => {
    const dir = projectWithTarball("packed-webpack-", {
      "webpack.config.mjs": recipe("webpack"),
      "src/index.js": `import { key } from "./key.js";\n\ndocument.body.onclick = () => fetch("/x", { headers: { authorization: key } });\n`,
      "build.mjs": `import webpack from "webpack";\nimport config from "./webpack.config.mjs";\nwebpack(config, (error, stats) => {\n  console.log(error ? error.message : stats.toString({ all: false, errors: true }));\n  process.exitCode = error || stats.hasErrors() ? 1 : 0;\n});\n`,
    });
    const key = secretKey();
    writeFileSync(path.join(dir, "src/key.js"), `export const key = "${key}";\n`);
    const leaking = await runTool(process.execPath, ["build.mjs"], dir);
    expect(leaking.code).toBe(1);
    expect(leaking.output).toMatch(/dist\/main\.js:\d+:\d+ .*\n {2}from src\/key\.js:1:\d+\n {2}imported by src\/index\.js/);
    expect(leaking.output).not.toContain(key);
    writeFileSync(path.join(dir, "src/key.js"), `export const key = "${embedKey()}";\n`);
    const clean = await runTool(process.execPath, ["build.mjs"], dir);
    expect(clean.output).not.toContain("roxels-guard");
    expect(clean.code).toBe(0);

    writeFileSync(
      path.join(dir, "webpack.config.ts"),
      `import type { Configuration } from "webpack";
import { RoxelsGuardPlugin, withRoxelsGuard } from "roxels-guard/webpack";

export const config: Configuration = { mode: "production", entry: "./src/index.js", plugins: [new RoxelsGuardPlugin({ warnOnly: false })] };
// withRoxelsGuard gives back the config it was given, typed as it was.
export const next: { reactStrictMode: boolean } = withRoxelsGuard({ reactStrictMode: true });
// @ts-expect-error cwd is a string
export const wrong = new RoxelsGuardPlugin({ cwd: 1 });
`,
    );
    const checked = typeCheck(dir, "webpack.config.ts");
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  });

  it("Next.js: next.config.ts type-checks against Next.js's NextConfig, a config function too, and wrong options are refused", () => {
    const dir = projectWithTarball("packed-next-", {}, nextRoot);
    writeFileSync(
      path.join(dir, "next.config.ts"),
      `import type { NextConfig } from "next";
import { withRoxelsGuard, type RoxelsGuardOptions } from "roxels-guard/next";

const nextConfig: NextConfig = { reactStrictMode: true, productionBrowserSourceMaps: true };
const options: RoxelsGuardOptions = { warnOnly: false, cwd: "." };
// What it returns is the config it was given, typed as it was: still a NextConfig.
const config: NextConfig = withRoxelsGuard(nextConfig, options);
export default config;

// A config function (Next.js calls it with the phase) keeps its type too.
export const fromPhase: (phase: string) => Promise<NextConfig> = withRoxelsGuard(async (phase: string): Promise<NextConfig> => ({ distDir: phase === "x" ? "out" : ".next" }));

// @ts-expect-error warnOnly is a boolean
withRoxelsGuard(nextConfig, { warnOnly: "yes" });
// @ts-expect-error a config is an object or a function, not a string
withRoxelsGuard("next.config");
// @ts-expect-error the result is the input's type: not a number
export const wrong: number = withRoxelsGuard(nextConfig);
`,
    );
    const checked = typeCheck(dir, "next.config.ts");
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);

    // The check proves something: the same file with an option misspelt fails.
    writeFileSync(path.join(dir, "misspelt.ts"), `import { withRoxelsGuard } from "roxels-guard/next";
export default withRoxelsGuard({}, { warnonly: true });
`);
    const refused = typeCheck(dir, "misspelt.ts");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/misspelt\.ts\(2,\d+\): error TS\d+: .*'warnonly' does not exist in type 'RoxelsGuardOptions'/);
  });
});
