/**
 * The Vite, Rollup and Rolldown plugin, written once with unplugin: it reads the finished
 * bundle in `generateBundle`, where the module graph still answers who imported what and
 * each chunk lists the modules in it, so no source map is needed to trace a key. Only
 * client output is read: an SSR build or a server environment is left alone.
 *
 * webpack and Rspack get a plain plugin class (webpack.ts, webpack-assets.ts), not
 * unplugin's adapter: that adapter loads webpack-virtual-modules with a runtime require
 * the package's bundle cannot carry, for virtual modules this plugin does not have.
 */
import path from "node:path";
import { findKeys } from "@roxels-guard/core";
import { resolveSettings, type ScanSettings } from "@roxels-guard/scanner/settings";
import type { ScanSink } from "@roxels-guard/scanner";
import { createRolldownPlugin, createRollupPlugin, createVitePlugin, type UnpluginFactory, type UnpluginOptions } from "unplugin";
import { CLIENT_TEXT, scanEmitted, sinkFor } from "./emitted-scan.js";
import type { RawSourceMap } from "./source-trace.js";
import { leakMessage } from "./report.js";
import { importChainIn, type ModuleGraph, type ModuleInfo } from "./import-chain.js";
import { keyTextAt, locateInRenderedModules, moduleSourceReader, type InlinedName, type RenderedModules } from "./rendered-modules.js";

export interface RoxelsGuardOptions {
  /** Report keys as warnings instead of failing the build. Default: fail. */
  readonly warnOnly?: boolean;
  /** Where .roxelsguardignore and roxels-guard.config.json are looked up, and paths are shown from. Default: the bundler's root. */
  readonly cwd?: string;
}

export const PLUGIN_NAME = "roxels-guard";

/** One setting lookup a build: the ignore file can suppress a fake key on purpose. */
export function settingsFor(cwd: string): ScanSettings {
  return resolveSettings({ cwd });
}

interface OutputChunk {
  readonly type: "chunk";
  readonly fileName: string;
  readonly code: string;
  readonly map?: RawSourceMap | null;
  readonly modules?: RenderedModules;
  readonly sourcemapFileName?: string | null;
}
interface OutputAsset {
  readonly type: "asset";
  readonly fileName: string;
  readonly source: string | Uint8Array;
  readonly originalFileNames?: readonly string[];
}
type OutputBundle = Record<string, OutputChunk | OutputAsset>;
interface OutputOptions {
  readonly dir?: string;
  readonly file?: string;
  readonly sourcemap?: boolean | "inline" | "hidden";
}
interface RollupContext extends ModuleGraph {
  error(message: string): never;
  warn(message: string): void;
  getModuleInfo(id: string): (ModuleInfo & { readonly code?: string | null }) | null;
  readonly environment?: { readonly config?: { readonly consumer?: string } };
}

function text(source: string | Uint8Array): string {
  return typeof source === "string" ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("utf8");
}

/** What the plugin knows of the build it is in. */
interface BuildState {
  root: string;
  outDir: string | null;
  ssr: boolean;
  /** Vite's `define` entries and the env variables it inlines into `import.meta.env`. */
  inlined: InlinedName[];
}

/** Stylesheets are assets in the output; their sources are modules of the graph. */
const STYLE_MODULE = /\.(?:css|scss|sass|less|styl|stylus|pcss|postcss)(?:$|\?)/;

function checkBundle(this: RollupContext, state: BuildState, options: RoxelsGuardOptions, output: OutputOptions, bundle: OutputBundle): void {
  const server = state.ssr || this.environment?.config?.consumer === "server";
  if (server) return;
  const outDir = path.resolve(state.root, output.dir ?? (output.file ? path.dirname(output.file) : (state.outDir ?? "dist")));
  const settings = settingsFor(options.cwd ?? state.root);
  const sink: ScanSink = sinkFor(settings);
  const root = options.cwd ?? state.root;
  const readSource = moduleSourceReader((id) => this.getModuleInfo(id)?.code);
  const importChain = (file: string) => importChainIn(this, file);
  for (const item of Object.values(bundle)) {
    if (!CLIENT_TEXT.test(item.fileName)) continue;
    const absolute = path.join(outDir, item.fileName);
    if (item.type === "chunk") {
      const modules = item.modules ?? {};
      // Rolldown hands each chunk's map over lazily, across its native binding: asked for
      // only to trace a key.
      scanEmitted({ absolute, text: item.code, map: () => item.map ?? null }, sink, {
        root,
        importChain,
        locateInModules: (finding, emitted) => locateInRenderedModules(modules, finding, keyTextAt(emitted, finding), state.inlined, readSource, sink),
      });
      // A map the build ships carries its sources whole (`sourcesContent`): a key in a
      // comment or dead code the minifier dropped still reaches the browser there.
      // Rolldown lists the map in the bundle as an asset, read below like any other;
      // Rollup does not, so its sources are checked here, and only a map holding a key
      // is written out as text to place it.
      const mapName = item.sourcemapFileName ?? `${item.fileName}.map`;
      if (output.sourcemap && !(mapName in bundle)) {
        const map = item.map;
        if (map?.sourcesContent?.some((content) => typeof content === "string" && findKeys(content).length > 0)) {
          scanEmitted({ absolute: path.join(outDir, mapName), text: JSON.stringify(map) }, sink, { root, importChain });
        }
      }
    } else {
      scanEmitted({ absolute, text: text(item.source) }, sink, {
        root,
        importChain,
        locateInModules: (finding, emitted) => locateInRenderedModules(assetSources(item, emitted, bundle, root), finding, keyTextAt(emitted, finding), state.inlined, readSource, sink),
      });
    }
  }
  if (sink.findings.length === 0) return;
  const message = leakMessage(sink.findings, "the client bundle");
  if (options.warnOnly) this.warn(message);
  else this.error(message);
}

/**
 * The sources an asset may have come from, each standing in as a "module" whose rendered
 * code is the asset: the files it was made from (a page's HTML), and the stylesheets in the
 * graph (a bundled CSS file merges them).
 */
function assetSources(asset: OutputAsset, emitted: string, bundle: OutputBundle, root: string): RenderedModules {
  const ids: string[] = [];
  if (/\.css$/i.test(asset.fileName)) {
    for (const item of Object.values(bundle)) {
      if (item.type === "chunk") ids.push(...Object.keys(item.modules ?? {}).filter((id) => STYLE_MODULE.test(id)));
    }
  }
  ids.push(...(asset.originalFileNames ?? []).map((name) => path.resolve(root, name)));
  return Object.fromEntries(ids.map((id) => [id, { code: emitted }]));
}

/** Vite's `define` and the env it inlines, as the names code reads and the values put there. */
function inlinedNames(config: { define?: Record<string, unknown>; env?: Record<string, unknown> }): InlinedName[] {
  const names: InlinedName[] = [];
  for (const [name, value] of Object.entries(config.define ?? {})) {
    names.push({ references: [name], value: typeof value === "string" ? value : JSON.stringify(value) ?? "" });
  }
  for (const [name, value] of Object.entries(config.env ?? {})) {
    if (typeof value !== "string") continue;
    // Joined, not written out: the CommonJS bundle must not hold the text of an ES-only `import.meta`.
    names.push({ references: [["import", "meta", "env", name].join("."), `%${name}%`, name], value });
  }
  return names;
}

const factory: UnpluginFactory<RoxelsGuardOptions | undefined, false> = (rawOptions) => {
  const options = rawOptions ?? {};
  const state: BuildState = { root: options.cwd ?? process.cwd(), outDir: null, ssr: false, inlined: [] };
  const rollupHooks = {
    generateBundle(this: RollupContext, output: OutputOptions, bundle: OutputBundle) {
      checkBundle.call(this, state, options, output, bundle);
    },
  };
  return {
    name: PLUGIN_NAME,
    enforce: "post",
    // Typed here by the parts used; bundlers' own plugin types differ between versions.
    rollup: rollupHooks as unknown as UnpluginOptions["rollup"],
    rolldown: rollupHooks as unknown as UnpluginOptions["rolldown"],
    vite: {
      apply: "build",
      configResolved(config: { root: string; build: { outDir: string; ssr?: unknown }; define?: Record<string, unknown>; env?: Record<string, unknown> }) {
        state.root = options.cwd ?? config.root;
        state.outDir = path.resolve(config.root, config.build.outDir);
        state.ssr = Boolean(config.build.ssr);
        state.inlined = inlinedNames(config);
      },
      generateBundle(this: RollupContext, output: OutputOptions, bundle: OutputBundle) {
        checkBundle.call(this, state, options, output, bundle);
      },
    },
  };
};

/** Each bundler's plugin from the one factory (only these: unplugin's webpack adapter is not used, see above). */
export const roxelsGuardUnplugin = {
  vite: createVitePlugin(factory),
  rollup: createRollupPlugin(factory),
  rolldown: createRolldownPlugin(factory),
};

