/** The SARIF rules' wording: "A" or "An" as each kind needs. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { expectNoKeyIn, REPO_ROOT, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { anthropicKey, embedKey, openaiProjectKey, secretKey, stripeKey } from "../../support/keys.js";
import { cleanupTempDirs } from "../../support/repo.js";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const tree = useTempTrees();
afterAll(cleanupTempDirs);

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
}
interface SarifLog {
  runs: Array<{
    originalUriBaseIds?: Record<string, { uri: string }>;
    tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string } }> } };
    results: Array<{ message: { text: string }; locations: SarifLocation[] }>;
  }>;
}

function validSarif(text: string): SarifLog {
  const sarif = JSON.parse(text) as SarifLog;
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "test/reporters/schemas/sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  return sarif;
}

function locations(sarif: SarifLog): Array<{ uri: string; uriBaseId?: string }> {
  return sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
}

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
