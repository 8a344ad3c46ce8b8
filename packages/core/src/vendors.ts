/**
 * Other vendors' keys that share the `sk`/`rk` prefixes with Roxels keys: one row a
 * vendor. The grammar (grammar.ts) reads this table to name a token; find-keys.ts reads
 * it again to let the text before a key (`ELEVENLABS_API_KEY=`, `deepseek:`) name it.
 *
 * Adding a vendor is one row here and one test (test/core/vendors.test.ts has a case per
 * row). Order matters only among rows whose shapes overlap: the first that fits wins.
 *
 * - `token`: the whole token, with one capture group around the random part (what is
 *   masked and checked for placeholders).
 * - `byShape`: the shape alone names the vendor, so no context is needed. Only for shapes
 *   no Roxels key has (a separator inside the token, a hex-only body) and that no other
 *   row shares without context.
 * - `context`: lowercase words that, in the name a key is assigned to on its line (or the
 *   YAML/JSON key enclosing it), name this vendor.
 */
export interface VendorRule {
  readonly kind: string;
  readonly description: string;
  readonly token: RegExp;
  readonly byShape: boolean;
  readonly context: readonly string[];
  /** Where to rotate it: the "what now" every report prints. */
  readonly advice: string;
  /** GitHub's 0-10 `security-severity` for SARIF. */
  readonly severity: string;
}

const HEX = "[0-9a-f]";

export const VENDORS = [
  // Paystack before Stripe: both use sk_live_/sk_test_, and a hex body is not Stripe's.
  { kind: "paystack-secret", description: "Paystack secret key", token: new RegExp(`^sk_(?:live|test)_(${HEX}{40})$`), byShape: true, context: ["paystack"], advice: "roll it in the Paystack dashboard (Settings, API Keys)", severity: "9.0" },
  { kind: "clerk-secret", description: "Clerk secret key", token: /^sk_(?:live|test)_([A-Za-z0-9]{20,})$/, byShape: false, context: ["clerk"], advice: "roll it in the Clerk dashboard (API Keys)", severity: "9.0" },
  { kind: "stripe-secret", description: "Stripe secret key", token: /^sk_(?:live|test)_([A-Za-z0-9]{16,247})$/, byShape: true, context: ["stripe"], advice: "roll it in the Stripe dashboard", severity: "9.0" },
  { kind: "stripe-restricted", description: "Stripe restricted key", token: /^rk_(?:live|test)_([A-Za-z0-9]{16,247})$/, byShape: true, context: ["stripe"], advice: "roll it in the Stripe dashboard", severity: "7.5" },
  { kind: "anthropic", description: "Anthropic API key", token: /^sk-ant-(?:[a-z]+\d{2}-)?([A-Za-z0-9_-]{32,})$/, byShape: true, context: ["anthropic", "claude"], advice: "revoke it in the Anthropic console", severity: "8.0" },
  { kind: "openrouter", description: "OpenRouter API key", token: new RegExp(`^sk-or-v1-(${HEX}{64})$`), byShape: true, context: ["openrouter"], advice: "delete it in OpenRouter (Settings, Keys)", severity: "8.0" },
  { kind: "langfuse-secret", description: "Langfuse secret key", token: /^sk-lf-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, byShape: true, context: ["langfuse"], advice: "delete it in the Langfuse project settings (API Keys)", severity: "8.0" },
  { kind: "openai", description: "OpenAI API key", token: /^sk-(?:proj|svcacct|admin|None)-([A-Za-z0-9_-]{20,})$/, byShape: true, context: ["openai"], advice: "revoke it in the OpenAI dashboard", severity: "8.0" },
  // OpenAI's legacy keys embed the base64 of "OpenAI" in the middle.
  { kind: "openai", description: "OpenAI API key", token: /^sk-([A-Za-z0-9]{10,}T3BlbkFJ[A-Za-z0-9]{10,})$/, byShape: true, context: ["openai"], advice: "revoke it in the OpenAI dashboard", severity: "8.0" },
  { kind: "elevenlabs", description: "ElevenLabs API key", token: new RegExp(`^sk_(${HEX}{48})$`), byShape: true, context: ["elevenlabs", "eleven_labs", "xi-api-key", "xi_api_key"], advice: "regenerate it in ElevenLabs (Profile, API Keys)", severity: "8.0" },
  { kind: "deepseek", description: "DeepSeek API key", token: new RegExp(`^sk-(${HEX}{32})$`), byShape: false, context: ["deepseek"], advice: "delete it on the DeepSeek platform (API keys)", severity: "8.0" },
  { kind: "dashscope", description: "Alibaba DashScope API key", token: new RegExp(`^sk-(${HEX}{32})$`), byShape: false, context: ["dashscope", "alibaba", "aliyun", "bailian", "qwen"], advice: "delete it in Alibaba Cloud Model Studio (API keys)", severity: "8.0" },
  { kind: "moonshot", description: "Moonshot API key", token: /^sk-([A-Za-z0-9]{32,64})$/, byShape: false, context: ["moonshot", "kimi"], advice: "delete it on the Moonshot platform (API keys)", severity: "8.0" },
  { kind: "revenuecat-secret", description: "RevenueCat secret key", token: /^sk_([A-Za-z0-9]{24,64})$/, byShape: false, context: ["revenuecat", "revenue_cat"], advice: "revoke it in the RevenueCat dashboard (API keys)", severity: "8.0" },
] as const satisfies readonly VendorRule[];

export type VendorKind = (typeof VENDORS)[number]["kind"];

/**
 * A key the grammar reads as Roxels-shaped that its own body says is not random base62
 * (only hex digits: a 24-character base62 body is all lowercase hex about once in 10^14),
 * or that its context gives to a vendor whose shape it does not have.
 */
export const OTHER_KIND = "other-sk";

/** Words that, before a key, say it is a Roxels key after all. */
export const ROXELS_CONTEXT: readonly string[] = ["roxels"];
