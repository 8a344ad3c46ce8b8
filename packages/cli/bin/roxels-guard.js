#!/usr/bin/env node
// Plain JS shim so the bin exists (and is executable) before the TypeScript build runs.
// The pre-commit hook's command line, exactly `scan --staged`, runs from the bundled
// dist/hook.mjs (see packages/cli/build/bundle-hook.mjs), which starts git first; a build
// without the bundle (tsc alone) runs the same command from dist/main.js.
const argv = process.argv.slice(2);
let hook = null;
if (argv.length === 2 && argv[0] === "scan" && argv[1] === "--staged") {
  const bundle = new URL("../dist/hook.mjs", import.meta.url);
  try {
    hook = await import(bundle.href);
  } catch (error) {
    // Only the bundle itself missing falls back; anything else it fails on is an error.
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || error.url !== bundle.href) throw error;
  }
}
if (hook) {
  process.exitCode = await hook.runStaged(argv);
} else {
  const { run } = await import("../dist/main.js");
  process.exitCode = await run(argv);
}
