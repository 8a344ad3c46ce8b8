/**
 * Where a key in a Rollup/Vite/Rolldown chunk came from, without a source map: from what
 * the bundler already holds in `generateBundle`. Each chunk lists its modules with their
 * rendered code (`chunk.modules[id].code`), so the module holding the key is known; its
 * line is then the key's own line in that module's source, or the line that reads the
 * `define` / env entry whose value holds it. A clean build pays nothing for this: it runs
 * only for a chunk that holds a key, which fails the build anyway.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { scanText, type Finding, type ScanSink } from "@roxels-guard/scanner";
import type { TracedPosition } from "./source-trace.js";

/** A name the bundler replaces with a value: a `define` entry, or an env variable it inlines. */
export interface InlinedName {
  /** As code reads it: `__KEY__`, `process.env.KEY`, `import.meta.env.VITE_KEY`. */
  readonly references: readonly string[];
  /** The text put in its place (for `define`, the expression; for env, the string). */
  readonly value: string;
}

export interface RenderedModules {
  readonly [id: string]: { readonly code: string | null };
}

export interface ModuleSource {
  readonly file: string;
  readonly text: string;
}

/** A module id's source: the file on disk, or what the bundler loaded for a virtual module. */
export function moduleSourceReader(loaded: (id: string) => string | null | undefined): (id: string) => ModuleSource | null {
  const cache = new Map<string, ModuleSource | null>();
  return (id) => {
    if (cache.has(id)) return cache.get(id)!;
    const file = id.replace(/^\0/, "").replace(/\?.*$/, "");
    let source: ModuleSource | null = null;
    if (path.isAbsolute(file) && existsSync(file)) {
      try {
        source = { file, text: readFileSync(file, "utf8") };
      } catch {
        source = null;
      }
    }
    if (source === null) {
      const code = loaded(id);
      source = typeof code === "string" ? { file: path.resolve(file), text: code } : null;
    }
    cache.set(id, source);
    return source;
  };
}

function holds(text: string, fingerprint: string, outer: ScanSink): { line: number; column: number } | null {
  const sink: ScanSink = { ...outer, findings: [], suppressed: [] };
  scanText(text, { file: "", bytewise: false }, sink);
  const hit = sink.findings.find((f) => f.fingerprint === fingerprint);
  return hit ? { line: hit.line, column: hit.column } : null;
}

/** The first place `source` reads one of `references`, as a whole name (not `__KEY__2`). */
function firstReference(source: ModuleSource, references: readonly string[]): TracedPosition | null {
  let best: { index: number } | null = null;
  for (const reference of references) {
    const escaped = reference.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`).exec(source.text);
    if (match && (best === null || match.index < best.index)) best = { index: match.index };
  }
  if (best === null) return null;
  const before = source.text.slice(0, best.index);
  const line = before.split("\n").length;
  return { file: source.file, line, column: best.index - before.lastIndexOf("\n") };
}

/** The string an inlined value stands for: `"abc"` in a define is the text abc. */
function unquoted(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "string" ? parsed : value;
  } catch {
    return value;
  }
}

/**
 * The source behind `finding` in a chunk. `keyText` is the key as the emitted text spells it
 * (used only to match pieces of it in `define` values, in memory), null when encoded.
 */
export function locateInRenderedModules(
  modules: RenderedModules,
  finding: Finding,
  keyText: string | null,
  inlined: readonly InlinedName[],
  readSource: (id: string) => ModuleSource | null,
  outer: ScanSink,
): TracedPosition | null {
  const ids = Object.keys(modules);
  const holders = ids.filter((id) => {
    const code = modules[id]?.code;
    return typeof code === "string" && holds(code, finding.fingerprint, outer) !== null;
  });
  const sources = holders.map(readSource).filter((source): source is ModuleSource => source !== null);
  // The key written in a module's source: a server module imported by client code.
  for (const source of sources) {
    const own = holds(source.text, finding.fingerprint, outer);
    if (own) return { file: source.file, ...own };
  }
  // The module reads a name the bundler replaced with a value holding the key.
  const carriers = inlined.filter((entry) => holds(entry.value, finding.fingerprint, outer) !== null).flatMap((c) => c.references);
  // Or values that each hold a piece of it, joined in code (`__A__ + __B__`), which the
  // minifier folded into one string.
  const pieces = keyText === null ? [] : inlined.filter((entry) => isPieceOf(keyText, unquoted(entry.value))).flatMap((p) => p.references);
  for (const references of [carriers, pieces]) {
    if (references.length === 0) continue;
    for (const source of sources) {
      const reference = firstReference(source, references);
      if (reference) return reference;
    }
  }
  if (sources.length > 0) return { file: sources[0]!.file };
  // No module's rendered code holds the whole key: the chunk's minifier joined it.
  if (pieces.length === 0) return null;
  for (const id of ids) {
    const source = readSource(id);
    const reference = source ? firstReference(source, pieces) : null;
    if (reference) return reference;
  }
  return null;
}

function isPieceOf(key: string, value: string): boolean {
  return value.length >= 3 && value.length < key.length && key.includes(value);
}

/** The key as `text` spells it at a finding's place, for in-memory matching only. */
export function keyTextAt(text: string, finding: Finding): string | null {
  if (finding.encoding !== "plain") return null;
  let start = 0;
  for (let line = 1; line < finding.line; line++) {
    start = text.indexOf("\n", start) + 1;
    if (start === 0) return null;
  }
  return text.slice(start + finding.column - 1, start + finding.endColumn - 1);
}
