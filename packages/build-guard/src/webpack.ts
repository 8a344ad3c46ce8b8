/**
 * webpack 5 and Next.js: `new RoxelsGuardPlugin()` in `plugins`, or
 * `withRoxelsGuard(nextConfig)`, which adds the plugin to Next.js's browser compiler in
 * webpack mode and, for Turbopack (which runs no webpack plugin), checks `.next/static`
 * once compilation is done (`compiler.runAfterProductionCompile`).
 */
import path from "node:path";
import { scanEmittedFolder } from "./emitted-folder.js";
import { settingsFor, type RoxelsGuardOptions } from "./plugin.js";
import { leakMessage } from "./report.js";
import { attachToWebpack, type WebpackLikeCompiler } from "./webpack-assets.js";

/** A webpack 5 / Rspack plugin that fails the compilation when a client asset holds a secret key. */
export class RoxelsGuardPlugin {
  readonly #options: RoxelsGuardOptions;
  constructor(options: RoxelsGuardOptions = {}) {
    this.#options = options;
  }
  apply(compiler: never): void {
    attachToWebpack(compiler as WebpackLikeCompiler, this.#options);
  }
}

interface NextWebpackContext {
  readonly isServer: boolean;
}
type NextWebpack = (config: { plugins?: unknown[] }, context: NextWebpackContext) => { plugins?: unknown[] };
type AfterCompile = (metadata: { projectDir: string; distDir: string }) => Promise<void> | void;
type NextConfigObject = {
  webpack?: NextWebpack | null;
  turbopack?: object;
  compiler?: { runAfterProductionCompile?: AfterCompile } & Record<string, unknown>;
} & Record<string, unknown>;
type NextConfig = NextConfigObject | ((...args: unknown[]) => NextConfigObject | Promise<NextConfigObject>);

function wrap(config: NextConfigObject, options: RoxelsGuardOptions): NextConfigObject {
  const userWebpack = config.webpack;
  const userAfterCompile = config.compiler?.runAfterProductionCompile;
  // Set when webpack built the browser bundle: the plugin checked it, with better tracing.
  let webpackGuarded = false;
  return {
    ...config,
    webpack(webpackConfig, context) {
      const result = typeof userWebpack === "function" ? userWebpack(webpackConfig, context) : webpackConfig;
      // Server and edge compilers build what never reaches a browser.
      if (!context.isServer) {
        webpackGuarded = true;
        result.plugins = [...(result.plugins ?? []), new RoxelsGuardPlugin(options)];
      }
      return result;
    },
    // Next.js 16 refuses a Turbopack build with a webpack config and no turbopack config,
    // in case the webpack config matters: this one is covered below. A user's own webpack
    // function still gets that question asked.
    ...(typeof userWebpack !== "function" && config.turbopack === undefined ? { turbopack: {} } : {}),
    compiler: {
      ...config.compiler,
      async runAfterProductionCompile(metadata) {
        await userAfterCompile?.(metadata);
        if (webpackGuarded) return;
        const root = options.cwd ?? metadata.projectDir;
        const findings = scanEmittedFolder(settingsFor(root), path.join(metadata.distDir, "static"));
        if (findings.length === 0) return;
        const message = leakMessage(findings, "the client bundle (.next/static)");
        if (options.warnOnly) console.warn(message);
        else throw new Error(message);
      },
    },
  };
}

/** Next.js config wrapper: `export default withRoxelsGuard({ ... })` (a config function works too). */
export function withRoxelsGuard<T extends NextConfig>(nextConfig: T, options: RoxelsGuardOptions = {}): T {
  if (typeof nextConfig === "function") {
    return (async (...args: unknown[]) => wrap(await nextConfig(...args), options)) as T;
  }
  return wrap(nextConfig, options) as T;
}

export type { RoxelsGuardOptions };
