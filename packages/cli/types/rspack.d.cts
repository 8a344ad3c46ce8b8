/** `import { RoxelsGuardPlugin } from "roxels-guard/rspack"`: fails an Rspack compilation whose client assets hold a secret key. */
import type { RoxelsGuardOptions } from "./options.cjs";

export declare class RoxelsGuardPlugin {
  constructor(options?: RoxelsGuardOptions);
  apply(compiler: import("@rspack/core").Compiler): void;
}
export type { RoxelsGuardOptions };
