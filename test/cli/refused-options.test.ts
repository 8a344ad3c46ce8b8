/**
 * Options that do not apply to a command are refused with one line, never silently ignored.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();

describe("options that do not apply are refused, not ignored", () => {
  const cases: Array<[string[], string]> = [
    [["scan", ".", "--all-occurrences"], "--all-occurrences goes with --history"],
    [["scan", "--staged", "--all-occurrences"], "--all-occurrences goes with --history"],
    [["scan", "--all", "src"], "--all scans every branch's history and takes no rev-range or path"],
    [["scan", ""], "an empty path was given"],
    [["baseline", "--baseline", "old.json"], "baseline takes no --baseline"],
    [["baseline", "--explain"], "baseline takes no --explain"],
    [["scan", "--staged", "--no-ignore"], "--no-ignore goes with a folder scan"],
    [["scan", "--history", "--no-ignore"], "--no-ignore goes with a folder scan"],
  ];
  for (const [args, message] of cases) {
    it(`roxels-guard ${args.map((a) => (a === "" ? "''" : a)).join(" ")}`, async () => {
      const t = tree({ "src/a.txt": "x\n" });
      execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.startsWith(`roxels-guard: ${message}`), result.stderr).toBe(true);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});
