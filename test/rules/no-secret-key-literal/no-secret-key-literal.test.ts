import { describe, it } from "vitest";
import { noSecretKeyLiteral } from "../../../rules/no-secret-key-literal/index.js";
import { anthropicKey, embedKey, masked, openaiLegacyKey, openaiProjectKey, randomBody, secretKey, stripeKey } from "../../support/keys.js";
import { expectNoKeyInMessages, ruleTester } from "../support/rule-tester.js";

const sk = secretKey();
const skHyphen = secretKey({ hyphen: true });
const body = randomBody(32);
const stripe = stripeKey("live");
const stripeTest = stripeKey("test");
const stripeRestricted = stripeKey("live", true);
const openai = openaiProjectKey();
const openaiLegacy = openaiLegacyKey();
const anthropic = anthropicKey();
const allKeys = [sk, skHyphen, `sk_${body}`, stripe, stripeTest, stripeRestricted, openai, openaiLegacy, anthropic];

const tester = ruleTester();

tester.run("no-secret-key-literal", noSecretKeyLiteral, {
  valid: [
    // Embed keys are meant for the browser.
    `const embed = "${embedKey()}";`,
    `const embed = "${embedKey({ hyphen: true })}";`,
    `<script data-template-key="${embedKey()}" />`,
    // The contract's placeholders.
    `const key = "sk_your_key_here";`,
    `const key = "sk-your-key-here";`,
    `const key = "sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`,
    `const key = "sk_<KEY>";`,
    'const key = `sk_${process.env.BODY}`;',
    `const key = "sk_EXAMPLEKEYEXAMPLEKEYEXAMPLEKEY12";`,
    `const key = "sk_abcdefghijklmnopqrstuvwxyz012345";`,
    // A redacted display (a full key followed by an ellipsis is still the full key).
    `const shown = "${sk.slice(0, 10)}…";`,
    // Not at a token boundary: part of a longer identifier-like word.
    `const word = "disk_${body}";`,
    `const word = "mask-${body}";`,
    // Too short a body to be a Roxels key.
    `const key = "sk_${randomBody(12)}";`,
    // Reads from the environment are the fix, not a finding.
    "const key = process.env.ROXELS_API_KEY;",
    // A concatenation that is not static.
    'const key = "sk_" + process.env.BODY;',
    // The scanner's ignore comments mean the same here.
    `const key = "${sk}"; // roxels-guard-ignore: sandbox key`,
    `// roxels-guard-ignore-next-line -- documented test key\nconst key = "${sk}";`,
    `/* previous key: ${sk} roxels-guard-ignore */`,
    `const key = "sk_" + "${body}"; // roxels-guard-ignore`,
    // Other vendors, when turned off.
    { code: `const stripe = "${stripeKey("live")}";`, options: [{ otherVendors: false }] },
    { code: `const openai = "${openaiProjectKey()}";`, options: [{ otherVendors: false }] },
  ],
  invalid: [
    {
      code: `const key = "${sk}";`,
      errors: [
        {
          messageId: "secretKey",
          line: 1,
          column: 14,
          endColumn: 14 + sk.length,
          suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      code: `const key = '${skHyphen}';`,
      errors: [
        {
          messageId: "secretKey",
          column: 14,
          suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      // The key inside a longer string: reported where it stands, no replacement offered.
      code: `fetch(url, { headers: { Authorization: "Bearer ${sk}" } });`,
      errors: [{ messageId: "secretKey", column: 48, suggestions: [] }],
    },
    {
      code: `const key = \`${sk}\`;`,
      errors: [
        {
          messageId: "secretKey",
          column: 14,
          suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      code: `const auth = \`Bearer ${sk} for \${user}\`;`,
      errors: [{ messageId: "secretKey", column: 22, suggestions: [] }],
    },
    {
      // Concatenation of constant parts.
      code: `const key = "sk_" + "${body}";`,
      errors: [
        {
          messageId: "secretKey",
          column: 13,
          suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      code: `const key = "sk_" + "${body.slice(0, 16)}" + "${body.slice(16)}";`,
      errors: [{ messageId: "secretKey", line: 1, column: 13, suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }] }],
    },
    {
      // Constants from the same file.
      code: `const PREFIX = "sk_";\nconst BODY = "${body}";\nconst key = PREFIX + BODY;`,
      errors: [
        {
          messageId: "secretKey",
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: "useEnvVar",
              output: `const PREFIX = "sk_";\nconst BODY = "${body}";\nconst key = process.env.ROXELS_API_KEY;`,
            },
          ],
        },
      ],
    },
    {
      // Template literal with constant parts.
      code: `const BODY = "${body}";\nconst key = \`sk_\${BODY}\`;`,
      errors: [
        {
          messageId: "secretKey",
          line: 2,
          column: 13,
          suggestions: [
            { messageId: "useEnvVar", output: `const BODY = "${body}";\nconst key = process.env.ROXELS_API_KEY;` },
          ],
        },
      ],
    },
    {
      // Fallbacks.
      code: `const key = process.env.ROXELS_API_KEY ?? "${sk}";`,
      errors: [
        {
          messageId: "secretKey",
          column: 44,
          suggestions: [{ messageId: "removeFallback", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      code: `const key = process.env.ROXELS_API_KEY || "sk_" + "${body}";`,
      errors: [
        {
          messageId: "secretKey",
          column: 43,
          suggestions: [{ messageId: "removeFallback", output: "const key = process.env.ROXELS_API_KEY;" }],
        },
      ],
    },
    {
      // JSX text and JSX attributes.
      code: `const a = <p>Your key is ${sk}</p>;`,
      errors: [{ messageId: "secretKey", column: 26, suggestions: [] }],
    },
    {
      code: `const a = <Widget apiKey="${sk}" />;`,
      errors: [
        {
          messageId: "secretKey",
          column: 27,
          suggestions: [{ messageId: "useEnvVar", output: "const a = <Widget apiKey={process.env.ROXELS_API_KEY} />;" }],
        },
      ],
    },
    {
      // The suggested env var name is an option.
      code: `const key = "${sk}";`,
      options: [{ envVar: "MY_ROXELS_KEY" }],
      errors: [
        {
          messageId: "secretKey",
          suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.MY_ROXELS_KEY;" }],
        },
      ],
    },
    {
      // Two keys in one string: two reports.
      code: `const keys = "${sk} ${skHyphen}";`,
      errors: [
        { messageId: "secretKey", column: 15, suggestions: [] },
        { messageId: "secretKey", column: 15 + sk.length + 1, suggestions: [] },
      ],
    },
    {
      // Escapes end a token: the key after "\n" is still found.
      code: `const text = "line\\n${sk}";`,
      errors: [{ messageId: "secretKey", line: 1, suggestions: [] }],
    },
    // Comments of every kind: reported where the key stands, nothing to replace.
    { code: `// previous key: ${sk}\nconst key = process.env.ROXELS_API_KEY;`, errors: [{ messageId: "secretKey", line: 1, column: 18, suggestions: [] }] },
    { code: `/*\n * rotated: ${sk}\n */\nexport {};`, errors: [{ messageId: "secretKey", line: 2, column: 13, suggestions: [] }] },
    { code: `/** @example client("${sk}") */\nexport function client(key) {}`, errors: [{ messageId: "secretKey", line: 1, column: 22, suggestions: [] }] },
    { code: `function f() {\n  // ${sk}\n  return 1;\n}`, errors: [{ messageId: "secretKey", line: 2, column: 6, suggestions: [] }] },
    { code: `const a = <div>{/* ${sk} */}</div>;`, errors: [{ messageId: "secretKey", column: 20, suggestions: [] }] },
    // An ignore comment covers its own line or the next, not any other.
    {
      code: `// roxels-guard-ignore\n\nconst key = "${sk}";`,
      errors: [{ messageId: "secretKey", line: 3, suggestions: [{ messageId: "useEnvVar", output: "// roxels-guard-ignore\n\nconst key = process.env.ROXELS_API_KEY;" }] }],
    },
    // Regular expressions and tagged templates.
    { code: `const re = /${sk}/u;`, errors: [{ messageId: "secretKey", column: 13, suggestions: [] }] },
    { code: `const q = sql\`${sk}\`;`, errors: [{ messageId: "secretKey", column: 15, suggestions: [] }] },
    // Written with escapes: the text holds no key, the string's value does.
    {
      code: `const key = "sk\\u005f${body}";`,
      errors: [{ messageId: "secretKey", column: 13, suggestions: [{ messageId: "useEnvVar", output: "const key = process.env.ROXELS_API_KEY;" }] }],
    },
    // One leak, one report: where the key is written, not where a constant holding it is used.
    {
      code: `const apiKey = "${sk}";\nfetch(url, { headers: { Authorization: \`Bearer \${apiKey}\` } });\nconst again = "Bearer " + apiKey;`,
      errors: [
        {
          messageId: "secretKey",
          line: 1,
          suggestions: [
            {
              messageId: "useEnvVar",
              output: `const apiKey = process.env.ROXELS_API_KEY;\nfetch(url, { headers: { Authorization: \`Bearer \${apiKey}\` } });\nconst again = "Bearer " + apiKey;`,
            },
          ],
        },
      ],
    },
    {
      code: `const BODY = "${body}";\nconst apiKey = "sk_" + BODY;\nconst auth = \`Bearer \${apiKey}\`;`,
      errors: [
        {
          messageId: "secretKey",
          line: 2,
          column: 16,
          suggestions: [{ messageId: "useEnvVar", output: `const BODY = "${body}";\nconst apiKey = process.env.ROXELS_API_KEY;\nconst auth = \`Bearer \${apiKey}\`;` }],
        },
      ],
    },
    {
      // The same key written twice is a leak in two places.
      code: `const a = "${sk}";\nconst b = "${sk}";`,
      errors: [
        { messageId: "secretKey", line: 1, suggestions: [{ messageId: "useEnvVar", output: `const a = process.env.ROXELS_API_KEY;\nconst b = "${sk}";` }] },
        { messageId: "secretKey", line: 2, suggestions: [{ messageId: "useEnvVar", output: `const a = "${sk}";\nconst b = process.env.ROXELS_API_KEY;` }] },
      ],
    },
    // In a file that ships to the browser, one report says both.
    {
      code: `"use client";\nconst key = "${sk}";`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretKeyInClient", line: 2, column: 14, data: { masked: masked(sk), reason: 'a "use client" file' }, suggestions: [] }],
    },
    {
      code: `"use client";\nconst auth = \`Bearer ${skHyphen}\`;`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretKeyInClient", line: 2 }],
    },
    {
      code: `export const key = "${sk}";`,
      filename: "src/widget.client.ts",
      errors: [{ messageId: "secretKeyInClient", data: { masked: masked(sk), reason: "a .client file" } }],
    },
    // Other vendors' keys: their own messageId, never the Roxels suggestion.
    { code: `const k = "${stripe}";`, errors: [{ messageId: "otherVendorKey", column: 12, suggestions: [] }] },
    { code: `const k = "${stripeTest}";`, errors: [{ messageId: "otherVendorKey" }] },
    { code: `const k = "${stripeRestricted}";`, errors: [{ messageId: "otherVendorKey" }] },
    { code: `const k = "${openai}";`, errors: [{ messageId: "otherVendorKey" }] },
    { code: `const k = "${openaiLegacy}";`, errors: [{ messageId: "otherVendorKey" }] },
    { code: `const k = "${anthropic}";`, errors: [{ messageId: "otherVendorKey" }] },
    {
      // A literal type: reported, but an env var read is no type, so no suggestion.
      code: `type Key = "${sk}";`,
      errors: [{ messageId: "secretKey", suggestions: [] }],
    },
    // Reported wherever the key is, but an env var read is offered only where an
    // expression may stand and its value would not leak anyway.
    ...[
      // Property, method and type-member names; destructuring keys.
      `const o = { "${sk}": 1 };`,
      `const o = { '${sk}'() {} };`,
      `class A { "${sk}"() {} }`,
      `class A { "${sk}" = 1; }`,
      `class A { ["${sk}"] = 1; }`,
      `abstract class A { abstract "${sk}": string; }`,
      `type T = { "${sk}": string };`,
      `type T = { ["${sk}"]: string };`,
      `interface I { "${sk}"(): void }`,
      `const { "${sk}": z } = o;`,
      // Import and export sources and names, import attributes, ambient modules.
      `import x from "${sk}";`,
      `import { "${sk}" as x } from "./m";`,
      `export { y as "${sk}" } from "./m";`,
      `export * from "${sk}";`,
      `export * as "${sk}" from "./m";`,
      `import x from "./m.json" with { type: "${sk}" };`,
      `declare module "${sk}" {}`,
      `import x = require("${sk}");`,
      // Enum members need constants; literal and template literal types are types.
      `enum E { A = "${sk}" }`,
      `enum E { A = "sk_" + "${body}" }`,
      `enum E { "${sk}" = 1 }`,
      `let t: "${sk}";`,
      `type T = \`${sk}\`;`,
      `type T = typeof import("${sk}");`,
      // A directive.
      `function f() { "${sk}"; }`,
      // Rendered into the page's HTML: an env var there would leak the same way.
      `const a = <script data-key="${sk}" />;`,
      `const a = <div title={"${sk}"} />;`,
      `const a = <meta content={process.env.ROXELS_API_KEY ?? "${sk}"} />;`,
      `const a = <p>{"${sk}"}</p>;`,
      `const a = <>{\`${sk}\`}</>;`,
    ].map((code) => ({ code, errors: [{ messageId: "secretKey" as const, suggestions: [] }] })),
    // The embed's key: reported with what to use instead, never an env var read.
    ...[
      `const a = <script data-template-key="${sk}" />;`,
      `const a = <script data-template-key={"${sk}"} />;`,
      `const a = <RoxelsEmbed templateKey="${sk}" />;`,
      `Roxels.init({ templateKey: "${sk}" });`,
      `Roxels.init({ templateKey: process.env.ROXELS_EMBED_KEY ?? "${sk}" });`,
    ].map((code) => ({ code, errors: [{ messageId: "secretKeyAsTemplateKey" as const, suggestions: [] }] })),
    // Still offered where an expression may stand.
    {
      code: `const o = { ["${sk}"]: 1 };`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "const o = { [process.env.ROXELS_API_KEY]: 1 };" }] }],
    },
    {
      code: `class A { ["${sk}"]() {} }`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "class A { [process.env.ROXELS_API_KEY]() {} }" }] }],
    },
    {
      // A computed class field name needs a literal type in TypeScript only.
      code: `class A { ["${sk}"] = 1; }`,
      filename: "file.jsx",
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "class A { [process.env.ROXELS_API_KEY] = 1; }" }] }],
    },
    {
      code: `const o = { key: "${sk}" };\nclass A { key = "${sk}"; }`,
      errors: [
        { messageId: "secretKey", line: 1, suggestions: [{ messageId: "useEnvVar", output: `const o = { key: process.env.ROXELS_API_KEY };\nclass A { key = "${sk}"; }` }] },
        { messageId: "secretKey", line: 2, suggestions: [{ messageId: "useEnvVar", output: `const o = { key: "${sk}" };\nclass A { key = process.env.ROXELS_API_KEY; }` }] },
      ],
    },
    {
      code: `const { key = "${sk}" } = o;`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "const { key = process.env.ROXELS_API_KEY } = o;" }] }],
    },
    {
      code: `const mod = await import("${sk}");`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "const mod = await import(process.env.ROXELS_API_KEY);" }] }],
    },
    {
      code: `const a = <Widget apiKey={"${sk}"} />;`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "useEnvVar", output: "const a = <Widget apiKey={process.env.ROXELS_API_KEY} />;" }] }],
    },
    {
      code: `const a = <Widget apiKey={process.env.ROXELS_API_KEY ?? "${sk}"} />;`,
      errors: [{ messageId: "secretKey", suggestions: [{ messageId: "removeFallback", output: "const a = <Widget apiKey={process.env.ROXELS_API_KEY} />;" }] }],
    },
  ],
});

describe("no-secret-key-literal messages", () => {
  it("show the masked key, never the key", () => {
    expectNoKeyInMessages(
      "no-secret-key-literal",
      noSecretKeyLiteral,
      [
        { code: `const key = "${sk}";` },
        { code: `const key = "sk_" + "${body}";` },
        { code: `const a = <p>${skHyphen}</p>;` },
        { code: `const a = <script data-template-key="${sk}" />;` },
        { code: `import x from "${sk}";` },
        { code: `const k = ["${stripe}", "${stripeTest}", "${stripeRestricted}"];` },
        { code: `const k = ["${openai}", "${openaiLegacy}", "${anthropic}"];` },
      ],
      allKeys,
    );
  });
});
