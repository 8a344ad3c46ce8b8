#!/usr/bin/env node
// Plain JS shim so the bin exists (and is executable) before the TypeScript build runs.
//
// CommonJS (bin/package.json), and so are the bundles it loads (see
// packages/cli/build/bundle.mjs): a run never starts Node's ES module loader, which alone
// costs several ms, nor finds and links ~40 modules. The pre-commit hook's command line,
// exactly `scan --staged`, runs from dist/hook.cjs, which starts git first; every other
// one from dist/cli.cjs. Without the bundles (tsc alone) it runs dist/main.js.
"use strict";
const path = require("node:path");
const { existsSync } = require("node:fs");

const argv = process.argv.slice(2);
const dist = path.join(__dirname, "..", "dist");
const hookBundle = path.join(dist, "hook.cjs");
const cliBundle = path.join(dist, "cli.cjs");
const run =
  argv.length === 2 && argv[0] === "scan" && argv[1] === "--staged" && existsSync(hookBundle)
    ? require(hookBundle).runStaged
    : existsSync(cliBundle)
      ? require(cliBundle).run
      : (args) => import("../dist/main.js").then((main) => main.run(args));

run(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // As an uncaught error in an ES module entry: printed, exit code 1.
    process.exitCode = 1;
    throw error;
  },
);
