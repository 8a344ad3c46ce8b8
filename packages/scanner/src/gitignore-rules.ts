/**
 * gitignore-syntax path rules, from the `ignore` package (the gitignore spec, negations
 * and directory rules included). The CLI's bundles carry it (the hook runs from one
 * CommonJS file, so importing it costs no ES module pre-parse there).
 */
import ignore from "ignore";

export interface PathRuleSet {
  /** Whether `relative` (`/`-separated, below the rules' folder) is ignored; a folder when `isDirectory`. */
  ignores(relative: string, isDirectory: boolean): boolean;
}

/** A pattern that matches folders only (`dist/`), or no path at all (blank, a comment). */
function foldersOnly(pattern: string): boolean {
  const trimmed = pattern.trimEnd();
  return trimmed === "" || trimmed.startsWith("#") || trimmed.endsWith("/");
}

export function gitignoreRules(patterns: readonly string[] = []): PathRuleSet {
  const rules = ignore().add([...patterns]);
  if (!patterns.every(foldersOnly)) {
    return { ignores: (relative, isDirectory) => rules.ignores(isDirectory ? `${relative}/` : relative) };
  }
  // Only folder patterns (the usual `fixtures/`, `vendor/`): a file is ignored exactly
  // when the folder holding it is, and a scan has far fewer folders than files, so each
  // folder's answer is kept.
  const folders = new Map<string, boolean>();
  return {
    ignores(relative, isDirectory) {
      if (isDirectory) return rules.ignores(`${relative}/`);
      const slash = relative.lastIndexOf("/");
      if (slash === -1) return false;
      const folder = relative.slice(0, slash + 1);
      let ignored = folders.get(folder);
      if (ignored === undefined) folders.set(folder, (ignored = rules.ignores(folder)));
      return ignored;
    },
  };
}
