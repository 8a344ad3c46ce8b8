/**
 * The demo in docs/revocation.md shows what `roxels-mock-api --demo-dir` really prints
 * and leaks: its start-up lines (keys masked, so compared as shapes) and the number of
 * leaked keys the verify example lists.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { tempDir } from "../support/api-cli.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MOCK_BIN = path.join(ROOT, "packages/mock-api/bin/roxels-mock-api.js");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The server's start-up output: every line up to "Ctrl-C to stop.", then the server is stopped. */
async function startDemo(dir: string): Promise<string[]> {
  const child = spawn(process.execPath, [MOCK_BIN, "--port", "0", "--demo-dir", dir, "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  try {
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`roxels-mock-api exited (${code}) before it was ready`)));
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("Ctrl-C to stop.\n")) resolve();
      });
    });
  } finally {
    child.kill("SIGTERM");
  }
  return out.trimEnd().split("\n");
}

/** A documented output line as a pattern: any masked key, any port, any demo folder. */
function shapeOf(line: string): RegExp {
  const escaped = line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = escaped
    .replace(/[sr]k_[A-Za-z0-9]{4}…[A-Za-z0-9]{4}/g, (key) => `${key.slice(0, 3)}[A-Za-z0-9]{4}…[A-Za-z0-9]{4}`)
    .replace(/127\\\.0\\\.0\\\.1:\d+/g, "127\\.0\\.0\\.1:\\d+")
    .replace(/\/tmp\/roxels-demo/g, "\\S+");
  return new RegExp(`^${pattern}$`);
}

/** The commented lines right after the line of the demo block that starts with `command`. */
function documentedOutput(doc: string, command: string): string[] {
  const lines = doc.split("\n");
  const start = lines.findIndex((line) => line.startsWith(command));
  expect(start, `docs/revocation.md has a line starting with ${command}`).toBeGreaterThan(-1);
  const output: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("#")) break;
    output.push(line.replace(/^# {0,2}/, ""));
  }
  return output;
}

it("docs/revocation.md shows what a default roxels-mock-api --demo-dir run prints and leaks", async () => {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  const printed = await startDemo(dir);
  const doc = await readFile(path.join(ROOT, "docs/revocation.md"), "utf8");

  const shown = documentedOutput(doc, "node packages/mock-api/bin/roxels-mock-api.js");
  expect(shown.length).toBe(printed.length);
  shown.forEach((line, i) => expect(printed[i]).toMatch(shapeOf(line)));

  const leaked = (await readFile(path.join(dir, "app/config.js"), "utf8")).trimEnd().split("\n");
  const verify = documentedOutput(doc, "roxels-guard verify app");
  expect(verify.filter((line) => /^ +LIVE /.test(line))).toHaveLength(leaked.length);
  // The local API is not the Roxels API: named (on stderr) before any key is sent.
  expect(verify[0]).toBe("roxels-guard: sending keys to http://127.0.0.1:4010/, not the Roxels API (https://api.roxels.ai/): set by --api-base or ROXELS_API_BASE");
  expect(verify[1]).toBe(`Checked ${leaked.length} Roxels secret keys against http://127.0.0.1:4010/:`);
});
