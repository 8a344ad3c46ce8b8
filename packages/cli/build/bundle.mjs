#!/usr/bin/env node
/**
 * Builds the CLI's CommonJS bundles in packages/cli/dist from the compiled dist/ files
 * (run after `tsc -b`; the root `build` script does). Node 20 spends more time finding,
 * reading and linking ~40 small ES modules than running them; one CommonJS file, with
 * the bin shim CommonJS too (bin/package.json), also spares a run Node's ES module loader
 * altogether (~8 ms here).
 *
 *   hook.cjs              the pre-commit hook's path (`roxels-guard scan --staged`), from
 *                         src/hooks/staged-entry.ts, which starts `git diff --cached` before
 *                         the rest of the bundle is evaluated, so git runs beside it. What
 *                         `scan --staged` never loads stays outside it, loaded with
 *                         `import()` from the real module at run time: the other commands,
 *                         the history and file scans, the JSON and SARIF reporters.
 *   cli.cjs               every other command line: all of dist/main.js and what it loads.
 *   prefilter-worker.cjs  the file scan's worker thread (scanner's prefilter-pool.js), which
 *                         cli.cjs starts instead of the ES module.
 *
 * A bundle moves code away from the file it was compiled to, so `import.meta.url` would
 * resolve against the bundle: each module that uses it is either left out (hook.cjs) or
 * relocated (RELOCATED below: its one use replaced by the location it means). The build
 * fails if any other bundled module uses `import.meta` for anything but
 * `createRequire(import.meta.url)("node:…")`. The bin shim falls back to dist/main.js
 * when a bundle is missing (`tsc -b` alone).
 *
 * `node packages/cli/build/bundle.mjs [--only NAME --out FILE] [--clean]`
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = path.dirname(CLI);
const DIST = path.join(CLI, "dist");

/** dist files (relative to packages/) left out of the hook's bundle. */
const HOOK_EXTERNAL = new Set([
  "cli/dist/commands/baseline.js",
  "cli/dist/commands/verify.js",
  "cli/dist/commands/revoke.js",
  "cli/dist/commands/install.js",
  "cli/dist/version.js",
  "scanner/dist/history.js",
  "scanner/dist/scan-files.js",
  "reporters/dist/json.js",
  "reporters/dist/sarif.js",
]);

/** How the bundle (in cli/dist) imports a left-out module: relative in its own package, by package name otherwise. */
function specifierFor(relative) {
  const [pkg, , ...rest] = relative.split("/");
  if (pkg === "cli") return `./${rest.join("/")}`;
  return `@roxels-guard/${pkg}/${rest.join("/").replace(/\.js$/, "")}`;
}

const ALLOWED_IMPORT_META = /createRequire\(import\.meta\.url\)\("node:[a-z_/]+"\)/g;

/** A file URL, in the bundle, of a file beside the bundle (bundles live in cli/dist). */
const besideBundle = (...parts) => `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${parts.map((p) => JSON.stringify(p)).join(", ")}))`;

/** Modules whose one `import.meta.url` is replaced by what it means there. */
const RELOCATED = {
  // `ignore` resolved from where the unbundled module is, as it is there.
  "scanner/dist/gitignore-rules.js": {
    from: 'createRequire(import.meta.url)("ignore")',
    to: 'createRequire(require.resolve("@roxels-guard/scanner/gitignore-rules"))("ignore")',
  },
  "cli/dist/version.js": { from: 'new URL("../package.json", import.meta.url)', to: besideBundle("..", "package.json") },
  "scanner/dist/prefilter-pool.js": { from: 'new URL("./prefilter-pool.js", import.meta.url).href', to: `${besideBundle("prefilter-worker.cjs")}.href` },
};

export const BUNDLES = {
  hook: { entry: "hooks/staged-entry.js", output: "hook.cjs", external: HOOK_EXTERNAL },
  cli: { entry: "main.js", output: "cli.cjs", external: new Set() },
  "prefilter-worker": { entry: "../../scanner/dist/prefilter-pool.js", output: "prefilter-worker.cjs", external: new Set() },
};

/** One bundle's text. */
export async function bundle(name) {
  const { entry: entryPath, output: outputName, external } = BUNDLES[name];
  const entry = path.join(DIST, entryPath);
  readFileSync(entry); // a missing build says so before rolldown does
  const bundle = await rolldown({
    input: entry,
    platform: "node",
    logLevel: "warn",
    plugins: [
      {
        name: "roxels-guard-bundle",
        transform(code, id) {
          const relative = path.relative(PACKAGES, id).split(path.sep).join("/");
          const relocated = RELOCATED[relative];
          if (relocated) {
            if (!code.includes(relocated.from)) throw new Error(`${relative} changed: update RELOCATED in bundle.mjs`);
            code = code.replace(relocated.from, relocated.to);
          }
          if (code.replace(ALLOWED_IMPORT_META, "").includes("import.meta")) {
            throw new Error(`${relative} uses import.meta: list it in EXTERNAL (it would resolve against the bundle's location)`);
          }
          return relocated ? code : null;
        },
        async resolveId(source, importer, options) {
          if (source.startsWith("node:")) return { id: source, external: true };
          const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
          if (!resolved || resolved.external) return resolved;
          const relative = path.relative(PACKAGES, resolved.id).split(path.sep).join("/");
          return external.has(relative) ? { id: specifierFor(relative), external: true } : resolved;
        },
      },
    ],
  });
  try {
    const { output } = await bundle.generate({ format: "cjs", codeSplitting: false, comments: false });
    if (output.length !== 1) throw new Error(`expected one file, got ${output.length}`);
    const { code } = output[0];
    const from = path.relative(CLI, entry).split(path.sep).join("/");
    return `// Generated by packages/cli/build/bundle.mjs (${outputName}) from ${from}: edit the sources, not this file.\n${code}`;
  } finally {
    await bundle.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--clean")) {
    for (const { output } of Object.values(BUNDLES)) rmSync(path.join(DIST, output), { force: true });
  } else if (args.includes("--only")) {
    const name = args[args.indexOf("--only") + 1];
    const out = args.includes("--out") ? path.resolve(args[args.indexOf("--out") + 1]) : path.join(DIST, BUNDLES[name].output);
    writeFileSync(out, await bundle(name));
  } else {
    for (const [name, { output }] of Object.entries(BUNDLES)) writeFileSync(path.join(DIST, output), await bundle(name));
  }
}
