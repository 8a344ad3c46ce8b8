#!/usr/bin/env node
/**
 * The read floor (node-read-floor.cjs) with roxels-guard's own pre-filter in place of the
 * bare read: the same listing, and for each file the CLI's `prefilterOne` (open, read
 * into the SIMD kernel's memory, sniff the encoding, the kernel's verdict, close), and
 * nothing else: no ignore rules, no file names, no report, no CLI. real-tree.mjs times it
 * beside the floor and the scan, so that what the pre-filter's pass over the bytes costs
 * shows apart from what the scan does around it. Needs the CLI's bundles (npm run
 * build). Prints `files bytes candidates`.
 *
 * Usage: node bench/lib/prefilter-floor.cjs PATH
 */
"use strict";
const path = require("node:path");
const { eachFile } = require("./node-read-floor.cjs");
const { PrefilterKind, prefilterOne } = require("../../packages/cli/dist/prefilter-worker.cjs");

let files = 0;
let bytes = 0;
let candidates = 0;
eachFile(path.resolve(process.argv[2] ?? "."), (file) => {
  const outcome = prefilterOne(file, null);
  if (outcome.kind === PrefilterKind.Candidate) candidates++;
  bytes += outcome.bytes;
  files++;
});
process.stdout.write(`${files} ${bytes} ${candidates}\n`);
