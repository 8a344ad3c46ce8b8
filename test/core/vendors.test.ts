import { describe, expect, it } from "vitest";
import { classifyKey, findKeys, FINDING_KINDS, hasRoxelsSecretShape, KIND_ADVICE, KIND_DESCRIPTIONS, KIND_SEVERITY, VENDORS, type KeyKind } from "@roxels-guard/core";
import { anthropicKey, openaiLegacyKey, openaiProjectKey, randomBody, secretKey, stripeKey } from "../support/keys.js";
import { hexBody, vendorKeys } from "../support/vendor-keys.js";
import { seededRandom } from "../support/random.js";

function kindsIn(text: string): KeyKind[] {
  return findKeys(text).map((m) => m.kind);
}

/**
 * One case a vendor row: a key of its shape, and a line naming it the way a config does.
 * A row added to core's table without a case here fails the first test.
 */
const CASES: Record<string, { key: () => string; line: (key: string) => string; alone: KeyKind }> = {
  "paystack-secret": { key: () => vendorKeys.paystack(), line: (k) => `PAYSTACK_SECRET_KEY=${k}`, alone: "paystack-secret" },
  "clerk-secret": { key: () => vendorKeys.clerk(), line: (k) => `CLERK_SECRET_KEY=${k}`, alone: "stripe-secret" },
  "stripe-secret": { key: () => stripeKey(), line: (k) => `stripe.apiKey = "${k}";`, alone: "stripe-secret" },
  "stripe-restricted": { key: () => stripeKey("live", true), line: (k) => `STRIPE_RESTRICTED=${k}`, alone: "stripe-restricted" },
  anthropic: { key: () => anthropicKey(), line: (k) => `ANTHROPIC_API_KEY=${k}`, alone: "anthropic" },
  openrouter: { key: () => vendorKeys.openrouter(), line: (k) => `OPENROUTER_API_KEY=${k}`, alone: "openrouter" },
  "langfuse-secret": { key: () => vendorKeys.langfuse(), line: (k) => `LANGFUSE_SECRET_KEY=${k}`, alone: "langfuse-secret" },
  openai: { key: () => openaiProjectKey(), line: (k) => `OPENAI_API_KEY=${k}`, alone: "openai" },
  elevenlabs: { key: () => vendorKeys.elevenlabs(), line: (k) => `ELEVENLABS_API_KEY=${k}`, alone: "elevenlabs" },
  deepseek: { key: () => vendorKeys.deepseek(), line: (k) => `deepseek_api_key: "${k}"`, alone: "other-sk" },
  dashscope: { key: () => vendorKeys.dashscope(), line: (k) => `export DASHSCOPE_API_KEY=${k}`, alone: "other-sk" },
  moonshot: { key: () => vendorKeys.moonshot(), line: (k) => `const moonshotKey = '${k}'`, alone: "roxels-secret" },
  "revenuecat-secret": { key: () => vendorKeys.revenuecat(), line: (k) => `REVENUECAT_SECRET_KEY=${k}`, alone: "roxels-secret" },
};

describe("the vendor table", () => {
  it("has a test case for every row", () => {
    for (const vendor of VENDORS) expect(Object.keys(CASES), vendor.kind).toContain(vendor.kind);
  });

  it("gives every kind a description, advice that names no Roxels dashboard for others, and a severity", () => {
    for (const kind of FINDING_KINDS) {
      expect(KIND_DESCRIPTIONS[kind], kind).toMatch(/\w/);
      expect(KIND_SEVERITY[kind], kind).toMatch(/^\d+\.\d$/);
      if (kind !== "roxels-secret") expect(KIND_ADVICE[kind], kind).toMatch(/^not a Roxels key/);
    }
  });

  for (const [kind, c] of Object.entries(CASES)) {
    it(`names a ${kind} key by its context`, () => {
      const key = c.key();
      const matches = findKeys(`# settings\n${c.line(key)}\n`);
      expect(matches.map((m) => m.kind)).toEqual([kind]);
      expect(matches[0]!.secret.reveal()).toBe(key);
    });
    it(`gives a ${kind} key without context the kind its shape says (${c.alone})`, () => {
      expect(kindsIn(`value: ${c.key()}\n`)).toEqual([c.alone]);
    });
  }
});

/** Whether the Roxels grammar has room for a token: `sk_`/`sk-` and 24 to 64 letters and digits. */
const FITS_ROXELS = /^sk[_-][A-Za-z0-9]{24,64}$/;

describe("a key the context names as Roxels", () => {
  // One case a row: a shape that alone leaves the vendor open (other-sk, or Roxels-shaped)
  // is Roxels under a Roxels name when the grammar has room for it; a shape only its vendor
  // issues keeps its kind. Either way, the vendor's own name never gives Roxels.
  for (const [kind, c] of Object.entries(CASES)) {
    it(`is roxels-secret when a ${kind}-shaped key's shape leaves its vendor open, else keeps its kind`, () => {
      const key = c.key();
      const fits = FITS_ROXELS.test(key);
      const open = c.alone === "other-sk" || c.alone === "roxels-secret";
      const expected = fits && open ? "roxels-secret" : c.alone;
      for (const text of [`ROXELS_SECRET_KEY=${key}`, `const roxelsKey = "${key}";`, `roxels:\n  secret_key: ${key}\n`, `{"roxels": {"apiKey": "${key}"}}`]) {
        expect(kindsIn(text), text.replace(key, "<key>")).toEqual([expected]);
      }
      // The API client's guard agrees: only what a Roxels name may make Roxels may be sent.
      expect(hasRoxelsSecretShape(key)).toBe(fits && open);
      expect(kindsIn(c.line(key))).toEqual([kind]);
    });
  }

  it("keeps ElevenLabs' 48 hex digits and OpenAI's legacy marker their vendor's, and other hex bodies Roxels", () => {
    expect(kindsIn(`ROXELS_SECRET_KEY=sk_${hexBody(48)}`)).toEqual(["elevenlabs"]);
    expect(kindsIn(`ROXELS_API_KEY=${openaiLegacyKey()}`)).toEqual(["openai"]);
    // Upper-case hex is no ElevenLabs key: its shape leaves the vendor open.
    expect(kindsIn(`ROXELS_SECRET_KEY=sk_${hexBody(48).toUpperCase()}`)).toEqual(["roxels-secret"]);
    expect(kindsIn(`ROXELS_SECRET_KEY=sk_${hexBody(40)}`)).toEqual(["roxels-secret"]);
    expect(kindsIn(`ELEVENLABS_API_KEY=sk_${hexBody(48)}`)).toEqual(["elevenlabs"]);
    expect(kindsIn(`OPENAI_API_KEY=${openaiLegacyKey()}`)).toEqual(["openai"]);
  });

  it("is never roxels-secret when another vendor is named after the Roxels word", () => {
    expect(kindsIn(`ROXELS_ELEVENLABS_KEY=sk_${hexBody(48)}`)).toEqual(["elevenlabs"]);
    expect(kindsIn(`ROXELS_FOR_DEEPSEEK=${vendorKeys.deepseek()}`)).toEqual(["deepseek"]);
  });
});

describe("a key is Roxels only when nothing says otherwise", () => {
  it("keeps a Roxels-shaped key with no context, or a neutral name, Roxels", () => {
    expect(kindsIn(`API_KEY=${secretKey()}`)).toEqual(["roxels-secret"]);
    expect(kindsIn(`const key = "${secretKey({ hyphen: true })}";`)).toEqual(["roxels-secret"]);
    expect(kindsIn(`ROXELS_API_KEY=${secretKey()}`)).toEqual(["roxels-secret"]);
  });

  it("reads a hex-only body as another vendor's key, unless the context says Roxels", () => {
    expect(kindsIn(`KEY=sk_${hexBody(32)}`)).toEqual(["other-sk"]);
    expect(kindsIn(`KEY=sk-${hexBody(40).toUpperCase()}`)).toEqual(["other-sk"]);
    expect(kindsIn(`ROXELS_KEY=sk_${hexBody(32)}`)).toEqual(["roxels-secret"]);
    expect(classifyKey(`sk-${hexBody(32)}`)).toMatchObject({ kind: "other-sk" });
  });

  it("keeps a mixed-case body that merely holds hex letters Roxels", () => {
    expect(kindsIn(`KEY=sk_${randomBody(32)}`)).toEqual(["roxels-secret"]);
  });

  it("reads a Roxels-shaped key named as a vendor whose shape it lacks as other-sk", () => {
    expect(kindsIn(`STRIPE_SECRET_KEY=${secretKey()}`)).toEqual(["other-sk"]);
    expect(kindsIn(`ELEVENLABS_API_KEY=${secretKey()}`)).toEqual(["other-sk"]);
  });

  it("gives each key on a line the name nearest before it", () => {
    const line = `MOONSHOT_KEY=${vendorKeys.moonshot()} ROXELS_KEY=${secretKey()} REVENUECAT=${vendorKeys.revenuecat()}`;
    expect(kindsIn(line)).toEqual(["moonshot", "roxels-secret", "revenuecat-secret"]);
  });

  it("does not let a name from an earlier statement of a minified line reach a key", () => {
    expect(kindsIn(`var s=require("stripe");var k="${secretKey()}";`)).toEqual(["roxels-secret"]);
  });

  it("reads the enclosing YAML key, JSON object and TOML section", () => {
    expect(kindsIn(`providers:\n  deepseek:\n    api_key: ${vendorKeys.deepseek()}\n    model: chat\n`)).toEqual(["deepseek"]);
    expect(kindsIn(`providers:\n  moonshot:\n    base: https://api.example.net\n    key: ${vendorKeys.moonshot()}\n  roxels:\n    key: ${secretKey()}\n`)).toEqual([
      "moonshot",
      "roxels-secret",
    ]);
    expect(kindsIn(`{\n  "revenuecat": {\n    "secret": "${vendorKeys.revenuecat()}"\n  }\n}\n`)).toEqual(["revenuecat-secret"]);
    expect(kindsIn(`[dashscope]\nregion = "cn"\napi_key = "${vendorKeys.dashscope()}"\n\n[other]\nx = 1\n`)).toEqual(["dashscope"]);
  });

  it("carries an enclosing key to every key under it, and to none outside", () => {
    const yaml = `moonshot:\n  a: ${vendorKeys.moonshot()}\n  b: ${vendorKeys.moonshot()}\nplain: ${secretKey()}\n`;
    expect(kindsIn(yaml)).toEqual(["moonshot", "moonshot", "roxels-secret"]);
  });

  it("names a key in a base64 value by the name the value is assigned to", () => {
    const b64 = (key: string) => Buffer.from(key).toString("base64");
    const secret = [
      "apiVersion: v1\nkind: Secret\ndata:",
      `  DEEPSEEK_API_KEY: ${b64(vendorKeys.deepseek())}`,
      `  REVENUECAT_SECRET_KEY: ${b64(vendorKeys.revenuecat())}`,
      `  MOONSHOT_API_KEY: ${b64(vendorKeys.moonshot())}`,
      `  ROXELS_SECRET_KEY: ${b64(`sk_${hexBody(32)}`)}`,
      `  API_KEY: ${b64(secretKey())}`,
    ].join("\n");
    expect(findKeys(secret).map((m) => [m.kind, m.encoding])).toEqual([
      ["deepseek", "base64"],
      ["revenuecat-secret", "base64"],
      ["moonshot", "base64"],
      ["roxels-secret", "base64"],
      ["roxels-secret", "base64"],
    ]);
    // What the decoded value itself says comes first.
    expect(kindsIn(`DEEPSEEK_CONFIG=${b64(`MOONSHOT_API_KEY=${vendorKeys.moonshot()}`)}`)).toEqual(["moonshot"]);
  });

  it("takes the last vendor named whose shape the key has, never a Roxels word before another vendor's", () => {
    expect(kindsIn(`moonshot_client = OpenAI(api_key="${vendorKeys.moonshot()}")`)).toEqual(["moonshot"]);
    expect(kindsIn(`deepseek = OpenAI(api_key="${vendorKeys.deepseek()}")`)).toEqual(["deepseek"]);
    expect(kindsIn(`ROXELS_KEY_FOR_STRIPE=${secretKey()}`)).toEqual(["other-sk"]);
  });

  it("reads the host of a base URL just after a key that nothing before names", () => {
    expect(kindsIn(`client = OpenAI(api_key="${vendorKeys.deepseek()}", base_url="https://api.deepseek.com")`)).toEqual(["deepseek"]);
    expect(kindsIn(`client = OpenAI(\n  api_key="${vendorKeys.moonshot()}",\n  base_url="https://api.moonshot.cn/v1",\n)\n`)).toEqual(["moonshot"]);
    expect(kindsIn(`new OpenAI({ apiKey: "${vendorKeys.dashscope()}", baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1" })`)).toEqual(["dashscope"]);
    // A name after the key is the next key's; a host three lines on is another statement's.
    expect(kindsIn(`{"key":"${secretKey()}","revenuecat":"${vendorKeys.revenuecat()}"}`)).toEqual(["roxels-secret", "revenuecat-secret"]);
    expect(kindsIn(`KEY=${secretKey()}\nA=1\nB=2\nMOONSHOT_BASE=https://api.moonshot.cn\n`)).toEqual(["roxels-secret"]);
    expect(kindsIn(`ROXELS_KEY=${secretKey()} # not https://api.moonshot.cn`)).toEqual(["roxels-secret"]);
  });

  it("keeps distinctive shapes whatever the name says", () => {
    expect(kindsIn(`ROXELS_KEY=${stripeKey()}`)).toEqual(["stripe-secret"]);
    expect(kindsIn(`ROXELS_KEY=${anthropicKey()}`)).toEqual(["anthropic"]);
    expect(kindsIn(`ROXELS_KEY=${openaiLegacyKey()}`)).toEqual(["openai"]);
  });
});

describe("keys after a slash", () => {
  it("finds a key as a URL path segment, a query value and a file path segment", () => {
    const key = secretKey();
    for (const text of [
      `https://relay.example.net/hooks/T0${randomBody(9).toUpperCase()}/B0${randomBody(9).toUpperCase()}/${key}`,
      `POST https://api.example.net/v1/keys/${key}/rotate`,
      `https://api.example.net/cb?token=${key}&x=1`,
      `/etc/roxels/production/credentials/${key}`,
      `C:/deploy/secrets/${key}.txt`,
      `https://app.example.net/callback#${key}`,
      `https://app.example.net/callback#access_token=${key}&state=1`,
      `C:\\Users\\ada\\secrets\\${key}.txt`,
      `"C:\\\\Users\\\\ada\\\\${key}"`,
      `\\\\fileserver\\share\\keys\\${key}`,
    ]) {
      expect(findKeys(text).map((m) => m.secret.reveal()), text.slice(0, 40)).toEqual([key]);
    }
  });

  it("does not take a key glued anywhere inside random base64, base64url or a JWT", () => {
    // Random blobs put a `/`, `+` or `-` just before the key, or a few characters before it.
    // The rule is statistical (random base64 holds a `/` once in 64 characters, a path one
    // every few): a key amid a run of short `/` segments reads as a path. So the blobs come
    // from a fixed seed, and the share taken is bounded (it was 1 in 9 after a `/`).
    const next = seededRandom(0x6b657973);
    const taken: string[] = [];
    const bytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
    for (let i = 0; i < 800; i++) {
      const key = secretKey();
      const at = 10 + Math.floor(next() * 380);
      const blob = bytes(300).toString("base64");
      const url = bytes(300).toString("base64url");
      const jwt = `eyJhbGciOiJIUzI1NiJ9.${bytes(120).toString("base64url")}.${bytes(32).toString("base64url")}`;
      const jwtAt = 10 + Math.floor(next() * (jwt.length - 20));
      for (const text of [
        `data: ${blob.slice(0, at)}${key}${blob.slice(at)}`,
        `data: ${blob.slice(0, at)}${next() < 0.5 ? "/" : "+"}${key}${blob.slice(at)}`,
        `token=${url.slice(0, at)}-${key}${url.slice(at)}`,
        `Authorization: Bearer ${jwt.slice(0, jwtAt)}${key}${jwt.slice(jwtAt)}`,
        `Authorization: Bearer ${jwt.slice(0, jwtAt)}-${key}${jwt.slice(jwtAt)}`,
      ]) {
        if (findKeys(text, { decodeBase64: false }).length > 0) taken.push(text);
      }
    }
    expect(taken.length, taken[0]).toBeLessThanOrEqual(4); // of 4,000
  });

  it("still finds keys after a slash in paths and URLs whose segments mix cases and digits", () => {
    const key = secretKey();
    const id = () => randomBody(10).toUpperCase();
    for (const text of [
      `https://hooks.slack.com/services/T0${id()}/B0${id()}/${key}`,
      `/home/ada/Projects/MyApp2/config/${key}`,
      `https://api.example.net/v1/organizations/Org${randomBody(16)}/keys/${key}/rotate`,
      `C:\\Users\\Ada2\\AppData\\Roaming\\App\\${key}.txt`,
    ]) {
      expect(findKeys(text).map((m) => m.secret.reveal()), text.slice(0, 40)).toEqual([key]);
    }
  });

  it("finds a key after a URL's or a file's path however random its segments look", () => {
    const key = secretKey();
    const id = () => randomBody(24);
    for (const text of [
      `https://files.example.net/${id()}/${key}`,
      `https://files.example.net/v1/${id()}/${id()}/${key}/rotate`,
      `https://files.example.net/my-app/${id()}/${key}`,
      `C:/data/${id()}/${key}.txt`,
      `~/.config/app/${id()}/${key}`,
      `/var/lib/app/${randomBody(40)}/${key}`,
      `cp secrets.env /srv/deploy/${id()}/${key}`,
      `volume: "/data/${id()}/${id()}/${key}"`,
    ]) {
      expect(findKeys(text, { decodeBase64: false }).map((m) => m.secret.reveal()), text.slice(0, 40)).toEqual([key]);
    }
    // A base64 value after a `-`, a quote or a space is still a value, not a path.
    for (const text of [`"integrity": "sha512-${randomBody(40)}/${key}"`, `data: ${randomBody(40)}/${key}`]) {
      expect(findKeys(text, { decodeBase64: false }), text.slice(0, 30)).toEqual([]);
    }
  });

  it("still does not take a key glued inside a base64 blob after a slash or a plus", () => {
    const blob = `${randomBody(30)}A1b`;
    expect(findKeys(`data: ${blob}/${secretKey()}${randomBody(8)}/${randomBody(12)}==`, { decodeBase64: false })).toEqual([]);
    expect(findKeys(`data: ${blob}+${secretKey()}`, { decodeBase64: false })).toEqual([]);
  });
});

describe("a secret key of a vendor the table does not know", () => {
  const body = (length: number): string => {
    // randomBody has all three kinds of character nearly always; this makes sure.
    for (;;) {
      const candidate = randomBody(length);
      if (/\d/.test(candidate) && /[A-Z].*[A-Z]/.test(candidate) && /[a-z].*[a-z]/.test(candidate)) return candidate;
    }
  };

  it("is other-sk when words stand before its random part, masked after them", () => {
    for (const prefix of ["sk_prod_", "sk-myapp-", "sk_test_v2_", "sk-a-b-c-"]) {
      const key = `${prefix}${body(40)}`;
      const [match] = findKeys(`API_KEY=${key}\n`);
      expect(match?.kind, key).toBe("other-sk");
      expect(match!.secret.reveal()).toBe(key);
      expect(match!.secret.masked).toBe(`${prefix}${key.slice(prefix.length, prefix.length + 4)}…${key.slice(-4)}`);
    }
  });

  it("names OpenAI's user keys (`sk-None-`) by their shape", () => {
    expect(kindsIn(`key: sk-None-${body(48)}\n`)).toEqual(["openai"]);
  });

  it("never sends such a key to the Roxels API, whatever name it is assigned to", () => {
    const key = `sk_prod_${body(32)}`;
    expect(kindsIn(`ROXELS_SECRET_KEY=${key}\n`)).toEqual(["other-sk"]);
    expect(hasRoxelsSecretShape(key)).toBe(false);
    // A hex body of the Roxels shape still may: the name says Roxels and the shape leaves room.
    expect(hasRoxelsSecretShape(`sk_${hexBody(32)}`)).toBe(true);
  });

  it("leaves names made of words alone, with digits or without", () => {
    const names = [
      "sk-loading-spinner-animationDuration",
      "sk_layout_gridTemplateColumns12Desktop",
      "sk-btn-primaryHoverBackgroundColor",
      "sk_buff_head_queue_length_limit_2048",
      "sk-theme-colors-slate-900-background",
      `sk_prod_${"a1".repeat(16)}`, // no capitals
      `sk_prod_${"A1".repeat(16)}`, // no small letters
    ];
    for (const name of names) expect(kindsIn(`const x = "${name}";\n`), name).toEqual([]);
  });
});

