/**
 * HTTP logger middleware whose defaults write every request header, Authorization
 * included: pino-http / express-pino-logger without a `redact` that covers
 * `req.headers.authorization`, morgan formats with `:req[authorization]`, and
 * express-winston without `headerBlacklist: ["authorization"]`. Imported, required into a
 * variable, or required inline (`app.use(require("pino-http")())`).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { moduleOf, requiredModule } from "./modules.js";
import { propertyKeyName } from "../utils/secret-values.js";
import { localInitializer, staticString, unwrap } from "../utils/static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface LoggerSetupProblem {
  readonly setup: string;
  readonly fix: string;
  /** The fix as an edit, when it can be written where the options are. */
  readonly edit?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

type Edit = LoggerSetupProblem["edit"];

const PINO_REDACT = '"req.headers.authorization"';
const WINSTON_BLACKLIST = '"authorization"';

/** Adds `text` (a `name: value` property) to an object literal. */
function addProperty(object: TSESTree.ObjectExpression, text: string): Edit {
  const last = object.properties.at(-1);
  return last ? (fixer) => fixer.insertTextAfter(last, `, ${text}`) : (fixer) => fixer.replaceText(object, `{ ${text} }`);
}

/** Adds `text` to an array literal's elements; none when it has holes or spreads. */
function addElement(array: TSESTree.Node, text: string): Edit {
  if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const last = array.elements.at(-1);
  if (array.elements.length === 0) return (fixer) => fixer.replaceText(array, `[${text}]`);
  if (!last || last.type === AST_NODE_TYPES.SpreadElement) return undefined;
  return (fixer) => fixer.insertTextAfter(last, `, ${text}`);
}

/** Gives a call that has no arguments its first: `logger()` -> `logger({ … })`. */
function addOptions(sourceCode: SourceCode, call: TSESTree.CallExpression, text: string): Edit {
  const close = sourceCode.getLastToken(call);
  if (call.arguments.length > 0 || close?.value !== ")") return undefined;
  return (fixer) => fixer.insertTextBefore(close, `{ ${text} }`);
}

/** The array a `redact` option lists its paths in: `redact: […]` or `redact: { paths: […] }`. */
function redactPaths(node: TSESTree.Node): TSESTree.Node {
  const value = unwrap(node);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return value;
  const paths = property(value, "paths");
  return paths ? unwrap(paths.value) : value;
}

const PINO_HTTP_MODULES = new Set(["pino-http", "express-pino-logger", "koa-pino-logger"]);
const PINO_HTTP_NAMES = new Set(["pinoHttp", "pinoHTTP", "expressPino", "expressPinoLogger", "pinoLogger"]);

/** The object literal an options argument is, following a local variable once. */
function optionsObject(sourceCode: SourceCode, node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined | null {
  if (!node) return null;
  let value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = localInitializer(sourceCode, value);
    if (!init) return undefined;
    value = unwrap(init);
  }
  return value.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (entry): entry is TSESTree.Property => entry.type === AST_NODE_TYPES.Property && propertyKeyName(entry) === name,
  );
}

function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((entry) => entry.type === AST_NODE_TYPES.SpreadElement);
}

function stringsOf(sourceCode: SourceCode, node: TSESTree.Node): string[] | undefined {
  const value = unwrap(node);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const out: string[] = [];
  for (const element of value.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const text = staticString(sourceCode, element);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/** `req.headers.authorization`, `req.headers["authorization"]`, `*.headers.*`, `req.headers`. */
function pathCoversAuthorization(path: string): boolean {
  const segments = path
    .replace(/\[\s*["']([^"']*)["']\s*\]/g, ".$1")
    .replace(/\[\s*\*\s*\]/g, ".*")
    .split(".")
    .map((segment) => segment.trim().toLowerCase());
  const target = ["req", "headers", "authorization"];
  if (segments.length > target.length) return false;
  return segments.every((segment, i) => segment === "*" || segment === target[i]);
}

function redactCovers(sourceCode: SourceCode, node: TSESTree.Node): boolean | undefined {
  let value = unwrap(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const paths = property(value, "paths");
    if (!paths) return hasSpread(value) ? undefined : false;
    value = unwrap(paths.value);
  }
  const paths = stringsOf(sourceCode, value);
  return paths === undefined ? undefined : paths.some(pathCoversAuthorization);
}

function checkPinoHttp(sourceCode: SourceCode, call: TSESTree.CallExpression, name: string): LoggerSetupProblem | undefined {
  const problem = {
    setup: `${name}()`,
    fix: `add redact: [${PINO_REDACT}] to its options`,
  };
  const options = optionsObject(sourceCode, call.arguments[0]);
  if (options === null) return { ...problem, edit: addOptions(sourceCode, call, `redact: [${PINO_REDACT}]`) };
  // Options the linter cannot see, or a custom req serializer: give the benefit of the doubt.
  if (options === undefined || hasSpread(options) || property(options, "serializers")) return undefined;
  const redact = property(options, "redact");
  if (redact) {
    return redactCovers(sourceCode, redact.value) === false ? { ...problem, edit: addElement(redactPaths(redact.value), PINO_REDACT) } : undefined;
  }
  // pinoHttp({ logger }) takes redaction from the logger it is given.
  const logger = property(options, "logger");
  if (logger) {
    const loggerOptions = unwrap(logger.value);
    const init = loggerOptions.type === AST_NODE_TYPES.Identifier ? localInitializer(sourceCode, loggerOptions) : loggerOptions;
    const factory = init && unwrap(init);
    if (factory?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const loggerConfig = optionsObject(sourceCode, factory.arguments[0]);
    if (loggerConfig === undefined || (loggerConfig && hasSpread(loggerConfig))) return undefined;
    const loggerRedact = loggerConfig && property(loggerConfig, "redact");
    // The logger's own options hold the redaction: the edit goes there.
    if (!loggerRedact) return { ...problem, edit: loggerConfig ? addProperty(loggerConfig, `redact: [${PINO_REDACT}]`) : undefined };
    if (redactCovers(sourceCode, loggerRedact.value) !== false) return undefined;
    return { ...problem, edit: addElement(redactPaths(loggerRedact.value), PINO_REDACT) };
  }
  return { ...problem, edit: addProperty(options, `redact: [${PINO_REDACT}]`) };
}

function checkMorgan(sourceCode: SourceCode, call: TSESTree.CallExpression): LoggerSetupProblem | undefined {
  const argument = call.arguments[0];
  const format = argument && staticString(sourceCode, argument);
  if (format === undefined || !AUTHORIZATION_TOKEN.test(format)) return undefined;
  return { setup: "This morgan format", fix: "drop :req[authorization] from the format", edit: dropToken(sourceCode, argument!) };
}

const AUTHORIZATION_TOKEN = /:req\[\s*(?:proxy-)?authorization\s*\]/i;

/** The format written as one string, without the token (and the space before it). */
function dropToken(sourceCode: SourceCode, node: TSESTree.Node): Edit {
  const simple =
    (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") ||
    (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0);
  if (!simple) return undefined;
  const raw = sourceCode.getText(node);
  const kept = raw.replace(new RegExp(String.raw`[ \t]*` + AUTHORIZATION_TOKEN.source, "gi"), "");
  // Nothing left to log: what to log instead is the user's call.
  if (kept.slice(1, -1).trim() === "") return undefined;
  return (fixer) => fixer.replaceText(node, kept);
}

function checkExpressWinston(sourceCode: SourceCode, call: TSESTree.CallExpression, method: string): LoggerSetupProblem | undefined {
  const problem = {
    setup: `expressWinston.${method}()`,
    fix: `add headerBlacklist: [${WINSTON_BLACKLIST}] to its options`,
  };
  const options = optionsObject(sourceCode, call.arguments[0]);
  if (options === null) return { ...problem, edit: addOptions(sourceCode, call, `headerBlacklist: [${WINSTON_BLACKLIST}]`) };
  if (options === undefined || hasSpread(options) || property(options, "requestFilter")) return undefined;
  const blacklist = property(options, "headerBlacklist");
  if (blacklist) {
    const names = stringsOf(sourceCode, blacklist.value);
    if (names === undefined || names.some((name) => name.toLowerCase() === "authorization")) return undefined;
  }
  const whitelist = property(options, "requestWhitelist");
  if (whitelist) {
    const fields = stringsOf(sourceCode, whitelist.value);
    if (fields === undefined || !fields.includes("headers")) return undefined;
  }
  const edit = blacklist
    ? addElement(unwrap(blacklist.value), WINSTON_BLACKLIST)
    : addProperty(options, `headerBlacklist: [${WINSTON_BLACKLIST}]`);
  return { ...problem, edit };
}

const SETUP_WORDS = ["pino", "Pino", "morgan", "express-winston", "expressWinston"];
const mentionsSetup = new WeakMap<SourceCode, boolean>();

export function loggerSetupProblem(sourceCode: SourceCode, call: TSESTree.CallExpression): LoggerSetupProblem | undefined {
  // Resolving a callee's module is a scope lookup: only in files that name such a logger.
  let mentioned = mentionsSetup.get(sourceCode);
  if (mentioned === undefined) {
    const text = sourceCode.text;
    mentioned = SETUP_WORDS.some((word) => text.includes(word));
    mentionsSetup.set(sourceCode, mentioned);
  }
  if (!mentioned) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const module = moduleOf(sourceCode, callee);
    if ((module !== undefined && PINO_HTTP_MODULES.has(module)) || (module === undefined && PINO_HTTP_NAMES.has(callee.name))) {
      return checkPinoHttp(sourceCode, call, callee.name);
    }
    if (module === "morgan" || (module === undefined && callee.name === "morgan")) return checkMorgan(sourceCode, call);
    return undefined;
  }
  // require("pino-http")(), require("pino-http").default(), require("morgan")(…)
  const required = requiredFactory(callee);
  if (required !== undefined) {
    if (PINO_HTTP_MODULES.has(required)) return checkPinoHttp(sourceCode, call, `require("${required}")`);
    if (required === "morgan") return checkMorgan(sourceCode, call);
    return undefined;
  }
  if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    (callee.property.name === "logger" || callee.property.name === "errorLogger")
  ) {
    // expressWinston.logger(…), require("express-winston").logger(…)
    const object = unwrap(callee.object);
    const module =
      object.type === AST_NODE_TYPES.Identifier ? moduleOf(sourceCode, object) : requiredCall(object);
    if (module === "express-winston" || (module === undefined && object.type === AST_NODE_TYPES.Identifier && object.name === "expressWinston")) {
      return checkExpressWinston(sourceCode, call, callee.property.name);
    }
  }
  return undefined;
}

/** The module of `require("m")` (or `await import("m")`) itself, not of a member of it. */
function requiredCall(node: TSESTree.Node): string | undefined {
  return node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.ImportExpression
    ? requiredModule(node)
    : undefined;
}

/**
 * The module whose factory a callee is, when the callee is the `require` call itself:
 * `require("m")`, or its `default` export or the export named like the factory.
 */
function requiredFactory(callee: TSESTree.Node): string | undefined {
  const direct = requiredCall(callee);
  if (direct !== undefined) return direct;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const module = requiredCall(unwrap(callee.object));
  if (module === undefined) return undefined;
  const name = callee.property.name;
  return name === "default" || PINO_HTTP_NAMES.has(name) || name === "morgan" ? module : undefined;
}
