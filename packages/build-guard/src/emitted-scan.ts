/**
 * Keys in one emitted file (a chunk, a stylesheet, a page, a source map), found by the
 * scanner's one text scan and traced back to their source. Plugins hand over what the
 * bundler holds in memory; check-build hands over what it read from disk.
 */
import path from "node:path";
import type { Finding, SourceOrigin } from "@roxels-guard/scanner";
import type { ScanSettings } from "@roxels-guard/scanner/settings";
import { scanText, type ScanSink } from "@roxels-guard/scanner";
import { parseSourceMap, resolveSourcePath, traceThroughMap, type RawSourceMap, type TracedPosition } from "./source-trace.js";

/** The extensions of what a browser loads from a build: code, styles, pages, maps, RSC payloads, data. */
export const CLIENT_TEXT = /\.(?:m?js|cjs|css|html?|map|rsc|json|txt|svg|xml|webmanifest)$/i;

export interface EmittedFile {
  /** Absolute path where the file is (or will be) written. */
  readonly absolute: string;
  readonly text: string;
  /** Its source map, when the bundler has one in hand; otherwise one is looked for on demand. */
  readonly map?: () => RawSourceMap | null;
}

export interface TraceContext {
  /** Project folder: reported paths are relative to it; webpack's sources are too. */
  readonly root: string;
  /** The modules that pulled a source file into the build, entry first (plugins know them). */
  readonly importChain?: (absoluteSource: string) => readonly string[] | undefined;
  /** When no map places a key: which source module holds it (the bundler knows), given the emitted text. */
  readonly locateInModules?: (finding: Finding, text: string) => TracedPosition | null;
}

export function sinkFor(settings: ScanSettings): ScanSink {
  return { suppressions: settings.suppressions, kinds: settings.kinds, explain: false, findings: [], suppressed: [] };
}

export function relativeTo(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return (relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative).split(path.sep).join("/");
}

/** Scan one emitted file; its findings (with their sources where known) go into `sink`. */
export function scanEmitted(file: EmittedFile, sink: ScanSink, context: TraceContext): void {
  const local: ScanSink = { ...sink, findings: [], suppressed: sink.suppressed };
  scanText(file.text, { file: relativeTo(context.root, file.absolute), bytewise: false }, local);
  if (local.findings.length === 0) return;
  const isMap = file.absolute.endsWith(".map");
  const sources = isMap ? sourcesContentOrigins(file, local, context) : null;
  const map = isMap ? null : (file.map?.() ?? null);
  for (const finding of local.findings) {
    let traced: TracedPosition | null = null;
    if (sources) traced = sources.get(finding.fingerprint)?.shift() ?? null;
    else if (map) traced = traceThroughMap(map, finding.line, finding.column, path.dirname(file.absolute), context.root);
    if (traced === null && context.locateInModules) traced = context.locateInModules(finding, file.text);
    if (traced !== null) finding.source = sourceOrigin(traced, context);
    sink.findings.push(finding);
  }
}

/** A traced position as a finding's source: paths from the project folder, with the import chain where known. */
export function sourceOrigin(traced: TracedPosition, context: TraceContext): SourceOrigin {
  const chain = context.importChain?.(traced.file);
  return {
    file: relativeTo(context.root, traced.file),
    ...(traced.line !== undefined ? { line: traced.line } : {}),
    ...(traced.column !== undefined ? { column: traced.column } : {}),
    ...(chain && chain.length > 0 ? { importChain: chain.map((m) => relativeTo(context.root, m)) } : {}),
  };
}

/**
 * A map's `sourcesContent` ships every source it covers, server code included when a
 * client module imports it. Each entry is scanned on its own, so a key found in the map
 * names the source it belongs to and its line there.
 */
function sourcesContentOrigins(file: EmittedFile, found: ScanSink, context: TraceContext): Map<string, TracedPosition[]> {
  const origins = new Map<string, TracedPosition[]>();
  const map = parseSourceMap(file.text);
  if (!map?.sourcesContent) return origins;
  const wanted = new Set(found.findings.map((f) => f.fingerprint));
  for (const [index, content] of map.sourcesContent.entries()) {
    const source = map.sources[index];
    if (typeof content !== "string" || typeof source !== "string") continue;
    const sink: ScanSink = { ...found, findings: [], suppressed: [] };
    scanText(content, { file: source, bytewise: false }, sink);
    const absolute = resolveSourcePath(source, path.dirname(file.absolute), context.root, map.sourceRoot ?? "");
    for (const f of sink.findings) {
      if (!wanted.has(f.fingerprint)) continue;
      const list = origins.get(f.fingerprint) ?? [];
      list.push({ file: absolute, line: f.line, column: f.column });
      origins.set(f.fingerprint, list);
    }
  }
  return origins;
}
