/**
 * Keys in a folder a bundler has just written (Next.js's `.next/static` after a Turbopack
 * compilation), read in this process: a bundler plugin must not start the file scan's
 * worker threads, whose module the CLI's bundles, not the plugins', carry.
 */
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import type { ScanSettings } from "@roxels-guard/scanner/settings";
import type { Finding } from "@roxels-guard/scanner";
import { CLIENT_TEXT, scanEmitted, sinkFor } from "./emitted-scan.js";
import { mapForFile } from "./source-trace.js";

export function scanEmittedFolder(settings: ScanSettings, folder: string): Finding[] {
  const sink = sinkFor(settings);
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true, recursive: true }) as Dirent[];
  } catch {
    return []; // nothing written there: nothing shipped from there
  }
  for (const entry of entries) {
    if (!entry.isFile() || !CLIENT_TEXT.test(entry.name)) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const text = readFileSync(absolute, "utf8");
    scanEmitted({ absolute, text, map: () => mapForFile(absolute, text) }, sink, { root: settings.cwd });
  }
  return sink.findings;
}
