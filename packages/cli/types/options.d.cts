/** Options of every roxels-guard bundler plugin. */
export interface RoxelsGuardOptions {
  /** Report keys as warnings instead of failing the build. Default: fail. */
  warnOnly?: boolean;
  /** Where .roxelsguardignore and roxels-guard.config.json are looked up, and paths are shown from. Default: the bundler's root. */
  cwd?: string;
}
