/** A key in a file or folder name is masked wherever a report names the path. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey } from "../../support/keys.js";

const tree = useTempTrees();

describe("a key in a file or folder name", () => {
  it("is masked wherever the report names the path: text, JSON, SARIF and the staged scan", async () => {
    const inName = secretKey();
    const inFile = secretKey();
    const t = tree({ [`${inName}/config.js`]: `const k = "${inFile}";\n` });
    const shown = `${masked(inName)}/config.js`;
    const outputs: string[] = [];
    for (const format of ["text", "json", "sarif"]) {
      const result = await runCli(["scan", ".", "--format", format, "--no-color"], { cwd: t.dir });
      expect(result.code, result.stderr).toBe(1);
      outputs.push(result.stdout, result.stderr);
      // The name is itself a finding (place "file-name"), beside the key in the content.
      if (format === "json") {
        const findings = (JSON.parse(result.stdout) as { findings: Array<{ file: string; place?: string }> }).findings;
        expect(findings.map((f) => [f.file, f.place])).toEqual([
          [shown, "file-name"],
          [shown, undefined],
        ]);
      }
    }
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    execFileSync("git", ["add", "."], { cwd: t.dir });
    const staged = await runCli(["scan", "--staged", "--format", "json"], { cwd: t.dir });
    expect(staged.code, staged.stderr).toBe(1);
    // As on disk: the staged name is a finding of its own, beside the key in the content.
    expect((JSON.parse(staged.stdout) as { findings: Array<{ file: string; place?: string }> }).findings.map((f) => [f.file, f.place])).toEqual([
      [shown, "file-name"],
      [shown, undefined],
    ]);
    outputs.push(staged.stdout, staged.stderr);
    expectNoKeyIn(outputs, [inName, inFile]);
  });
});
