/**
 * Is this call a logging sink? `console.*`, `process.stdout/stderr.write`, the methods of
 * logger objects (`logger.info`, `log.debug`, `req.log.warn`), instances made by pino,
 * winston, bunyan and `debug`, and whatever the user adds.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { dottedPath, moduleOf } from "./modules.js";
import { localInitializer, unwrap } from "./static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

export const DEFAULT_LOGGER_NAMES = ["logger", "log", "logging", "winston", "bunyan", "pino", "signale", "consola", "loglevel"];

export const DEFAULT_LOG_METHODS = [
  "trace", "debug", "info", "warn", "warning", "error", "fatal", "log", "verbose", "silly", "http",
  "notice", "critical", "crit", "alert", "emerg", "success", "child",
];

/** Factories whose result is a logger, keyed by module. */
const LOGGER_FACTORIES: Record<string, readonly string[]> = {
  pino: ["", "pino"],
  winston: ["createLogger"],
  bunyan: ["createLogger"],
  debug: ["", "debug"],
  loglevel: ["getLogger"],
  consola: ["create", "createConsola"],
};

export interface SinkOptions {
  readonly loggerNames: readonly string[];
  readonly logMethods: readonly string[];
  readonly sinkFunctions: readonly string[];
}

export class SinkMatcher {
  readonly #loggerNames: Set<string>;
  readonly #logMethods: Set<string>;
  readonly #sinkFunctions: Set<string>;
  readonly #sourceCode: SourceCode;

  constructor(sourceCode: SourceCode, options: SinkOptions) {
    this.#sourceCode = sourceCode;
    this.#loggerNames = new Set([...DEFAULT_LOGGER_NAMES, ...options.loggerNames].map((name) => name.toLowerCase()));
    this.#logMethods = new Set([...DEFAULT_LOG_METHODS, ...options.logMethods]);
    this.#sinkFunctions = new Set(options.sinkFunctions);
  }

  /** The sink a call writes to (`console.log`), or undefined when it is not a sink. */
  sinkOf(call: TSESTree.CallExpression): string | undefined {
    const callee = unwrap(call.callee);
    const path = dottedPath(callee);
    if (path !== undefined && this.#sinkFunctions.has(path)) return path;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return this.#isLoggerInstance(callee) ? callee.name : undefined;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const method = callee.property.name;
    const object = unwrap(callee.object);
    const label = path ?? `….${method}`;
    if (object.type === AST_NODE_TYPES.Identifier && object.name === "console") return label;
    if (path === "process.stdout.write" || path === "process.stderr.write") return label;
    if (!this.#logMethods.has(method)) return undefined;
    const objectName = lastName(object);
    if (objectName !== undefined && this.#isLoggerName(objectName)) return label;
    if (object.type === AST_NODE_TYPES.Identifier && this.#isLoggerInstance(object)) return label;
    return undefined;
  }

  #isLoggerName(name: string): boolean {
    const lower = name.toLowerCase();
    return this.#loggerNames.has(lower) || this.#loggerNames.has(lower.replace(/^_+/, "")) || lower.endsWith("logger");
  }

  /** `const log = pino()`, `const dbg = debug("app")`, `const l = logger.child({…})`. */
  #isLoggerInstance(node: TSESTree.Identifier): boolean {
    const init = localInitializer(this.#sourceCode, node);
    if (!init) return false;
    const value = unwrap(init);
    if (value.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(value.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const module = moduleOf(this.#sourceCode, callee);
      if (module !== undefined) return LOGGER_FACTORIES[module]?.includes("") ?? false;
      return callee.name === "pino" || callee.name === "debug" || callee.name === "createDebug";
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) {
      const method = callee.property.name;
      if (method === "child") return true;
      const object = unwrap(callee.object);
      if (object.type !== AST_NODE_TYPES.Identifier) return false;
      const module = moduleOf(this.#sourceCode, object) ?? object.name;
      return LOGGER_FACTORIES[module]?.includes(method) ?? false;
    }
    return false;
  }
}

function lastName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier && !node.computed) {
    return node.property.name;
  }
  return undefined;
}
