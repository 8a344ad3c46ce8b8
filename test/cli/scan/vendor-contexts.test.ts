/**
 * Every vendor of core's table as a user's project holds it: a `.env` line, a nested
 * YAML key, a nested JSON object, a TOML section and a line of code, scanned through the
 * CLI in one tree. Each vendor's key gets that vendor's kind in each of the five, and a
 * Roxels key beside them stays Roxels.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fingerprintKey, VENDORS } from "@roxels-guard/core";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { anthropicKey, openaiProjectKey, secretKey, stripeKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { vendorKeys } from "../../support/vendor-keys.js";

const tree = useTempTrees();

/** Per kind: a key, the word a config names it by, and how code constructs its client. */
const VENDOR_CASES: Record<string, { key: () => string; name: string; code: (key: string) => string }> = {
  "paystack-secret": { key: () => vendorKeys.paystack(), name: "paystack", code: (k) => `const paystack = new Paystack("${k}");` },
  "clerk-secret": { key: () => vendorKeys.clerk(), name: "clerk", code: (k) => `const clerk = createClerkClient({ secretKey: "${k}" });` },
  "stripe-secret": { key: () => stripeKey(), name: "stripe", code: (k) => `const stripe = new Stripe("${k}");` },
  "stripe-restricted": { key: () => stripeKey("test", true), name: "stripe", code: (k) => `const stripe = new Stripe('${k}');` },
  anthropic: { key: () => anthropicKey(), name: "anthropic", code: (k) => `const client = new Anthropic({ apiKey: "${k}" });` },
  openrouter: { key: () => vendorKeys.openrouter(), name: "openrouter", code: (k) => `const openrouter = createOpenRouter({ apiKey: "${k}" });` },
  "langfuse-secret": { key: () => vendorKeys.langfuse(), name: "langfuse", code: (k) => `const langfuse = new Langfuse({ secretKey: "${k}" });` },
  openai: { key: () => openaiProjectKey(), name: "openai", code: (k) => `const openai = new OpenAI({ apiKey: "${k}" });` },
  elevenlabs: { key: () => vendorKeys.elevenlabs(), name: "elevenlabs", code: (k) => `const elevenlabs = new ElevenLabsClient({ apiKey: "${k}" });` },
  deepseek: { key: () => vendorKeys.deepseek(), name: "deepseek", code: (k) => `const deepseek = new OpenAI({ baseURL: "https://api.deepseek.com", apiKey: "${k}" });` },
  dashscope: { key: () => vendorKeys.dashscope(), name: "dashscope", code: (k) => `DASHSCOPE_API_KEY = "${k}"` },
  moonshot: { key: () => vendorKeys.moonshot(), name: "moonshot", code: (k) => `const kimi = new OpenAI({ baseURL: "https://api.moonshot.ai/v1", apiKey: "${k}" });` },
  "revenuecat-secret": { key: () => vendorKeys.revenuecat(), name: "revenuecat", code: (k) => `const revenueCatSecret = "${k}";` },
};

const FORMATS = ["env", "yaml", "json", "toml", "code"] as const;

interface Finding {
  file: string;
  line: number;
  kind: string;
  fingerprint: string;
}

const keys = new Map<string, Record<(typeof FORMATS)[number], string>>();
let found: Finding[] = [];
let outputs: string[] = [];
const roxels = secretKey();

beforeAll(async () => {
  const env: string[] = [];
  const yaml: string[] = ["services:"];
  const json: Record<string, unknown> = {};
  const toml: string[] = [];
  const code: string[] = [];
  for (const [kind, c] of Object.entries(VENDOR_CASES)) {
    const k = { env: c.key(), yaml: c.key(), json: c.key(), toml: c.key(), code: c.key() };
    keys.set(kind, k);
    env.push(`${c.name.toUpperCase()}_SECRET_KEY=${k.env}`);
    yaml.push(`  ${c.name}:`, `    region: eu`, `    api_key: ${k.yaml}`);
    json[kind] = { provider: { [c.name]: { enabled: true, credentials: { apiKey: k.json } } } };
    toml.push(`[providers.${c.name}]`, `timeout = 30`, `api_key = "${k.toml}"`, "");
    code.push(c.code(k.code));
  }
  env.push(`ROXELS_API_KEY=${roxels}`);
  const t = tree({
    ".env": `${env.join("\n")}\n`,
    "config.yaml": `${yaml.join("\n")}\n`,
    "config.json": `${JSON.stringify(json, null, 2)}\n`,
    "config.toml": `${toml.join("\n")}\n`,
    "clients.ts": `${code.join("\n")}\n`,
  });
  const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
  expect(result.code, result.stderr).toBe(1);
  found = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  outputs = [result.stdout, result.stderr];
});

const FILE: Record<(typeof FORMATS)[number], string> = { env: ".env", yaml: "config.yaml", json: "config.json", toml: "config.toml", code: "clients.ts" };

describe("each vendor of the table in .env, YAML, JSON, TOML and code", () => {
  it("covers every row of the table", () => {
    for (const vendor of VENDORS) expect(Object.keys(VENDOR_CASES)).toContain(vendor.kind);
  });

  for (const kind of Object.keys(VENDOR_CASES)) {
    it(`names ${kind} in each format`, () => {
      const mine = keys.get(kind)!;
      for (const format of FORMATS) {
        const fingerprint = fingerprintKey(mine[format]);
        const at = found.filter((f) => f.file === FILE[format] && f.fingerprint === fingerprint);
        expect(at.map((f) => f.kind), `${kind} in ${FILE[format]}`).toEqual([kind]);
      }
      expectNoKeyIn(outputs, Object.values(mine));
    });
  }

  it("keeps the Roxels key beside them Roxels, and reports nothing else", () => {
    expect(found.filter((f) => f.kind === "roxels-secret").map((f) => f.file)).toEqual([".env"]);
    expect(found).toHaveLength(Object.keys(VENDOR_CASES).length * FORMATS.length + 1);
  });
});
