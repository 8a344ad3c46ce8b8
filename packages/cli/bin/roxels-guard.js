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
    // Exit 1 means "keys found": anything the CLI did not handle means the scan could
    // not run (2), said in one line (the stack only with --debug).
    process.exitCode = 2;
    process.stderr.write(`roxels-guard: internal error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    if (argv.includes("--debug") && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  },
);
