#!/usr/bin/env node
/**
 * The least any Node program must do to scan a folder: list its files as roxels-guard
 * does (no symlinks, no .git or node_modules below the root) and read every byte, on
 * one thread, scanning nothing. bench/scan.mjs times it next to roxels-guard and rg, so
 * that the part of a ratio that is Node's own (start-up, the fs binding) shows apart
 * from the part that is the scanner's. CommonJS, as the CLI's bundle is: no ES module
 * loader. Prints `files bytes`. Its listing, `eachFile`, is also prefilter-floor.cjs's.
 *
 * Usage: node bench/lib/node-read-floor.cjs PATH
 */
"use strict";
const { closeSync, openSync, readdirSync, readSync, statSync } = require("node:fs");
const path = require("node:path");

/** Calls `visit` with every file under `target` (or `target` itself, a file), as the scan lists them. */
function eachFile(target, visit) {
  if (statSync(target).isFile()) return visit(target);
  const pending = [target];
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = dir + path.sep + entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== ".git" && entry.name !== "node_modules") pending.push(absolute);
      } else if (entry.isFile()) visit(absolute);
    }
  }
}

if (require.main === module) {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let files = 0;
  let bytes = 0;
  eachFile(path.resolve(process.argv[2] ?? "."), (file) => {
    const fd = openSync(file, "r");
    try {
      for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
        bytes += n;
        if (n < buffer.length) break;
      }
    } finally {
      closeSync(fd);
    }
    files++;
  });
  process.stdout.write(`${files} ${bytes}\n`);
}

module.exports = { eachFile };
