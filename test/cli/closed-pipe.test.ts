/**
 * A reader that closes the pipe early (`roxels-guard scan | head -1`): the CLI stops quietly
 * with the run's exit code, bundled and not.
 */
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_BIN, cleanEnv, REPO_ROOT } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { secretKey } from "../support/keys.js";

const tree = useTempTrees();

describe("a reader that closes the pipe early (roxels-guard scan | head -1)", () => {
  const DIST_MAIN = path.join(REPO_ROOT, "packages/cli/dist/main.js");
  /** `node` arguments that run the CLI through the bin shim (and so a bundle), or through dist/main.js. */
  const viaBin = (args: string[]) => [CLI_BIN, ...args];
  const viaMain = (args: string[]) => [
    "--input-type=module",
    "-e",
    `const { run } = await import(${JSON.stringify(DIST_MAIN)}); process.exitCode = await run(process.argv.slice(1));`,
    "--",
    ...args,
  ];

  /**
   * Runs node with `nodeArgs`, closing its stdout after the first chunk read ("first"),
   * before it writes anything ("stdout"), or closing its stderr at once ("stderr").
   */
  function runClosing(nodeArgs: string[], cwd: string, close: "first" | "stdout" | "stderr") {
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; first: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, nodeArgs, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let first = "";
      let stderr = "";
      if (close === "first") {
        child.stdout.once("data", (chunk: Buffer) => {
          first = chunk.toString("utf8");
          child.stdout.destroy();
        });
      } else if (close === "stdout") {
        child.stdout.destroy();
      }
      if (close === "stderr") child.stderr.destroy();
      else child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, first, stderr });
      });
    });
  }

  /** A folder whose report is far larger than a pipe's buffer: 10,000 keys. */
  function manyKeys() {
    const lines = Array.from({ length: 10_000 }, () => `k = ${secretKey()}`);
    return tree({ "keys.txt": `${lines.join("\n")}\n` });
  }

  it("stops quietly with the exit code of the run, bundled and not, in every format", async () => {
    const t = manyKeys();
    for (const [name, nodeArgs] of [
      ["bin (cli.cjs)", viaBin(["scan", "."])],
      ["bin (cli.cjs), json", viaBin(["scan", ".", "--format", "json"])],
      ["bin (cli.cjs), --explain", viaBin(["scan", ".", "--explain"])],
      ["dist/main.js", viaMain(["scan", "."])],
    ] as const) {
      const result = await runClosing([...nodeArgs], t.dir, "first");
      expect({ name, code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ name, code: 1, signal: null, stderr: "" });
      expect(result.first.length, name).toBeGreaterThan(0);
    }
  });

  it("stops quietly in the pre-commit hook's bundle (scan --staged)", async () => {
    const t = manyKeys();
    const env = cleanEnv();
    execFileSync("git", ["init", "-q"], { cwd: t.dir, env });
    execFileSync("git", ["add", "-A"], { cwd: t.dir, env });
    const result = await runClosing(viaBin(["scan", "--staged"]), t.dir, "first");
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 1, signal: null, stderr: "" });
    expect(result.first).toMatch(/^keys\.txt:1:5 {2}roxels-secret {2}/);
  });

  it("keeps the exit code when stdout or stderr is closed before anything is written", async () => {
    const clean = tree({ "a.txt": "nothing here\n" });
    const stdoutClosed = await runClosing(viaBin(["scan", "."]), clean.dir, "stdout");
    expect({ code: stdoutClosed.code, stderr: stdoutClosed.stderr }).toEqual({ code: 0, stderr: "" });
    const stderrClosed = await runClosing(viaBin(["scan", "no-such-folder"]), clean.dir, "stderr");
    expect(stderrClosed.code).toBe(2);
    const hookStderrClosed = await runClosing(viaBin(["scan", "--staged"]), clean.dir, "stderr");
    expect(hookStderrClosed.code).toBe(2); // not a git repository
  });
});
