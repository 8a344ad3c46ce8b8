import { afterAll, describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { anthropicKey, embedKey, openaiProjectKey, secretKey, stripeKey } from "../../support/keys.js";
import { cleanupTempDirs } from "../../support/repo.js";
import { validSarif } from "./support.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

describe("SARIF rule text", () => {
  it('says "A" or "An" as each kind needs', async () => {
    const keys = [secretKey(), stripeKey(), stripeKey("live", true), openaiProjectKey(), anthropicKey(), embedKey()];
    const t = tree({ "all.env": keys.map((k, i) => `K${i}=${k}`).join("\n") + "\n" });
    const result = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expectNoKeyIn([result.stdout], keys);
    const rules = validSarif(result.stdout).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(["anthropic", "openai", "roxels-secret", "stripe-restricted", "stripe-secret"]);
    const full = Object.fromEntries(rules.map((r) => [r.id, r.fullDescription.text]));
    expect(full.openai).toMatch(/^An OpenAI API key appears/);
    expect(full.anthropic).toMatch(/^An Anthropic API key appears/);
    expect(full["roxels-secret"]).toMatch(/^A Roxels secret key appears/);
    for (const rule of rules) expect(rule.fullDescription.text).toMatch(/^(?:A [^AEIOUaeiou]|An [AEIOUaeiou])/);
  });
});
