/**
 * The config's `kinds` setting: a key of a kind left out is listed by --explain as suppressed.
 */
import { afterAll, describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey, stripeKey } from "../../support/keys.js";
import { cleanupTempDirs, Repo } from "../../support/repo.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

describe('the "kinds" setting', () => {
  it("lists a key of a kind left out as suppressed by the config in --explain", async () => {
    const roxels = secretKey();
    const stripe = stripeKey();
    const t = tree({
      "roxels-guard.config.json": JSON.stringify({ kinds: ["roxels-secret"] }),
      "a.env": `ROXELS=${roxels}\nSTRIPE=${stripe}\n`,
    });
    const json = await runCli(["scan", "--explain", "--format", "json"], { cwd: t.dir });
    expect(json.code, json.stderr).toBe(1);
    expectNoKeyIn([json.stdout, json.stderr], [roxels, stripe]);
    const report = JSON.parse(json.stdout) as { findings: Array<{ kind: string }>; suppressed: unknown[] };
    expect(report.findings.map((f) => f.kind)).toEqual(["roxels-secret"]);
    expect(report.suppressed).toEqual([
      { file: "a.env", line: 2, column: 8, masked: masked(stripe, "sk_live_".length), reason: "config", detail: "kinds" },
    ]);

    const text = await runCli(["scan", "--explain", "--no-color"], { cwd: t.dir });
    expect(text.stdout).toContain(`suppressed a.env:2:8  ${masked(stripe, "sk_live_".length)}  config (kinds)`);
  });

  it("does the same for a staged key", () => {
    const stripe = stripeKey();
    const repo = new Repo();
    repo.write("roxels-guard.config.json", JSON.stringify({ kinds: ["roxels-secret"] }));
    repo.write("pay.js", `const s = "${stripe}";\n`);
    repo.git("add", "-A");
    const run = repo.cli(["scan", "--staged", "--explain", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    expectNoKeyIn([run.all], [stripe]);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; suppressed: Array<{ file: string; reason: string; detail?: string }> };
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.file, s.reason, s.detail])).toEqual([["pay.js", "config", "kinds"]]);
  });

  it("an empty list is a one-line config error, exit 2", async () => {
    const t = tree({ "roxels-guard.config.json": JSON.stringify({ kinds: [] }), "a.env": `K=${secretKey()}\n` });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^roxels-guard: .*roxels-guard\.config\.json: "kinds" .*empty/);
  });
});
