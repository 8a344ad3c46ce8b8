/**
 * roxels/no-credential-logging: logging that can write a key or an Authorization header,
 * and HTTP logger set-ups whose defaults write every request header.
 */
import type { ParserServices, ParserServicesWithTypeInformation } from "@typescript-eslint/utils";
import { createRule, JS_LANGUAGES } from "../utils/create-rule.js";
import { CarrierFinder } from "./carriers.js";
import { SecretEnvNames } from "../utils/env-vars.js";
import { loggerSetupProblem } from "./logger-setups.js";
import { SinkMatcher } from "./logging-sinks.js";

export type Options = [
  {
    loggerNames?: string[];
    logMethods?: string[];
    sinkFunctions?: string[];
    redactionFunctions?: string[];
    secretEnvVars?: string[];
    checkTypes?: boolean;
  },
];
export type MessageIds = "credentialLogged" | "loggerCapturesHeaders";

const stringList = (description: string) => ({
  type: "array" as const,
  items: { type: "string" as const, minLength: 1 },
  uniqueItems: true,
  description,
});

/** The parser's type information; without it, an error that says how to turn it on. */
function typeInformation(services: Partial<ParserServices> | undefined): ParserServicesWithTypeInformation {
  if (services?.program) return services as ParserServicesWithTypeInformation;
  throw new Error(
    "roxels/no-credential-logging: checkTypes needs type information: use typescript-eslint's parser with parserOptions.projectService (or project) on this file.",
  );
}

export const noCredentialLogging = createRule<Options, MessageIds>({
  name: "no-credential-logging",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow logging values that can hold a secret key or an Authorization header",
      recommended: true,
      requiresTypeChecking: false,
    },
    languages: JS_LANGUAGES,
    messages: {
      credentialLogged:
        "{{sink}}() logs {{carrier}}, which can write a secret key or an Authorization header to the logs. Log only the fields you need (URL, status), or pass it through a redaction helper such as redact().",
      loggerCapturesHeaders: "{{setup}} writes the Authorization header of every request to the logs: {{fix}}.",
    },
    schema: [
      {
        type: "object",
        properties: {
          loggerNames: stringList("More names of logger objects whose methods are sinks (e.g. audit)."),
          logMethods: stringList("More logger method names that write a log line."),
          sinkFunctions: stringList("More sinks, as dotted callee paths (e.g. telemetry.capture)."),
          redactionFunctions: stringList("More functions whose result is safe to log (e.g. hideSecrets)."),
          secretEnvVars: stringList("More env var names that hold a secret; /regex/ entries are regular expressions."),
          checkTypes: {
            type: "boolean",
            description: "Recognise carriers by their type (needs type information).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      { loggerNames: [], logMethods: [], sinkFunctions: [], redactionFunctions: [], secretEnvVars: [], checkTypes: false },
    ],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    let services: ParserServicesWithTypeInformation | undefined;
    // Asked for explicitly: fail loudly without type information rather than silently do less.
    if (options.checkTypes) services = typeInformation(context.sourceCode.parserServices);
    const sinks = new SinkMatcher(sourceCode, {
      loggerNames: options.loggerNames ?? [],
      logMethods: options.logMethods ?? [],
      sinkFunctions: options.sinkFunctions ?? [],
    });
    const carriers = new CarrierFinder(sourceCode, {
      redactionFunctions: options.redactionFunctions ?? [],
      secretEnvNames: new SecretEnvNames(options.secretEnvVars ?? []),
      services,
    });

    return {
      CallExpression(node) {
        const sink = sinks.sinkOf(node);
        if (sink !== undefined) {
          const formatted = carriers.formatted(node.arguments);
          for (const argument of node.arguments) {
            const carrier = carriers.find(argument) ?? formatted?.get(argument);
            if (carrier !== undefined) {
              context.report({ node: argument, messageId: "credentialLogged", data: { sink, carrier } });
            }
          }
          return;
        }
        const problem = loggerSetupProblem(sourceCode, node);
        if (problem) context.report({ node, messageId: "loggerCapturesHeaders", data: { setup: problem.setup, fix: problem.fix } });
      },
    };
  },
});
