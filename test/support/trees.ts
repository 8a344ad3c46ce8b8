/** Temporary folders that a test file creates per test and vitest removes after each. */
import { afterEach } from "vitest";
import { tempTree } from "./cli.js";

export type Tree = ReturnType<typeof tempTree>;

/**
 * Call at the top level of a test file: returns a `tree(files)` maker whose folders are
 * removed after each test, pass or fail.
 */
export function useTempTrees(): (files?: Record<string, string | Buffer>) => Tree {
  const trees: Tree[] = [];
  afterEach(() => {
    while (trees.length) trees.pop()!.cleanup();
  });
  return (files = {}) => {
    const t = tempTree(files);
    trees.push(t);
    return t;
  };
}
