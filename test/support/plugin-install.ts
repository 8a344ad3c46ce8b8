/**
 * eslint-plugin-roxels as npm installs it into a project: its package.json and the files
 * it ships (package.json `files`), nothing else from this repository.
 */
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pluginDir = fileURLToPath(new URL("../../packages/eslint-plugin/", import.meta.url));

export function installPluginAsShipped(project: string): void {
  const target = path.join(project, "node_modules/eslint-plugin-roxels");
  mkdirSync(target, { recursive: true });
  cpSync(path.join(pluginDir, "package.json"), path.join(target, "package.json"));
  const shipped = (JSON.parse(readFileSync(path.join(pluginDir, "package.json"), "utf8")) as { files: string[] }).files;
  for (const file of shipped) cpSync(path.join(pluginDir, file), path.join(target, file), { recursive: true });
}
