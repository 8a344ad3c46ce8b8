/** `import { withRoxelsGuard } from "roxels-guard/next"`: Next.js (webpack mode, and Turbopack after compilation). */
import type { RoxelsGuardOptions } from "./options.cjs";

/** `export default withRoxelsGuard({ ... })`; a config function works too. */
export declare function withRoxelsGuard<T extends object | ((...args: never[]) => object | Promise<object>)>(nextConfig: T, options?: RoxelsGuardOptions): T;
export type { RoxelsGuardOptions };
