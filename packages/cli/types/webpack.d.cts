/** `import { RoxelsGuardPlugin } from "roxels-guard/webpack"`: webpack 5 (and Rspack), and the Next.js helper. */
import type { RoxelsGuardOptions } from "./options.cjs";

/** Fails the compilation when a client asset holds a secret key. */
export declare class RoxelsGuardPlugin {
  constructor(options?: RoxelsGuardOptions);
  apply(compiler: import("webpack").Compiler): void;
}
/** Next.js: `export default withRoxelsGuard({ ... })`; a config function works too. */
export declare function withRoxelsGuard<T extends object | ((...args: never[]) => object | Promise<object>)>(nextConfig: T, options?: RoxelsGuardOptions): T;
export type { RoxelsGuardOptions };
