/**
 * A small glob matcher for `settings.roxels.clientFiles` / `serverFiles`: `**`, `*`, `?`,
 * `{a,b}` and `[abc]`, on POSIX paths relative to the ESLint cwd. Kept here rather than
 * pulling in minimatch, which the plugin would otherwise have to declare as a dependency.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = "";
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        // `**/` matches zero or more whole directories; a trailing `**` matches the rest.
        if (glob[i + 2] === "/") {
          source += "(?:.*/)?";
          i += 2;
        } else {
          source += ".*";
          i += 1;
        }
      } else {
        source += "[^/]*";
      }
    } else if (ch === "?") source += "[^/]";
    else if (ch === "{") {
      braceDepth++;
      source += "(?:";
    } else if (ch === "}" && braceDepth > 0) {
      braceDepth--;
      source += ")";
    } else if (ch === "," && braceDepth > 0) source += "|";
    else if (ch === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close === -1) source += "\\[";
      else {
        source += `[${glob.slice(i + 1, close).replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  // A pattern without a slash matches the file name at any depth, as .gitignore does.
  const anchored = glob.includes("/") ? `^${source.replace(/^\\\//, "")}$` : `(?:^|/)${source}$`;
  const regexp = new RegExp(anchored);
  cache.set(glob, regexp);
  return regexp;
}

export function matchesAnyGlob(path: string, globs: readonly string[]): string | undefined {
  return globs.find((glob) => globToRegExp(glob).test(path));
}
