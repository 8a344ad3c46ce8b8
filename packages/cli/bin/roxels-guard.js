#!/usr/bin/env node
// Plain JS shim so the bin exists (and is executable) before the TypeScript build runs.
//
// CommonJS (bin/package.json): the pre-commit hook's command line, exactly `scan
// --staged`, runs from the bundled dist/hook.cjs (see packages/cli/build/bundle-hook.mjs),
// which starts git first; so the hook never starts Node's ES module loader, which alone
// costs it several ms. Every other command line, and `scan --staged` when the bundle was
// not built (tsc alone), runs from the ES modules of dist/main.js.
"use strict";
const path = require("node:path");
const { existsSync } = require("node:fs");

const argv = process.argv.slice(2);
const bundle = path.join(__dirname, "..", "dist", "hook.cjs");
const hook = argv.length === 2 && argv[0] === "scan" && argv[1] === "--staged" && existsSync(bundle);
const run = hook ? require(bundle).runStaged : (args) => import("../dist/main.js").then((main) => main.run(args));

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
