/** A key typed as an argument (a path, a flag's value) is shown masked in every error. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { masked, secretKey } from "../support/keys.js";

const tree = useTempTrees();

describe("a key typed as an argument is masked in every error", () => {
  const key = secretKey();
  const cases = [
    ["scan", key],
    ["scan", "--format", key],
    ["scan", "--since", key],
    ["scan", "--baseline", key],
    ["scan", "--ignore-file", key],
    ["scan", "--config", key],
    ["baseline", key],
    ["install", key],
    [key],
  ];
  for (const args of cases) {
    it(`roxels-guard ${args.map((a) => (a === key ? "<key>" : a)).join(" ")}`, async () => {
      const t = tree({ "a.txt": "x\n" });
      if (args.includes("--since")) execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code).toBe(2);
      expectNoKeyIn([result.stdout, result.stderr], [key]);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("shows the masked form so the user can tell which key it was", async () => {
    const t = tree({ "a.txt": "x\n" });
    const result = await runCli(["scan", key], { cwd: t.dir });
    expect(result.stderr).toBe(`roxels-guard: no such file or directory: ${masked(key)}\n`);
  });
});
