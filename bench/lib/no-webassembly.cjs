// Preloaded with `node -r` (bench/real-tree.mjs): the process, and the worker threads
// that inherit its options, run without WebAssembly, so that the pre-filter takes its
// portable TypeScript path (packages/core/src/byte-prefilter.ts), as under --jitless.
"use strict";
delete globalThis.WebAssembly;
