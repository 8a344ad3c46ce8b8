/**
 * `import roxelsGuard from "roxels-guard/vite"`: the Vite plugin. Its one export is the
 * function, so the CommonJS bundle is `module.exports = roxelsGuard` and an ES import's
 * default is the function itself. Rollup and Rolldown: `roxelsGuard.rollup()`,
 * `roxelsGuard.rolldown()`.
 */
import viteRoxelsGuard, { rolldown, rollup } from "@roxels-guard/build-guard/vite";

const roxelsGuard = Object.assign((...args: Parameters<typeof viteRoxelsGuard>) => viteRoxelsGuard(...args), { rollup, rolldown });

export default roxelsGuard;
