/**
 * `import roxelsGuard from "roxels-guard/vite"`: `plugins: [roxelsGuard()]` in a Vite
 * config; `roxelsGuard.rollup()` and `roxelsGuard.rolldown()` for those bundlers. The
 * return types are the bundlers' own, from the bundler the project has installed.
 */
import type { RoxelsGuardOptions } from "./options.cjs";

declare function roxelsGuard(options?: RoxelsGuardOptions): import("vite").Plugin;
declare namespace roxelsGuard {
  export function rollup(options?: RoxelsGuardOptions): import("rollup").Plugin;
  export function rolldown(options?: RoxelsGuardOptions): import("rolldown").Plugin;
  export type { RoxelsGuardOptions };
}
export = roxelsGuard;
