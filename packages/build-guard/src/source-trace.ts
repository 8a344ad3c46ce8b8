/**
 * From a place in emitted output back to the source line that put a key there, through
 * the output's source map: the map a bundler hands a plugin, a `sourceMappingURL`
 * comment, or a `.map` file beside the output. A map is read only for a file that holds
 * a key, so a clean build never parses one.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodedMap, FlattenMap, TraceMap, traceSegment, type SourceMapInput } from "@jridgewell/trace-mapping";

/** A source map as JSON gives it. */
export interface RawSourceMap {
  readonly version: number;
  readonly sources: ReadonlyArray<string | null>;
  readonly sourcesContent?: ReadonlyArray<string | null> | null;
  readonly sourceRoot?: string;
  readonly mappings: string;
  readonly names?: readonly string[];
  readonly file?: string;
}

export interface TracedPosition {
  /** Absolute path of the source file. */
  readonly file: string;
  /** Absent when only the file is known (the module that held a key, its line not found). */
  readonly line?: number;
  readonly column?: number;
}

/**
 * Where a map's `sources` entry lies on disk. webpack names sources
 * `webpack://<namespace>/./src/x.js` (relative to the compiler's context) and may
 * prefix loaders (`…/loader.js!./src/x.js`) or, in a module's own map, its type
 * (`esm|./src/x.js`); other bundlers write paths relative to the map's folder.
 */
export function resolveSourcePath(source: string, mapDir: string, context: string, sourceRoot = ""): string {
  if (source.startsWith(TURBOPACK_PROJECT)) return fromTurbopackRoot(source.slice(TURBOPACK_PROJECT.length).replace(/\?.*$/, ""), context);
  let s = source.startsWith("webpack://") ? source.slice("webpack://".length).replace(/^[^/]*\//, "") : source;
  if (s.startsWith("file://")) return fileURLToPath(s);
  // Loaders (`a-loader.js!./x.js`) and module types (`esm|./x.js`) before the path.
  const cut = Math.max(s.lastIndexOf("!"), s.lastIndexOf("|"));
  if (cut !== -1) s = s.slice(cut + 1);
  s = s.replace(/\?.*$/, "");
  if (source.startsWith("webpack://")) return path.resolve(context, s);
  if (path.isAbsolute(s)) return s;
  return path.resolve(mapDir, sourceRoot, s);
}

/** Turbopack names sources from its project root: `turbopack:///[project]/app/page.js`. */
const TURBOPACK_PROJECT = "turbopack:///[project]/";

/**
 * Turbopack's project root is the folder of the lockfile or workspace, which may lie above
 * the app: the source is looked for from the app's folder upwards.
 */
function fromTurbopackRoot(relative: string, context: string): string {
  for (let dir = path.resolve(context); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(context, relative);
  }
}

/** The original position of a 1-based line and column in the output, or null where the map says nothing. */
export function traceThroughMap(map: RawSourceMap, line: number, column: number, mapDir: string, context: string): TracedPosition | null {
  let segment;
  try {
    // The segment at or before the column: a key sits inside a string that starts a segment.
    segment = traceSegment(new TraceMap(map as unknown as SourceMapInput), line - 1, column - 1);
  } catch {
    return null; // a malformed map locates nothing; the emitted file is still named
  }
  if (!segment || segment.length < 4) return null;
  const source = map.sources[segment[1]!];
  if (source === null || source === undefined) return null;
  return { file: resolveSourcePath(source, mapDir, context, map.sourceRoot ?? ""), line: segment[2]! + 1, column: segment[3]! + 1 };
}

/**
 * A source map from its JSON text. An index map (`sections`, as Turbopack writes) is
 * flattened into one, so every map is traced and its `sourcesContent` read the same way.
 */
export function parseSourceMap(text: string): RawSourceMap | null {
  try {
    const map = JSON.parse(text) as RawSourceMap & { sections?: unknown };
    if (map && typeof map === "object" && Array.isArray(map.sections)) return encodedMap(new FlattenMap(map as unknown as SourceMapInput)) as unknown as RawSourceMap;
    return map && typeof map === "object" && Array.isArray(map.sources) && typeof map.mappings === "string" ? map : null;
  } catch {
    return null;
  }
}

const MAPPING_URL = /[#@] sourceMappingURL=(\S+)\s*(?:\*\/\s*)?$/;

/**
 * The map of an emitted file on disk: its `sourceMappingURL` (a data: URL or a path
 * beside it), or `<file>.map`. Maps marked "hidden" have no comment, only the file.
 */
export function mapForFile(absolute: string, text: string): RawSourceMap | null {
  const tail = text.slice(-4096).trimEnd();
  const url = MAPPING_URL.exec(tail)?.[1];
  if (url?.startsWith("data:")) {
    const comma = url.indexOf(",");
    const body = url.slice(comma + 1);
    const json = /;base64$/.test(url.slice(0, comma)) ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
    return parseSourceMap(json);
  }
  const candidates = [url ? path.resolve(path.dirname(absolute), decodeURIComponent(url)) : null, `${absolute}.map`];
  for (const candidate of candidates) {
    if (candidate === null || !existsSync(candidate)) continue;
    try {
      return parseSourceMap(readFileSync(candidate, "utf8"));
    } catch {
      return null;
    }
  }
  return null;
}
