/**
 * The bundler plugin, written once with unplugin: Vite, Rollup and Rolldown read the
 * finished bundle in `generateBundle`, where the module graph still answers who imported
 * what; webpack and Rspack read the compilation's assets once every other plugin has
 * emitted and minified them (see webpack-assets.ts). Either way only client output is
 * read: an SSR build or a server compiler is left alone.
 */
import path from "node:path";
import { resolveSettings, type ScanSettings } from "@roxels-guard/scanner/settings";
import type { ScanSink } from "@roxels-guard/scanner";
import { createUnplugin, type UnpluginInstance, type UnpluginOptions } from "unplugin";
import { CLIENT_TEXT, scanEmitted, sinkFor } from "./emitted-scan.js";
import type { RawSourceMap } from "./source-trace.js";
import { leakMessage } from "./report.js";
import { importChainIn, type ModuleGraph } from "./import-chain.js";
import { attachToWebpack, type WebpackLikeCompiler } from "./webpack-assets.js";

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
  readonly sourcemapFileName?: string | null;
}
interface OutputAsset {
  readonly type: "asset";
  readonly fileName: string;
  readonly source: string | Uint8Array;
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
  readonly environment?: { readonly config?: { readonly consumer?: string } };
}

function text(source: string | Uint8Array): string {
  return typeof source === "string" ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("utf8");
}

/** What the plugin knows of the build it is in. */
interface BuildState {
  root: string;
  outDir: string | null;
  /** The plugin turned hidden source maps on to trace keys; they are dropped from the output. */
  addedMaps: boolean;
  ssr: boolean;
}

function checkBundle(this: RollupContext, state: BuildState, options: RoxelsGuardOptions, output: OutputOptions, bundle: OutputBundle): void {
  const addedMaps = state.addedMaps && output.sourcemap === "hidden";
  const ours = new Set<string>();
  for (const item of Object.values(bundle)) {
    if (item.type === "chunk" && addedMaps) ours.add(item.sourcemapFileName ?? `${item.fileName}.map`);
  }
  const server = state.ssr || this.environment?.config?.consumer === "server";
  if (!server) scanBundle.call(this, state, options, output, bundle, ours);
  // The maps were made to trace keys, not to ship: the output stays as configured.
  for (const name of ours) delete bundle[name];
}

function scanBundle(this: RollupContext, state: BuildState, options: RoxelsGuardOptions, output: OutputOptions, bundle: OutputBundle, ours: ReadonlySet<string>): void {
  const outDir = path.resolve(state.root, output.dir ?? (output.file ? path.dirname(output.file) : (state.outDir ?? "dist")));
  const settings = settingsFor(options.cwd ?? state.root);
  const sink: ScanSink = sinkFor(settings);
  const context = { root: options.cwd ?? state.root, importChain: (file: string) => importChainIn(this, file) };
  for (const item of Object.values(bundle)) {
    if (!CLIENT_TEXT.test(item.fileName) || ours.has(item.fileName)) continue;
    const absolute = path.join(outDir, item.fileName);
    if (item.type === "chunk") {
      const map = item.map ?? null;
      scanEmitted({ absolute, text: item.code, map: () => map }, sink, context);
    } else {
      scanEmitted({ absolute, text: text(item.source) }, sink, context);
    }
  }
  if (sink.findings.length === 0) return;
  const message = leakMessage(sink.findings, "the client bundle");
  if (options.warnOnly) this.warn(message);
  else this.error(message);
}

export const roxelsGuardUnplugin: UnpluginInstance<RoxelsGuardOptions | undefined, false> = createUnplugin((rawOptions) => {
  const options = rawOptions ?? {};
  const state: BuildState = { root: options.cwd ?? process.cwd(), outDir: null, addedMaps: false, ssr: false };
  const rollupHooks = {
    // Plain Rollup/Rolldown: hidden maps when none are asked for, so a key can be traced.
    outputOptions(output: OutputOptions & Record<string, unknown>) {
      if (output.sourcemap) return null;
      state.addedMaps = true;
      return { ...output, sourcemap: "hidden" as const };
    },
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
      config(config: { build?: { sourcemap?: unknown } }) {
        if (config.build?.sourcemap) return undefined;
        state.addedMaps = true;
        return { build: { sourcemap: "hidden" } };
      },
      configResolved(config: { root: string; build: { outDir: string; ssr?: unknown } }) {
        state.root = options.cwd ?? config.root;
        state.outDir = path.resolve(config.root, config.build.outDir);
        state.ssr = Boolean(config.build.ssr);
      },
      generateBundle(this: RollupContext, output: OutputOptions, bundle: OutputBundle) {
        checkBundle.call(this, state, options, output, bundle);
      },
    },
    webpack(compiler: WebpackLikeCompiler) {
      attachToWebpack(compiler, options);
    },
    rspack(compiler: WebpackLikeCompiler) {
      attachToWebpack(compiler, options);
    },
  };
});
