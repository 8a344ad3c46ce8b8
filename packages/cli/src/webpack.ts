/** `import { RoxelsGuardPlugin } from "roxels-guard/webpack"`: the webpack 5 / Rspack plugin, and the Next.js helper. */
export { RoxelsGuardPlugin, withRoxelsGuard, type RoxelsGuardOptions } from "@roxels-guard/build-guard/webpack";
