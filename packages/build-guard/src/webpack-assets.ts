/**
 * The plugin inside webpack (and Rspack, whose compiler has the same hooks): every asset
 * the client compilation emits is read at the last processing stage (REPORT), after
 * minifiers, HTML and source-map plugins have run, and a key fails the compilation.
 *
 * Where the build has no source maps (webpack's and Rspack's production default), a key
 * is traced through the generated code of the chunk's modules: only when a key was found,
 * and only the modules of that chunk. webpack keeps a map per module for that (see
 * `useSourceMap` below); Rspack keeps none, so there the line is found in the module's
 * generated code, which keeps its source's lines.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { scanText, type ScanSink } from "@roxels-guard/scanner";
import { CLIENT_TEXT, scanEmitted, sinkFor } from "./emitted-scan.js";
import { leakMessage } from "./report.js";
import { parseSourceMap, traceThroughMap, type RawSourceMap, type TracedPosition } from "./source-trace.js";
import { PLUGIN_NAME, settingsFor, type RoxelsGuardOptions } from "./plugin.js";

/* The few parts of webpack's API used here, typed by what they are used for. */
interface Source {
  source(): string | Buffer;
  map?(options?: { columns?: boolean }): RawSourceMap | null;
}
interface WebpackModule {
  readonly resource?: string;
  readonly rootModule?: WebpackModule;
}
interface Chunk {
  readonly files: Iterable<string>;
  readonly runtime: unknown;
}
interface Compilation {
  readonly compiler: { readonly context: string };
  readonly outputOptions: { readonly path?: string };
  readonly chunks: Iterable<Chunk>;
  readonly modules: Iterable<WebpackModule>;
  readonly errors: Error[];
  readonly warnings: Error[];
  readonly chunkGraph: { getChunkModulesIterable(chunk: Chunk): Iterable<WebpackModule> };
  readonly moduleGraph: { getIssuer(module: WebpackModule): WebpackModule | null | undefined; getModule(dependency: unknown): WebpackModule | null | undefined };
  readonly entries: ReadonlyMap<string, { readonly dependencies: readonly unknown[] }>;
  readonly codeGenerationResults?: CodeGenerationResults;
  readonly hooks: {
    processAssets: { tap(options: { name: string; stage: number }, fn: (assets: Record<string, Source>) => void): void };
    /** webpack's; Rspack builds modules natively and has no such hook. */
    buildModule?: { tap(name: string, fn: (module: { useSourceMap?: boolean }) => void): void };
  };
  getAsset(name: string): { source: Source; info: { related?: { sourceMap?: string | string[] } } } | undefined;
}
/** webpack's `getSource`; Rspack's binding has `get(...).sources.get(type)` instead, and wants the runtime as names. */
interface CodeGenerationResults {
  getSource?(module: WebpackModule, runtime: unknown, type: string): Source | undefined;
  get?(module: WebpackModule, runtime: unknown): { readonly sources: { get(type: string): Source | null } } | undefined;
}
export interface WebpackLikeCompiler {
  readonly name?: string;
  readonly context: string;
  readonly options: { readonly target?: string | readonly string[] | false; readonly devtool?: string | false };
  readonly webpack: { readonly Compilation: { readonly PROCESS_ASSETS_STAGE_REPORT: number }; readonly WebpackError: new (message: string) => Error };
  readonly hooks: { thisCompilation: { tap(name: string, fn: (compilation: Compilation) => void): void } };
}

/** Next.js names its server compilers; a node target is a server bundle anywhere. */
export function isServerCompiler(compiler: WebpackLikeCompiler): boolean {
  if (compiler.name === "server" || compiler.name === "edge-server") return true;
  const targets = compiler.options.target === false || compiler.options.target === undefined ? [] : [compiler.options.target].flat();
  return targets.some((t) => /^(?:async-)?node|^electron-main/.test(t));
}

export function attachToWebpack(compiler: WebpackLikeCompiler, options: RoxelsGuardOptions): void {
  if (isServerCompiler(compiler)) return;
  const { Compilation: Stages, WebpackError } = compiler.webpack;
  compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
    // No devtool (webpack's and Next.js's production default): modules keep their maps in
    // memory, as a devtool would make them, so a key traces to its source line. No map
    // is emitted; one is only put together for a module that holds a key.
    if (!compiler.options.devtool) {
      compilation.hooks.buildModule?.tap(PLUGIN_NAME, (module) => {
        module.useSourceMap = true;
      });
    }
    compilation.hooks.processAssets.tap({ name: PLUGIN_NAME, stage: Stages.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
      const root = options.cwd ?? compiler.context;
      const sink = sinkFor(settingsFor(root));
      const outDir = compilation.outputOptions.path ?? path.join(compiler.context, "dist");
      const graph = moduleLookup(compilation);
      for (const name of Object.keys(assets)) {
        if (!CLIENT_TEXT.test(name)) continue;
        const asset = compilation.getAsset(name);
        if (!asset) continue;
        const raw = asset.source.source();
        scanEmitted(
          { absolute: path.join(outDir, name), text: typeof raw === "string" ? raw : raw.toString("utf8"), map: () => relatedMap(compilation, asset.info.related?.sourceMap) },
          sink,
          {
            root,
            importChain: (file) => graph.chainTo(file),
            locateInModules: (finding) => locateInChunkModules(compilation, name, finding.fingerprint, sink, compiler.context),
          },
        );
      }
      if (sink.findings.length === 0) return;
      const error = new WebpackError(leakMessage(sink.findings, "the client bundle"));
      (options.warnOnly ? compilation.warnings : compilation.errors).push(error);
    });
  });
}

function relatedMap(compilation: Compilation, related: string | string[] | undefined): RawSourceMap | null {
  const name = [related ?? []].flat()[0];
  const raw = name !== undefined ? compilation.getAsset(name)?.source.source() : undefined;
  return raw === undefined ? null : parseSourceMap(raw.toString());
}

/**
 * No map shipped: the chunk's modules' generated code is scanned for the key, and the
 * module holding it maps it back through its own source map (webpack keeps one per
 * module, to the loaders' input).
 */
function locateInChunkModules(compilation: Compilation, file: string, fingerprint: string, outer: ScanSink, context: string): TracedPosition | null {
  const results = compilation.codeGenerationResults;
  if (!results) return null;
  for (const chunk of compilation.chunks) {
    if (![...chunk.files].includes(file)) continue;
    for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
      let source: Source | undefined;
      try {
        source = generatedCode(results, module, chunk.runtime);
      } catch {
        continue; // a module without JavaScript (CSS, assets)
      }
      if (!source) continue;
      const sink: ScanSink = { ...outer, findings: [], suppressed: [] };
      scanText(source.source().toString(), { file: "", bytewise: false }, sink);
      const hit = sink.findings.find((f) => f.fingerprint === fingerprint);
      if (!hit) continue;
      const map = source.map?.({ columns: true }) ?? null;
      const traced = map ? traceThroughMap(map, hit.line, hit.column, context, context) : null;
      return traced ?? placeByModuleCode(source.source().toString(), hit.line, hit.column, module, context);
    }
  }
  return null;
}

/** A module's generated JavaScript, from webpack's or Rspack's code generation results. */
function generatedCode(results: CodeGenerationResults, module: WebpackModule, runtime: unknown): Source | undefined {
  if (results.getSource) return results.getSource(module, runtime, "javascript");
  const names = runtime instanceof Set ? [...(runtime as Set<string>)] : runtime;
  return results.get?.(module, names)?.sources.get("javascript") ?? undefined;
}

/** webpack's comment before each module merged into a concatenated one: `;// ./src/x.js`. */
const CONCATENATED_MARKER = /^;?\/\/ (?:CONCATENATED MODULE: )?(\.{1,2}\/\S.*)$/;

/**
 * Without a map: the module's generated code keeps its source's lines (webpack replaces
 * expressions in place), so the line within the module, or within the part of a
 * concatenated module after its `;// ./src/x.js` comment, is the source line.
 */
function placeByModuleCode(code: string, line: number, column: number, module: WebpackModule, context: string): TracedPosition | null {
  const lines = code.split("\n", line);
  for (let i = line - 2; i >= 0; i--) {
    const marker = CONCATENATED_MARKER.exec(lines[i]!);
    if (marker) return { file: path.resolve(context, marker[1]!), line: line - i - 1, column };
  }
  const resource = module.resource ?? module.rootModule?.resource;
  return resource ? { file: resource.replace(/\?.*$/, ""), line, column } : null;
}

/** Source files to their modules, built once a compilation, for the issuer chain. */
function moduleLookup(compilation: Compilation): { chainTo(file: string): string[] | undefined } {
  let byResource: Map<string, WebpackModule> | null = null;
  return {
    chainTo(file) {
      if (byResource === null) {
        byResource = new Map();
        for (const m of compilation.modules) {
          if (m.resource) byResource.set(path.resolve(m.resource.replace(/\?.*$/, "")), m);
        }
      }
      const module = byResource.get(path.resolve(file));
      if (!module) return undefined;
      const chain: string[] = [];
      const seen = new Set<WebpackModule>([module]);
      for (let issuer = compilation.moduleGraph.getIssuer(module); issuer && !seen.has(issuer); issuer = compilation.moduleGraph.getIssuer(issuer)) {
        seen.add(issuer);
        if (issuer.resource) {
          chain.unshift(issuer.resource.replace(/\?.*$/, ""));
          continue;
        }
        // A module with no file of its own (Next.js's client entries are loaders): the
        // entry it starts names where the chain begins, `app/page` for app/page.js.
        const entry = entryNamed(compilation, issuer);
        if (entry !== null) {
          chain.unshift(entrySource(entry, compilation.compiler.context) ?? entry);
          break;
        }
      }
      return chain;
    },
  };
}

function entryNamed(compilation: Compilation, module: WebpackModule): string | null {
  for (const [name, entry] of compilation.entries) {
    if (entry.dependencies.some((dependency) => compilation.moduleGraph.getModule(dependency) === module)) return name;
  }
  return null;
}

/** The source file behind an entry named like a route (`app/page`, `pages/index`), in the project or its src/. */
function entrySource(name: string, context: string): string | null {
  for (const dir of [context, path.join(context, "src")]) {
    for (const extension of [".js", ".jsx", ".ts", ".tsx", ".mjs"]) {
      const file = path.join(dir, name + extension);
      if (existsSync(file)) return file;
    }
  }
  return null;
}
