/**
 * Values that carry a credential when logged: header objects, Authorization values,
 * HTTP-client configs and errors that hold request headers, secret env vars, `sk_`
 * literals, and local variables assigned from any of them.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import type * as ts from "typescript";
import { memberName, toEnvStyle, type SecretEnvNames } from "../utils/env-vars.js";
import { keysIn } from "../utils/keys.js";
import { dottedPath, moduleOf, rootIdentifier } from "./modules.js";
import { envBindingOf, envReadAt, envReadLabel, propertyKeyName } from "../utils/secret-values.js";
import { findVariable, localInitializer, staticString, unwrap } from "../utils/static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

export const DEFAULT_REDACTION_FUNCTIONS = [
  "redact", "mask", "maskKey", "sanitize", "sanitise", "scrub", "censor", "obfuscate", "redactHeaders",
  "sanitizeHeaders", "omitHeaders", "stripHeaders", "hash", "fingerprint", "fingerprintKey",
];

/** Header names whose value is a credential. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key", "api-key", "apikey", "x-roxels-key"]);

/**
 * Names that are an Authorization value only as a header: `user.authorization` is a
 * user's permissions, `req.headers.authorization` a credential.
 */
const HEADER_ONLY_NAMES = new Set(["authorization", "proxy-authorization"]);

/** `res.headers`, `error.response.headers`: the headers an HTTP response came with. */
const RESPONSE_NAME = /^(?:res|resp|response)$/i;

function lastName(node: TSESTree.Node): string | undefined {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name;
  return value.type === AST_NODE_TYPES.MemberExpression ? memberName(value) : undefined;
}

/** `headers`, `reqHeaders`, `defaultHeaders`, `_headers`: a name for a header object. */
const HEADERS_NAME = /headers$/i;

/** Calls that hand their argument's content to the log line unchanged. */
const PASS_THROUGH = new Set([
  "JSON.stringify", "String", "util.inspect", "util.format", "inspect", "format", "Object.fromEntries",
  "Object.assign", "Object.entries", "Array.from", "structuredClone",
]);

/** Types that carry request headers, recognised with type information. */
const CARRIER_TYPES = new Set([
  "Headers", "IncomingHttpHeaders", "OutgoingHttpHeaders", "AxiosError", "AxiosRequestConfig",
  "InternalAxiosRequestConfig", "AxiosHeaders", "RawAxiosRequestHeaders", "RequestInit", "Request",
]);

/** Where a format string builds an Authorization value: the text before a `%s`. */
const CREDENTIAL_FORMAT_PREFIX =
  /(?:\bbearer\s*|\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?|\b(?:x-api-key|api-key|apikey|x-roxels-key)["']?\s*[:=]\s*["']?)$/i;

/** printf-style specifiers of console, util.format, pino, winston's splat and debug. */
const FORMAT_SPECIFIER = /%[sdifjoOc%]/g;

/** The carrier types that are header objects themselves. */
const HEADER_TYPES = new Set(["Headers", "IncomingHttpHeaders", "OutgoingHttpHeaders", "AxiosHeaders", "RawAxiosRequestHeaders"]);

const ERROR_NAME = /^(?:e|err|error|ex|exc|exception|reason|cause|failure)$|Error$/i;

const MAX_DEPTH = 5;

export interface CarrierOptions {
  readonly redactionFunctions: readonly string[];
  readonly secretEnvNames: SecretEnvNames;
  readonly services?: ParserServicesWithTypeInformation | undefined;
}

export class CarrierFinder {
  readonly #sourceCode: SourceCode;
  readonly #redaction: Set<string>;
  readonly #names: SecretEnvNames;
  readonly #services: ParserServicesWithTypeInformation | undefined;
  #usesAxios: boolean | undefined;

  constructor(sourceCode: SourceCode, options: CarrierOptions) {
    this.#sourceCode = sourceCode;
    this.#redaction = new Set([...DEFAULT_REDACTION_FUNCTIONS, ...options.redactionFunctions]);
    this.#names = options.secretEnvNames;
    this.#services = options.services;
  }

  /** What credential `node` may carry, described for a message; undefined when none. */
  find(node: TSESTree.Node, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const value = unwrap(node);
    const next = (child: TSESTree.Node | null | undefined): string | undefined =>
      child ? this.find(child, depth + 1) : undefined;
    const byType = this.#byType(value);
    if (byType) return byType;
    switch (value.type) {
      case AST_NODE_TYPES.Literal:
        return typeof value.value === "string" ? this.#keyIn(value.value) : undefined;
      case AST_NODE_TYPES.TemplateLiteral:
        return this.#template(value) ?? firstOf(value.expressions, next);
      case AST_NODE_TYPES.BinaryExpression: {
        if (value.operator !== "+") return undefined;
        const left = staticString(this.#sourceCode, value.left);
        if (left !== undefined && /\bbearer\s*$/i.test(left)) return "a Bearer Authorization value";
        return next(value.left) ?? next(value.right);
      }
      case AST_NODE_TYPES.LogicalExpression:
        return next(value.left) ?? next(value.right);
      case AST_NODE_TYPES.ConditionalExpression:
        return next(value.consequent) ?? next(value.alternate);
      case AST_NODE_TYPES.ArrayExpression:
        return firstOf(value.elements, next);
      case AST_NODE_TYPES.SpreadElement:
        return next(value.argument);
      case AST_NODE_TYPES.ObjectExpression:
        return this.#object(value, next);
      case AST_NODE_TYPES.MemberExpression:
        return this.#member(value);
      case AST_NODE_TYPES.CallExpression:
        return this.#call(value, next);
      case AST_NODE_TYPES.NewExpression:
        return value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === "Headers"
          ? "a Headers object"
          : undefined;
      case AST_NODE_TYPES.Identifier:
        return this.#identifier(value, depth);
      default:
        return undefined;
    }
  }

  /**
   * The arguments a format string puts into an Authorization value:
   * `logger.info("Bearer %s", token)`, `console.log("Authorization: Bearer %s", key)`.
   * The format string is the first string literal among `args`; the value of its n-th
   * specifier is the n-th argument after it. Undefined when there is none.
   */
  formatted(args: readonly TSESTree.Node[]): Map<TSESTree.Node, string> | undefined {
    const at = args.findIndex((arg) => formatText(arg) !== undefined);
    if (at < 0) return undefined;
    const text = formatText(args[at]!)!;
    if (!text.includes("%")) return undefined;
    let found: Map<TSESTree.Node, string> | undefined;
    let index = at;
    for (const specifier of text.matchAll(FORMAT_SPECIFIER)) {
      if (specifier[0] === "%%") continue;
      index++;
      const arg = args[index];
      // A spread hides which argument fills which specifier.
      if (!arg || arg.type === AST_NODE_TYPES.SpreadElement) break;
      const prefix = text.slice(0, specifier.index);
      if (!CREDENTIAL_FORMAT_PREFIX.test(prefix)) continue;
      // A constant is no credential unless it is a key (find() reports those); a redaction clears it.
      const value = unwrap(arg);
      if (formatText(value) !== undefined || value.type === AST_NODE_TYPES.Literal || this.#isRedaction(value)) continue;
      const label = /bearer\s*$/i.test(prefix) ? "a Bearer Authorization value" : "an Authorization header value";
      // Never the format string itself in the message: it may hold a key.
      (found ??= new Map()).set(arg, `${label} (through the format string's ${specifier[0]})`);
    }
    return found;
  }

  #keyIn(text: string): string | undefined {
    const key = keysIn(text)[0];
    return key ? `the key ${key.secret.masked}` : undefined;
  }

  #template(node: TSESTree.TemplateLiteral): string | undefined {
    for (let i = 0; i < node.quasis.length; i++) {
      const text = node.quasis[i]!.value.cooked ?? "";
      const key = this.#keyIn(text);
      if (key) return key;
      if (i < node.expressions.length && /\bbearer\s*$/i.test(text)) return "a Bearer Authorization value";
    }
    return undefined;
  }

  #object(
    node: TSESTree.ObjectExpression,
    next: (child: TSESTree.Node | null | undefined) => string | undefined,
  ): string | undefined {
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const found = next(property.argument);
        if (found) return found;
        continue;
      }
      const name = propertyKeyName(property)?.toLowerCase();
      const value = unwrap(property.value);
      if (name === "headers" && value.type !== AST_NODE_TYPES.ObjectExpression) {
        if (this.#isRedaction(value)) continue;
        return next(value) ?? "request headers";
      }
      if (name !== undefined && CREDENTIAL_HEADERS.has(name)) {
        const text = staticString(this.#sourceCode, value);
        // `{ authorization: "[redacted]" }` is what a redaction leaves behind.
        if (text === undefined || this.#keyIn(text) || /\bbearer\s+\S/i.test(text)) return "an Authorization header";
        continue;
      }
      const found = next(value);
      if (found) return found;
    }
    return undefined;
  }

  #member(node: TSESTree.MemberExpression): string | undefined {
    const read = envReadAt(this.#sourceCode, node);
    if (read) return this.#names.isSecret(read.name) ? envReadLabel(read) : undefined;
    const name = memberName(node);
    if (name === undefined) return undefined;
    const lower = name.toLowerCase();
    const text = this.#sourceCode.getText(node);
    if (lower === "headers") return `${RESPONSE_NAME.test(lastName(node.object) ?? "") ? "response" : "request"} headers (${text})`;
    if (CREDENTIAL_HEADERS.has(lower) && (!HEADER_ONLY_NAMES.has(lower) || this.#isHeadersLike(node.object))) {
      return `an Authorization header (${text})`;
    }
    if ((lower === "config" || lower === "request") && this.#isErrorLike(node.object)) {
      return `${text}, which holds the request headers`;
    }
    if (this.#names.isSecret(toEnvStyle(name))) return text;
    return undefined;
  }

  /**
   * Does `node` look like a header object? `req.headers`, `config.headers`, a variable
   * named `headers` or `…Headers`, `new Headers(…)`, a local variable assigned from one
   * of them, or (with type information) a value of a header type.
   */
  #isHeadersLike(node: TSESTree.Node, depth = 0): boolean {
    const value = unwrap(node);
    if (value.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(value);
      if (name !== undefined && HEADERS_NAME.test(name)) return true;
    } else if (value.type === AST_NODE_TYPES.Identifier) {
      if (HEADERS_NAME.test(value.name)) return true;
      const init = depth < MAX_DEPTH ? localInitializer(this.#sourceCode, value) : undefined;
      if (init && this.#isHeadersLike(init, depth + 1)) return true;
    } else if (value.type === AST_NODE_TYPES.NewExpression) {
      return value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === "Headers";
    } else if (value.type === AST_NODE_TYPES.CallExpression) {
      // res.getHeaders(), getRequestHeaders(event)
      const callee = unwrap(value.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
      if (name !== undefined && HEADERS_NAME.test(name)) return true;
    }
    if (!this.#services || value.type === AST_NODE_TYPES.Literal || value.type === AST_NODE_TYPES.TemplateLiteral) return false;
    const name = carrierTypeName(this.#services.getTypeAtLocation(value));
    return name !== undefined && HEADER_TYPES.has(name);
  }

  #isErrorLike(node: TSESTree.Node): boolean {
    const value = unwrap(node);
    if (value.type === AST_NODE_TYPES.Identifier) return ERROR_NAME.test(value.name);
    // error.response.config
    if (value.type === AST_NODE_TYPES.MemberExpression && memberName(value) === "response") {
      return this.#isErrorLike(value.object);
    }
    return false;
  }

  /** A call to a redaction helper: `redact(x)`, `utils.mask(x)`. */
  #isRedaction(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(node.callee);
    const name =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    return name !== undefined && this.#redaction.has(name);
  }

  #call(
    node: TSESTree.CallExpression,
    next: (child: TSESTree.Node | null | undefined) => string | undefined,
  ): string | undefined {
    const callee = unwrap(node.callee);
    const path = dottedPath(callee);
    const lastName =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee.name
        : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
          ? callee.property.name
          : undefined;
    if (this.#isRedaction(node)) return undefined;
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      lastName !== undefined &&
      ["get", "header", "getHeader"].includes(lastName) &&
      node.arguments[0]
    ) {
      const header = staticString(this.#sourceCode, node.arguments[0]);
      if (header !== undefined && CREDENTIAL_HEADERS.has(header.toLowerCase())) {
        return `an Authorization header (${this.#sourceCode.getText(node)})`;
      }
      return undefined;
    }
    if (path !== undefined && PASS_THROUGH.has(path)) {
      const formatted = path === "util.format" || path === "format" ? this.formatted(node.arguments) : undefined;
      return formatted?.values().next().value ?? firstOf(node.arguments, next);
    }
    return undefined;
  }

  #identifier(node: TSESTree.Identifier, depth: number): string | undefined {
    const env = envBindingOf(this.#sourceCode, node);
    if (env) return this.#names.isSecret(env.name) ? envReadLabel(env) : undefined;
    const role = this.#httpRole(node);
    if (role) return role;
    const init = localInitializer(this.#sourceCode, node);
    if (!init) return undefined;
    const found = this.find(init, depth + 1);
    return found === undefined ? undefined : `${node.name} (${found})`;
  }

  /**
   * Parameters that hold an HTTP client's request: the error in a `catch` around an axios
   * call or in `.catch()` of one, and the arguments of axios interceptors.
   */
  #httpRole(node: TSESTree.Identifier): string | undefined {
    if (!this.#fileUsesAxios()) return undefined;
    const def = findVariable(this.#sourceCode, node)?.defs[0];
    if (!def) return undefined;
    if (def.type === "CatchClause") {
      const clause = def.node as TSESTree.CatchClause;
      return this.#containsAxiosCall(clause.parent.block) ? `the axios error ${node.name} (its config holds the request headers)` : undefined;
    }
    if (def.type !== "Parameter") return undefined;
    const fn = def.node as TSESTree.FunctionLike;
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
    const path = dottedPath(call.callee) ?? "";
    if (/\.interceptors\.request\.use$/.test(path)) {
      return index === 0 ? `the interceptor's request config ${node.name} (it holds the headers)` : `the axios error ${node.name}`;
    }
    if (/\.interceptors\.response\.use$/.test(path)) {
      return index === 0 ? `the response ${node.name} (its config holds the request headers)` : `the axios error ${node.name}`;
    }
    const callee = unwrap(call.callee);
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      memberName(callee) === "catch" &&
      index === 0 &&
      this.#containsAxiosCall(callee.object)
    ) {
      return `the axios error ${node.name} (its config holds the request headers)`;
    }
    return undefined;
  }

  /**
   * What a log call handed a promise's rejection handler receives (`axios.get(url)
   * .catch(console.error)`): the axios error, whose config holds the request headers.
   */
  rejectionOf(promise: TSESTree.Node): string | undefined {
    if (!this.#fileUsesAxios() || !this.#containsAxiosCall(promise)) return undefined;
    return "the axios error (its config holds the request headers)";
  }

  #fileUsesAxios(): boolean {
    this.#usesAxios ??= /\baxios\b/.test(this.#sourceCode.text);
    return this.#usesAxios;
  }

  #isAxiosClient(node: TSESTree.Identifier): boolean {
    if (node.name === "axios" || moduleOf(this.#sourceCode, node) === "axios") return true;
    const init = localInitializer(this.#sourceCode, node);
    const root = init && rootIdentifier(init);
    return root !== undefined && root !== node && (root.name === "axios" || moduleOf(this.#sourceCode, root) === "axios");
  }

  #containsAxiosCall(node: TSESTree.Node): boolean {
    let found = false;
    const visit = (current: TSESTree.Node): void => {
      if (found) return;
      if (current.type === AST_NODE_TYPES.CallExpression) {
        const root = rootIdentifier(current.callee);
        if (root && this.#isAxiosClient(root)) {
          found = true;
          return;
        }
      }
      const keys = this.#sourceCode.visitorKeys[current.type] ?? [];
      for (const key of keys) {
        const child = (current as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const item of child) if (item && typeof item === "object" && "type" in item) visit(item as TSESTree.Node);
        } else if (child && typeof child === "object" && "type" in child) visit(child as TSESTree.Node);
      }
    };
    visit(node);
    return found;
  }

  #byType(node: TSESTree.Node): string | undefined {
    const services = this.#services;
    if (!services) return undefined;
    if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral) return undefined;
    const type = services.getTypeAtLocation(node);
    const name = carrierTypeName(type);
    return name === undefined ? undefined : `a ${name} (${this.#sourceCode.getText(node)})`;
  }
}

function carrierTypeName(type: ts.Type): string | undefined {
  if (type.isUnion() || type.isIntersection()) {
    for (const part of type.types) {
      const name = carrierTypeName(part);
      if (name) return name;
    }
    return undefined;
  }
  const names = [type.aliasSymbol?.getName(), type.getSymbol()?.getName()];
  return names.find((name): name is string => name !== undefined && CARRIER_TYPES.has(name));
}

/** The text of a string literal or a template literal without expressions. */
function formatText(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === "string" ? node.value : undefined;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function firstOf<T>(items: readonly (T | null)[], find: (item: T | null) => string | undefined): string | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
