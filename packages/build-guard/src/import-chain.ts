/**
 * How a source file got into a Vite/Rollup bundle: the shortest path of importers from an
 * entry down to it, read from the bundler's module graph (`getModuleInfo().importers`).
 */
import path from "node:path";

export interface ModuleInfo {
  readonly isEntry: boolean;
  readonly importers: readonly string[];
  readonly dynamicImporters?: readonly string[];
}

export interface ModuleGraph {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): ModuleInfo | null;
}

/** A module id as a file path: no `\0` prefix of virtual modules, no `?query`. */
function idToPath(id: string): string {
  return path.resolve(id.replace(/^\0/, "").replace(/\?.*$/, ""));
}

/**
 * Entry first, ending with the module that imported `file`; empty when `file` is an
 * entry itself, undefined when the graph does not hold it.
 */
export function importChainIn(graph: ModuleGraph, file: string): string[] | undefined {
  const target = path.resolve(file);
  let start: string | undefined;
  for (const id of graph.getModuleIds()) {
    if (idToPath(id) === target) {
      start = id;
      break;
    }
  }
  if (start === undefined) return undefined;
  // Breadth-first up the importers, so the chain shown is the shortest one.
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const info = graph.getModuleInfo(id);
    if (!info) continue;
    if (info.isEntry) {
      const chain: string[] = [];
      for (let at = cameFrom.get(id) === null ? null : id; at !== null && at !== start; at = cameFrom.get(at) ?? null) chain.push(idToPath(at));
      return chain;
    }
    for (const importer of [...info.importers, ...(info.dynamicImporters ?? [])]) {
      if (cameFrom.has(importer)) continue;
      cameFrom.set(importer, id);
      queue.push(importer);
    }
  }
  return [];
}
