/** `import { RoxelsGuardPlugin } from "roxels-guard/rspack"`: the Rspack plugin (Rspack runs webpack's plugin API, and the same plugin). */
export { RoxelsGuardPlugin, type RoxelsGuardOptions } from "@roxels-guard/build-guard/webpack";
