#!/usr/bin/env node
// Plain JS shim so the bin exists (and is executable) before the TypeScript build runs.
import { run } from "../dist/main.js";

process.exitCode = await run(process.argv.slice(2));
