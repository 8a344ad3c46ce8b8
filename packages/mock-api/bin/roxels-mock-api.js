#!/usr/bin/env node
// Plain JS shim so the bin exists (and is executable) before the TypeScript build runs.
import { main } from "../dist/main.js";

await main(process.argv.slice(2));
