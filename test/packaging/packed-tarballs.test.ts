/**
 * The packages as npm ships them: `npm pack` of the CLI and of the ESLint plugin, each
 * installed alone into a fresh project outside this repository (the plugin next to eslint
 * and typescript from the registry), then used as a user would.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";
import { masked, secretKey } from "../support/keys.js";
import { freshProject, npmInstall, pack, PUBLISHED, run, type Packed } from "../support/packed.js";
import { npmProject, projectIn } from "../support/registry-install.js";

const ESLINT = "10.15.0";
const TYPESCRIPT = "5.9.3";

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const packs = {} as Record<keyof typeof PUBLISHED, Packed>;
beforeAll(() => {
  const destination = mkdtempSync(path.join(os.tmpdir(), "roxels-packed-"));
  cleanup.push(destination);
  for (const [name, folder] of Object.entries(PUBLISHED)) packs[name as keyof typeof PUBLISHED] = pack(folder, destination);
}, 120_000);

function tarText(tarball: string, file: string): string {
  return execFileSync("tar", ["-xzOf", tarball, `package/${file}`], { encoding: "utf8" });
}

describe.each(Object.keys(PUBLISHED) as Array<keyof typeof PUBLISHED>)("the %s tarball", (name) => {
  it("holds LICENSE, README and package.json with a repository, and no build caches or dangling source maps", () => {
    const { tarball, files } = packs[name];
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(tarText(tarball, "LICENSE")).toBe(readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8"));
    const pkg = JSON.parse(tarText(tarball, "package.json")) as { repository?: { url?: string }; dependencies?: Record<string, string> };
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\//);
    // Nothing that only exists in this repository.
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith("@roxels-guard/"))).toEqual([]);
    expect(files.filter((f) => /\.tsbuildinfo$|(^|\/)\.|\.map$|\.test\.|(^|\/)src\//.test(f))).toEqual([]);
    for (const file of files.filter((f) => /\.[cm]?js$/.test(f))) {
      // A comment on a line of its own: bundled code may hold the text in a string (unplugin does).
      const map = /^\/\/# sourceMappingURL=(\S+)\s*$/m.exec(tarText(tarball, file))?.[1];
      if (map !== undefined) expect(files, `${file} points at ${map}`).toContain(path.posix.join(path.posix.dirname(file), map));
    }
  });

  it("has a README whose links work outside the repository", () => {
    const { tarball, files } = packs[name];
    const readme = tarText(tarball, "README.md");
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      if (/^(https?:|mailto:|#)/.test(link)) continue;
      expect(files, `README.md links ${link}`).toContain(path.posix.normalize(link.replace(/#.*$/, "")));
    }
  });
});

describe("roxels-guard installed alone from its tarball", () => {
  let app = "";
  const key = secretKey();
  const bin = () => path.join(app, "node_modules/.bin/roxels-guard");

  beforeAll(() => {
    app = freshProject("roxels-cli-app-");
    cleanup.push(app);
    // No registry needed: the package has no dependencies.
    npmInstall(app, ["--offline", "--save-dev", packs.cli.tarball]);
    mkdirSync(path.join(app, "src"));
    writeFileSync(path.join(app, "src/index.js"), "export const greeting = 'hello';\n");
    expect(run("git", ["init", "-q", "-b", "main"], app).status).toBe(0);
  }, 120_000);

  it("installs nothing but itself", () => {
    const lock = JSON.parse(readFileSync(path.join(app, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((p) => p !== "")).toEqual(["node_modules/roxels-guard"]);
  });

  it("finds a key in the files (exit 1), masked", () => {
    writeFileSync(path.join(app, "src/settings.js"), `export const roxelsKey = "${key}";\n`);
    try {
      const r = run(bin(), ["scan", "src"], app);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toContain("src/settings.js:1:");
      expect(r.stdout).toContain(masked(key));
      expect(r.stdout + r.stderr).not.toContain(key);
      expect(run(bin(), ["--version"], app).stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, PUBLISHED.cli, "package.json"), "utf8")).version);
    } finally {
      rmSync(path.join(app, "src/settings.js"));
    }
  });

  it("installs a pre-commit hook that blocks a commit adding a key and lets a clean one through", () => {
    const install = run(bin(), ["install"], app);
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(run("git", ["add", "-A"], app).status).toBe(0);
    const clean = run("git", ["commit", "-q", "-m", "clean"], app);
    expect(clean.status, clean.stderr).toBe(0);

    writeFileSync(path.join(app, "src/leak.js"), `export const k = "${key}";\n`);
    run("git", ["add", "src/leak.js"], app);
    const blocked = run("git", ["commit", "-q", "-m", "leak"], app);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("commit blocked");
    // git shows a hook's output on stderr.
    expect(blocked.stdout + blocked.stderr).toContain("src/leak.js:1:");
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(run("git", ["log", "--format=%s"], app).stdout.trim()).toBe("clean");
  });
});

describe("eslint-plugin-roxels installed alone from its tarball, next to eslint", () => {
  let app = "";
  const key = secretKey();

  beforeAll(async () => {
    const root = await npmProject({ eslint: ESLINT, typescript: TYPESCRIPT });
    app = projectIn(root, "plugin-app-");
    cleanup.push(app);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "an-app", private: true, type: "module" }));
    // eslint comes from the folder above (the registry install); the plugin from its tarball.
    npmInstall(app, ["--prefer-offline", "--legacy-peer-deps", "--no-package-lock", packs.plugin.tarball]);
    mkdirSync(path.join(app, "src"));
    writeFileSync(path.join(app, "src/client.js"), `export const roxelsKey = "${key}";\n`);
  }, 300_000);

  const eslintBin = () => path.join(app, "..", "node_modules/eslint/bin/eslint.js");

  it("reports a key with roxels.configs.recommended, from an ES module config", () => {
    writeFileSync(path.join(app, "eslint.config.js"), `import roxels from "eslint-plugin-roxels";\nexport default [roxels.configs.recommended];\n`);
    const json = run(process.execPath, [eslintBin(), "--format", "json", "src"], app);
    expect(json.status, json.stderr).toBe(1);
    const [result] = JSON.parse(json.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    expect(result!.messages.map((m) => m.ruleId)).toEqual(["roxels/no-secret-key-literal"]);
    // What a person reads shows the key masked (the JSON formatter also carries the source).
    const text = run(process.execPath, [eslintBin(), "src"], app);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(masked(key));
    expect(text.stdout).not.toContain(key);
  });

  it("loads with require() from CommonJS, with its configs and rules, as the object import() gives", () => {
    const script = `const roxels = require("eslint-plugin-roxels");
import("eslint-plugin-roxels").then(({ default: imported }) => console.log(JSON.stringify({ name: roxels.meta.name, configs: Object.keys(roxels.configs), rules: Object.keys(roxels.rules), self: roxels.configs.recommended.plugins.roxels === roxels, same: imported === roxels })));`;
    const r = run(process.execPath, ["-e", script], app);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; configs: string[]; rules: string[]; self: boolean; same: boolean };
    expect(out.name).toBe("eslint-plugin-roxels");
    expect(out.configs).toContain("recommended");
    expect(out.rules).toContain("no-secret-key-literal");
    expect(out.self).toBe(true);
    // import() and require() give the one plugin object.
    expect(out.same).toBe(true);
  });

  it("type-checks an eslint.config.ts using defineConfig with tsc --noEmit", () => {
    writeFileSync(
      path.join(app, "eslint.config.ts"),
      `import roxels from "eslint-plugin-roxels";
import { defineConfig } from "eslint/config";

export default defineConfig([roxels.configs.recommended, { rules: { "roxels/no-credential-logging": "warn" } }]);

// The plugin is typed, not \`any\`: a config is not a string.
// @ts-expect-error
export const notAString: string = roxels.configs.recommended;
`,
    );
    writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["eslint.config.ts"] }),
    );
    const tsc = path.join(app, "..", "node_modules/typescript/bin/tsc");
    const r = run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);

    // Not vacuous: a misspelt config is an error.
    writeFileSync(path.join(app, "eslint.config.ts"), `import roxels from "eslint-plugin-roxels";\nexport default [roxels.configs.recomended];\n`);
    const wrong = run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain("recomended");
  });
});
