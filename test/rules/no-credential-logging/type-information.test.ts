/** no-credential-logging with type information (`checkTypes`, recommended-type-checked). */
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { describe, expect, it } from "vitest";
import { noCredentialLogging } from "../../../rules/no-credential-logging/index.js";
import { lintMessages } from "../support/rule-tester.js";

const tsconfigRootDir = fileURLToPath(new URL("./typed", import.meta.url));

const tester = new RuleTester({
  languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir } },
});

const options = [{ checkTypes: true }] as const;

tester.run("no-credential-logging (typed)", noCredentialLogging, {
  valid: [
    { code: "declare const status: number;\nconsole.log(status);", options },
    { code: "declare const url: string;\nconsole.log(url);", options },
    { code: 'declare const r: Response;\nconsole.log(r.headers.get("content-type"));', options },
    { code: "declare const user: { authorization: string };\nconsole.log(user.authorization);", options },
  ],
  invalid: [
    {
      code: 'import type { IncomingHttpHeaders } from "node:http";\ndeclare const h: IncomingHttpHeaders;\nconsole.log(h);',
      options,
      errors: [{ messageId: "credentialLogged", line: 3, column: 13 }],
    },
    {
      // A header object recognised by its type alone (the name says nothing).
      code: 'import type { IncomingHttpHeaders } from "node:http";\ndeclare const h: IncomingHttpHeaders;\nconsole.log(h.authorization);',
      options,
      errors: [{ messageId: "credentialLogged", line: 3, column: 13 }],
    },
    {
      code: "declare const out: Headers;\nlogger.info({ out });",
      options,
      errors: [{ messageId: "credentialLogged", line: 2 }],
    },
    {
      code: "declare const init: RequestInit | undefined;\nconsole.debug(init);",
      options,
      errors: [{ messageId: "credentialLogged", line: 2 }],
    },
    {
      code: "declare const request: Request;\nconsole.log(request);",
      options,
      errors: [{ messageId: "credentialLogged", line: 2 }],
    },
    {
      code: "interface AxiosError { config: unknown }\ndeclare const failure: AxiosError;\nconsole.error(failure);",
      options,
      errors: [{ messageId: "credentialLogged", line: 3 }],
    },
  ],
});

describe("no-credential-logging without type information", () => {
  it("does not recognise carriers by type in the default mode", () => {
    const messages = lintMessages("no-credential-logging", noCredentialLogging, {
      code: "declare const h: Headers;\nconsole.log(h);",
      filename: "file.ts",
    });
    expect(messages).toEqual([]);
  });

  it("says so loudly when checkTypes is on but there is no type information", () => {
    expect(() =>
      lintMessages("no-credential-logging", noCredentialLogging, {
        code: "console.log(1);",
        filename: "file.ts",
        options: [{ checkTypes: true }],
      }),
    ).toThrow(/type information|parserOptions/i);
  });
});
