export { checkBuild, type BuildCheck } from "./check-build.js";
export { discoverClientOutput, type ClientOutput } from "./client-output.js";
export { roxelsGuardUnplugin, type RoxelsGuardOptions } from "./plugin.js";
export { RoxelsGuardPlugin, withRoxelsGuard } from "./webpack.js";
export { default as roxelsGuard } from "./vite.js";
