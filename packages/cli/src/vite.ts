/** `import roxelsGuard from "roxels-guard/vite"`: the Vite (and Rollup) plugin. */
export { default, rolldown, rollup, type RoxelsGuardOptions } from "@roxels-guard/build-guard/vite";
