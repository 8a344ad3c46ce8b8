/**
 * webpack 5 and Next.js (webpack mode): `new RoxelsGuardPlugin()` in `plugins`, or
 * `withRoxelsGuard(nextConfig)`, which adds it to Next.js's browser compiler only.
 */
import { roxelsGuardUnplugin, type RoxelsGuardOptions } from "./plugin.js";

type WebpackPlugin = { apply(compiler: never): void };
const createWebpackPlugin = roxelsGuardUnplugin.webpack as unknown as (options?: RoxelsGuardOptions) => WebpackPlugin;

/** A webpack plugin that fails the compilation when a client asset holds a secret key. */
export class RoxelsGuardPlugin {
  readonly #inner: WebpackPlugin;
  constructor(options: RoxelsGuardOptions = {}) {
    this.#inner = createWebpackPlugin(options);
  }
  apply(compiler: never): void {
    this.#inner.apply(compiler);
  }
}

interface NextWebpackContext {
  readonly isServer: boolean;
  readonly nextRuntime?: string;
}
type NextWebpack = (config: { plugins?: unknown[] }, context: NextWebpackContext) => { plugins?: unknown[] };
type NextConfigObject = { webpack?: NextWebpack | null } & Record<string, unknown>;
type NextConfig = NextConfigObject | ((...args: unknown[]) => NextConfigObject | Promise<NextConfigObject>);

function wrap(config: NextConfigObject, options: RoxelsGuardOptions): NextConfigObject {
  const userWebpack = config.webpack;
  return {
    ...config,
    webpack(webpackConfig, context) {
      const result = typeof userWebpack === "function" ? userWebpack(webpackConfig, context) : webpackConfig;
      // Server and edge compilers build what never reaches a browser.
      if (!context.isServer) result.plugins = [...(result.plugins ?? []), new RoxelsGuardPlugin(options)];
      return result;
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
