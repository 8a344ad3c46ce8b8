/** `scan --explain` on key-shaped text that is not a key says why it was not reported. */
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";

const tree = useTempTrees();

describe("--explain on key-shaped text that is not a key", () => {
  it("says not-a-key, with the rule, for a name in code and a key glued to more text", async () => {
    const key = secretKey();
    const t = tree({ "app.js": `const a = $sk_customerSubscriptionIdentifier;\nconst b = "${key}-2024";\nconst c = "sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxx";\n` });
    const result = await runCli(["scan", "--format", "json", "--explain"], { cwd: t.dir });
    expectNoKeyIn([result.stdout, result.stderr], [key]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { suppressed: Array<{ line: number; reason: string; detail?: string }> };
    expect(report.suppressed.map((s) => [s.line, s.reason, s.detail])).toEqual([
      [1, "not-a-key", "identifier"],
      [2, "not-a-key", "suffixed"],
      [3, "placeholder", "repetitive"],
    ]);
  });
});
