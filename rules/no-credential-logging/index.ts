/**
 * roxels/no-credential-logging: logging that can write a key or an Authorization header,
 * and HTTP logger set-ups whose defaults write every request header.
 */
import type { ParserServices, ParserServicesWithTypeInformation, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
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
export type MessageIds = "credentialLogged" | "loggerCapturesHeaders" | "fixLoggerSetup";

const stringList = (description: string) => ({
  type: "array" as const,
  items: { type: "string" as const, minLength: 1 },
  uniqueItems: true,
  description,
});

/** The rejection handler of `p.catch(handler)` / `p.then(onFulfilled, handler)` when it is not a function written there. */
function rejectionHandler(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const handler = callee.property.name === "catch" ? call.arguments[0] : callee.property.name === "then" ? call.arguments[1] : undefined;
  return handler?.type === AST_NODE_TYPES.MemberExpression || handler?.type === AST_NODE_TYPES.Identifier ? handler : undefined;
}

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
      credentialLogged: "{{sink}}() can write a credential to the logs: {{carrier}}.",
      loggerCapturesHeaders: "{{setup}} logs every request's Authorization header: {{fix}}.",
      fixLoggerSetup: "{{fix}}.",
    },
    hasSuggestions: true,
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
        const handler = rejectionHandler(node);
        if (handler) {
          const handlerSink = sinks.sinkCalledAs(handler);
          const carrier = handlerSink === undefined ? undefined : carriers.rejectionOf((node.callee as TSESTree.MemberExpression).object);
          if (carrier !== undefined) {
            context.report({ node: handler, messageId: "credentialLogged", data: { sink: handlerSink!, carrier } });
            return;
          }
        }
        const problem = loggerSetupProblem(sourceCode, node);
        if (!problem) return;
        const { setup, fix, edit } = problem;
        const desc = `${fix[0]!.toUpperCase()}${fix.slice(1)}`;
        const suggest = edit ? [{ messageId: "fixLoggerSetup" as const, data: { fix: desc }, fix: edit }] : [];
        context.report({ node, messageId: "loggerCapturesHeaders", data: { setup, fix }, suggest });
      },
    };
  },
});
