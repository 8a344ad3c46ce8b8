#!/usr/bin/env node
// The pre-commit framework's entry (.pre-commit-hooks.yaml, `language: script`): the CLI,
// prebuilt into bundle/ beside this file by `npm run build:pre-commit` (the same bundles
// as the npm package, packages/cli/build/bundle.mjs), so pre-commit installs and builds
// nothing. bundle/ reads its version from package.json here.
"use strict";
require("./bundle/cli.cjs")
  .run(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      // Exit 1 means "keys found": anything unhandled means the scan could not run.
      process.exitCode = 2;
      process.stderr.write(`roxels-guard: internal error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    },
  );
