import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { noSecretInClient } from "../../../rules/no-secret-in-client/index.js";
import { embedKey, randomBody, secretKey, stripeKey } from "../../support/keys.js";
import { expectNoKeyInMessages, ruleTester } from "../support/rule-tester.js";

const sk = secretKey();
const skHyphen = secretKey({ hyphen: true });
const body = randomBody(32);

const tester = ruleTester();

const useClient = '"use client";\n';

/** A Next.js project (it has a next.config.mjs): there, and only there, pages/ is client code. */
const nextApp = fileURLToPath(new URL("../../../fixtures/eslint-apps/next-app/", import.meta.url));

tester.run("no-secret-in-client", noSecretInClient, {
  valid: [
    // A key written in the file, wherever it is passed, is no-secret-key-literal's one report.
    `${useClient}Roxels.start({ templateKey: "${sk}", display: "inline" });`,
    `const a = <script data-template-key="${skHyphen}" />;`,
    `const PREFIX = "sk_";\nRoxels.init({ templateKey: PREFIX + "${body}" });`,
    // Unknown files are not assumed to be client code.
    // pages/ outside a Next.js project (this repository's package.json has no next): an
    // Express view renderer, an Astro endpoint.
    { code: "export const key = process.env.ROXELS_API_KEY;", filename: "server/pages/render.js" },
    { code: "export async function GET() { return fetchWith(process.env.ROXELS_API_KEY); }", filename: "src/pages/rss.xml.ts" },
    { code: "const key = process.env.ROXELS_API_KEY;", filename: "lib/roxels.ts" },
    { code: `const key = "${sk}";`, filename: "lib/roxels.ts" },
    // TypeScript's import-require binds no env var (and must not crash the rule).
    { code: '"use client";\nimport env = require("./env");\nconst dir = "$env/dynamic/";\nexport const url = env.PUBLIC_URL;', filename: "components/a.tsx" },
    { code: '"use client";\nimport cfg = require("./cfg");\nexport const c = cfg;', filename: "components/a.tsx" },
    // App router pages and layouts are server components unless they say otherwise.
    { code: "export default function Page() { const k = process.env.ROXELS_API_KEY; return null; }", filename: "app/page.tsx" },
    // Server markers win over client markers.
    { code: '"use server";\nexport async function start() { return process.env.ROXELS_API_KEY; }', filename: "app/actions.ts" },
    { code: 'import "server-only";\nexport const key = process.env.ROXELS_API_KEY;', filename: "components/roxels.tsx" },
    { code: "export const key = process.env.ROXELS_API_KEY;", filename: "app/routes/interview.server.ts" },
    { code: "export default function h(req, res) { return process.env.ROXELS_API_KEY; }", filename: "pages/api/interview.ts" },
    { code: "export default function h(req, res) { return process.env.ROXELS_API_KEY; }", filename: "src/pages/api/interview.ts" },
    { code: "export async function POST() { return process.env.ROXELS_API_KEY; }", filename: "app/api/interview/route.ts" },
    { code: "export const key = process.env.ROXELS_API_KEY;", filename: "pages/_document.tsx" },
    {
      code: "export const key = process.env.ROXELS_API_KEY;",
      filename: "src/client/keys.ts",
      settings: { roxels: { clientFiles: ["src/client/**"], serverFiles: ["src/client/keys.ts"] } },
    },
    // Next.js pages: data functions run on the server and are stripped from the bundle.
    {
      code: "export async function getServerSideProps() { const key = process.env.ROXELS_API_KEY; return { props: {} }; }\nexport default function Page() { return null; }",
      filename: `${nextApp}pages/interview.tsx`,
    },
    {
      code: "export const getStaticProps = async () => ({ props: { k: await load(process.env.ROXELS_SECRET_KEY) } });",
      filename: `${nextApp}pages/index.tsx`,
    },
    {
      code: "export function getStaticPaths() { return load(process.env.ROXELS_API_KEY); }",
      filename: `${nextApp}pages/[id].tsx`,
    },
    // Embed keys and non-secret settings are fine in the browser.
    { code: `${useClient}const k = process.env.NEXT_PUBLIC_ROXELS_EMBED_KEY;`, filename: "components/Chat.tsx" },
    { code: `${useClient}const k = process.env.NEXT_PUBLIC_ROXELS_TEMPLATE_KEY;`, filename: "components/Chat.tsx" },
    { code: `${useClient}const base = process.env.NEXT_PUBLIC_ROXELS_API_BASE;`, filename: "components/Chat.tsx" },
    { code: `${useClient}const k = "${embedKey()}";`, filename: "components/Chat.tsx" },
    { code: `${useClient}const k = "sk_your_key_here";`, filename: "components/Chat.tsx" },
    // Other vendors' keys are no-secret-key-literal's business.
    { code: `${useClient}const k = "${stripeKey()}";`, filename: "components/Pay.tsx" },
    { code: "const k = import.meta.env.VITE_ROXELS_EMBED_KEY;", filename: "src/main.ts" },
    // The safe pattern: the browser gets only a sessionId.
    { code: `${useClient}Roxels.start({ sessionId });`, filename: "components/Chat.tsx" },
    { code: `Roxels.init({ templateKey: "${embedKey({ hyphen: true })}" });`, filename: "app/page.tsx" },
    { code: "Roxels.init({ templateKey: process.env.NEXT_PUBLIC_ROXELS_EMBED_KEY });", filename: "app/page.tsx" },
    { code: '<script src="https://app.roxels.ai/embed.js" data-template-key={embedKey} />', filename: "app/layout.tsx" },
    // Writing an env var is not reading it.
    { code: `${useClient}process.env.ROXELS_API_KEY = "";`, filename: "components/Test.tsx" },
    // Config files: secrets kept out of client config.
    { code: "export default { env: { NEXT_PUBLIC_ROXELS_EMBED_KEY: process.env.ROXELS_EMBED_KEY } };", filename: "next.config.mjs" },
    { code: "const config = { env: { ROXELS_API_KEY: process.env.ROXELS_API_KEY } };", filename: "lib/settings.ts" },
    { code: "export default defineConfig({ define: { __APP_VERSION__: JSON.stringify(version) } });", filename: "vite.config.ts" },
    { code: "new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify('production') });", filename: "webpack.config.js" },
    { code: "new EnvironmentPlugin(['NODE_ENV', 'ROXELS_EMBED_KEY']);", filename: "webpack.config.js" },
    { code: "export default defineNuxtConfig({ runtimeConfig: { roxelsApiKey: '', public: { roxelsEmbedKey: '' } } });", filename: "nuxt.config.ts" },
    { code: 'import { PUBLIC_ROXELS_EMBED_KEY } from "$env/static/public";', filename: "src/routes/+page.ts" },
    { code: 'import { ROXELS_API_KEY } from "$env/static/private";', filename: "src/routes/+page.server.ts" },
  ],
  invalid: [
    {
      code: `${useClient}export function Chat() { const key = process.env.ROXELS_API_KEY; return null; }`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretEnvInClient", line: 2, column: 38, data: { name: "process.env.ROXELS_API_KEY", reason: 'a "use client" file' } }],
    },
    {
      code: `${useClient}const key = process.env["ROXELS_SECRET_KEY"];`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretEnvInClient", line: 2, column: 13 }],
    },
    {
      code: `${useClient}const { ROXELS_API_KEY, NODE_ENV } = process.env;`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretEnvInClient", line: 2, column: 9 }],
    },
    {
      code: "const key = import.meta.env.ROXELS_API_KEY;",
      filename: "src/widget.client.ts",
      errors: [{ messageId: "secretEnvInClient", data: { name: "import.meta.env.ROXELS_API_KEY", reason: "a .client file" } }],
    },
    {
      code: "export default function Page() { return fetchWith(process.env.ROXELS_API_KEY); }",
      filename: `${nextApp}pages/interview.tsx`,
      errors: [{ messageId: "secretEnvInClient", column: 51, data: { name: "process.env.ROXELS_API_KEY", reason: "a Next.js page" } }],
    },
    {
      // getInitialProps runs in the browser too: not exempt.
      code: "Page.getInitialProps = async () => ({ k: process.env.ROXELS_API_KEY });",
      filename: `${nextApp}src/pages/index.jsx`,
      errors: [{ messageId: "secretEnvInClient" }],
    },
    {
      code: "const key = process.env.ROXELS_API_KEY;",
      filename: "src/widget/keys.ts",
      settings: { roxels: { clientFiles: ["src/widget/**"] } },
      errors: [{ messageId: "secretEnvInClient", data: { name: "process.env.ROXELS_API_KEY", reason: 'clientFiles "src/widget/**"' } }],
    },
    {
      // A configurable name.
      code: `${useClient}const key = process.env.INTERVIEW_TOKEN;`,
      filename: "components/Chat.tsx",
      options: [{ secretEnvVars: ["/^INTERVIEW_/"] }],
      errors: [{ messageId: "secretEnvInClient" }],
    },
    // Public prefixes: reported in any file, server or client.
    ...(
      [
        ["process.env.NEXT_PUBLIC_ROXELS_API_KEY", "NEXT_PUBLIC_", "Next.js"],
        ["import.meta.env.VITE_ROXELS_SECRET_KEY", "VITE_", "Vite"],
        ["process.env.REACT_APP_ROXELS_API_KEY", "REACT_APP_", "Create React App"],
        ["import.meta.env.PUBLIC_ROXELS_API_KEY", "PUBLIC_", "SvelteKit and Astro"],
        ["process.env.NUXT_PUBLIC_ROXELS_SECRET", "NUXT_PUBLIC_", "Nuxt"],
        ["process.env.EXPO_PUBLIC_ROXELS_API_KEY", "EXPO_PUBLIC_", "Expo"],
        ["process.env.GATSBY_ROXELS_API_KEY", "GATSBY_", "Gatsby"],
      ] as const
    ).map(([read, prefix, framework]) => ({
      code: `export const key = ${read};`,
      filename: "server/index.ts",
      errors: [
        {
          messageId: "publicEnvSecret" as const,
          column: 20,
          data: { name: read, prefix, framework },
          // The same read without the prefix: the bundler leaves it out of client code.
          suggestions: [
            {
              messageId: "dropPublicPrefix" as const,
              data: { name: read.replace(prefix, "") },
              output: `export const key = ${read.replace(prefix, "")};`,
            },
          ],
        },
      ],
    })),
    {
      code: 'import { PUBLIC_ROXELS_API_KEY, PUBLIC_ROXELS_EMBED_KEY } from "$env/static/public";',
      filename: "src/routes/+page.ts",
      // The name is used elsewhere in the file too: no one-place edit.
      errors: [{ messageId: "publicEnvSecret", column: 10, suggestions: [] }],
    },
    {
      code: 'import { env } from "$env/dynamic/public";\nconst key = env.PUBLIC_ROXELS_SECRET_KEY;',
      filename: "src/routes/+page.ts",
      // Without the prefix it is still $env/dynamic/public: no suggestion.
      errors: [{ messageId: "publicEnvSecret", line: 2, column: 13, suggestions: [] }],
    },
    // Bundler and framework config.
    {
      code: "export default {\n  env: {\n    ROXELS_API_KEY: process.env.ROXELS_API_KEY,\n    EMBED: process.env.ROXELS_EMBED_KEY,\n  },\n};",
      filename: "next.config.mjs",
      errors: [
        {
          messageId: "configExposesSecret",
          line: 3,
          column: 5,
          suggestions: [{ messageId: "removeEntry", output: "export default {\n  env: {\n    EMBED: process.env.ROXELS_EMBED_KEY,\n  },\n};" }],
        },
      ],
    },
    {
      code: "module.exports = { env: { roxelsKey: process.env.ROXELS_SECRET_KEY } };",
      filename: "next.config.js",
      errors: [{ messageId: "configExposesSecret", column: 27, suggestions: [{ messageId: "removeEntry", output: "module.exports = { env: {  } };" }] }],
    },
    {
      code: "export default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n  return { define: { __ROXELS_KEY__: JSON.stringify(env.ROXELS_API_KEY) } };\n});",
      filename: "vite.config.ts",
      errors: [
        {
          messageId: "configExposesSecret",
          line: 3,
          column: 22,
          suggestions: [{ messageId: "removeEntry", output: "export default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n  return { define: {  } };\n});" }],
        },
      ],
    },
    {
      code: "export default { define: { 'import.meta.env.ROXELS_API_KEY': '\"x\"', DEBUG: 'false' } };",
      filename: "vite.config.js",
      errors: [{ messageId: "configExposesSecret", suggestions: [{ messageId: "removeEntry", output: "export default { define: { DEBUG: 'false' } };" }] }],
    },
    {
      code: "plugins.push(new webpack.DefinePlugin({ 'process.env.ROXELS_API_KEY': JSON.stringify(process.env.ROXELS_API_KEY) }));",
      filename: "webpack.config.js",
      errors: [{ messageId: "configExposesSecret", column: 41, suggestions: [{ messageId: "removeEntry", output: "plugins.push(new webpack.DefinePlugin({  }));" }] }],
    },
    {
      code: "new EnvironmentPlugin(['NODE_ENV', 'ROXELS_API_KEY']);",
      filename: "webpack.config.js",
      errors: [{ messageId: "configExposesSecret", column: 36, suggestions: [{ messageId: "removeEntry", output: "new EnvironmentPlugin(['NODE_ENV']);" }] }],
    },
    {
      code: "new EnvironmentPlugin({ ROXELS_API_KEY: '' });",
      filename: "webpack.config.js",
      errors: [{ messageId: "configExposesSecret", suggestions: [{ messageId: "removeEntry", output: "new EnvironmentPlugin({  });" }] }],
    },
    {
      code: "export default defineNuxtConfig({\n  runtimeConfig: {\n    roxelsApiKey: '',\n    public: { roxelsApiKey: process.env.ROXELS_API_KEY, roxelsEmbedKey: '' },\n  },\n});",
      filename: "nuxt.config.ts",
      errors: [
        {
          messageId: "configExposesSecret",
          line: 4,
          column: 15,
          // runtimeConfig already has roxelsApiKey: moving it there would repeat the name.
          suggestions: [
            {
              messageId: "removeEntry",
              output: "export default defineNuxtConfig({\n  runtimeConfig: {\n    roxelsApiKey: '',\n    public: { roxelsEmbedKey: '' },\n  },\n});",
            },
          ],
        },
      ],
    },
    {
      code: "export default defineNuxtConfig({\n  runtimeConfig: {\n    public: { roxelsEmbedKey: '', roxelsSecret: '' },\n  },\n});",
      filename: "nuxt.config.ts",
      errors: [
        {
          messageId: "configExposesSecret",
          line: 3,
          column: 35,
          suggestions: [
            {
              messageId: "moveToPrivateConfig",
              output: "export default defineNuxtConfig({\n  runtimeConfig: {\n    roxelsSecret: '', public: { roxelsEmbedKey: '' },\n  },\n});",
            },
            {
              messageId: "removeEntry",
              output: "export default defineNuxtConfig({\n  runtimeConfig: {\n    public: { roxelsEmbedKey: '' },\n  },\n});",
            },
          ],
        },
      ],
    },
    // A secret given to the embed: in any file, even a server component.
    {
      code: "Roxels.init({ templateKey: process.env.ROXELS_API_KEY });",
      filename: "app/page.tsx",
      errors: [{ messageId: "secretAsTemplateKey", column: 15, data: { what: "process.env.ROXELS_API_KEY", attribute: "templateKey" } }],
    },
    {
      // Shorthand, through a local variable.
      code: "const templateKey = process.env.ROXELS_SECRET_KEY ?? '';\nRoxels.init({ templateKey });",
      filename: "lib/embed.ts",
      errors: [{ messageId: "secretAsTemplateKey", line: 2, column: 15 }],
    },
    {
      code: "export default function Layout() {\n  return <script src=\"https://app.roxels.ai/embed.js\" data-template-key={process.env.ROXELS_API_KEY} />;\n}",
      filename: "app/layout.tsx",
      errors: [{ messageId: "secretAsTemplateKey", line: 2, column: 55, data: { what: "process.env.ROXELS_API_KEY", attribute: "data-template-key" } }],
    },
    {
      code: 'script.setAttribute("data-template-key", process.env.ROXELS_API_KEY);',
      filename: "lib/embed.ts",
      errors: [{ messageId: "secretAsTemplateKey" }],
    },
    {
      // In a client file the embed report replaces the generic one: one report, not two.
      code: `${useClient}Roxels.init({ templateKey: process.env.NEXT_PUBLIC_ROXELS_API_KEY });`,
      filename: "components/Chat.tsx",
      errors: [{ messageId: "secretAsTemplateKey", line: 2 }],
    },
  ],
});

describe("no-secret-in-client messages", () => {
  it("show the masked key, never the key", () => {
    expectNoKeyInMessages(
      "no-secret-in-client",
      noSecretInClient,
      [
        { code: `${useClient}const key = process.env.ROXELS_API_KEY;`, filename: "components/A.tsx" },
        { code: "Roxels.init({ templateKey: process.env.ROXELS_API_KEY });", filename: "app/page.tsx" },
      ],
      [sk, skHyphen, `sk_${body}`],
    );
  });
});
