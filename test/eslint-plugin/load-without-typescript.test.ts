/**
 * What loading the plugin costs a project: no TypeScript and no typescript-eslint at run
 * time (a JavaScript-only project has neither), and the node type names the rules
 * compare against are typescript-eslint's own.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AST_NODE_TYPES as Enum } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import { AST_NODE_TYPES, USED_NODE_TYPES } from "../../rules/utils/ast.js";

const dist = fileURLToPath(new URL("../../packages/eslint-plugin/dist/", import.meta.url));

describe("loading eslint-plugin-roxels", () => {
  // The compiled modules (as this repository runs them) and the bundle npm ships.
  it.each(["packages/eslint-plugin/src/index.js", "index.cjs"])("%s loads no TypeScript and no typescript-eslint module", (file) => {
    const entry = `${dist}${file}`;
    const script = [
      'import { createRequire } from "node:module";',
      `const plugin = (await import(${JSON.stringify(pathToFileURL(entry).href)})).default;`,
      "const loaded = Object.keys(createRequire(import.meta.url).cache);",
      "console.log(JSON.stringify({ rules: Object.keys(plugin.rules).length, loaded }));",
    ].join("\n");
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as {
      rules: number;
      loaded: string[];
    };
    expect(out.rules).toBe(3);
    expect(out.loaded.filter((path) => /[\\/](typescript|@typescript-eslint)[\\/]/.test(path))).toEqual([]);
  });

  it("compares against typescript-eslint's node type names", () => {
    expect(USED_NODE_TYPES.length).toBeGreaterThan(10);
    for (const name of USED_NODE_TYPES) {
      expect((AST_NODE_TYPES as Record<string, string>)[name]).toBe((Enum as Record<string, string>)[name]);
    }
  });
});
