/**
 * Is this call a logging sink? `console.*`, `process.stdout/stderr.write`, the methods of
 * logger objects (`logger.info`, `log.debug`, `req.log.warn`), instances made by pino,
 * winston, bunyan and `debug`, and whatever the user adds.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { dottedPath, moduleOf } from "./modules.js";
import { localInitializer, unwrap } from "../utils/static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

export const DEFAULT_LOGGER_NAMES = ["logger", "log", "logging", "winston", "bunyan", "pino", "signale", "consola", "loglevel"];

export const DEFAULT_LOG_METHODS = [
  "trace", "debug", "info", "warn", "warning", "error", "fatal", "log", "verbose", "silly", "http",
  "notice", "critical", "crit", "alert", "emerg", "success", "child",
];

const DEFAULT_LOGGER_NAME_SET: ReadonlySet<string> = new Set(DEFAULT_LOGGER_NAMES);
const DEFAULT_LOG_METHOD_SET: ReadonlySet<string> = new Set(DEFAULT_LOG_METHODS);
const EMPTY_SET: ReadonlySet<string> = new Set();

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
  readonly #loggerNames: ReadonlySet<string>;
  readonly #logMethods: ReadonlySet<string>;
  readonly #sinkFunctions: ReadonlySet<string>;
  readonly #sourceCode: SourceCode;

  constructor(sourceCode: SourceCode, options: SinkOptions) {
    this.#sourceCode = sourceCode;
    // One matcher is made per file: share the default sets rather than rebuild them.
    this.#loggerNames =
      options.loggerNames.length === 0
        ? DEFAULT_LOGGER_NAME_SET
        : new Set([...DEFAULT_LOGGER_NAMES, ...options.loggerNames].map((name) => name.toLowerCase()));
    this.#logMethods = options.logMethods.length === 0 ? DEFAULT_LOG_METHOD_SET : new Set([...DEFAULT_LOG_METHODS, ...options.logMethods]);
    this.#sinkFunctions = options.sinkFunctions.length === 0 ? EMPTY_SET : new Set(options.sinkFunctions);
  }

  /** The sink a call writes to (`console.log`), or undefined when it is not a sink. */
  sinkOf(call: TSESTree.CallExpression): string | undefined {
    return this.sinkCalledAs(call.callee);
  }

  /**
   * The sink `callee` names, called (`console.error(x)`) or handed over as a callback
   * (`.catch(console.error)`).
   */
  sinkCalledAs(node: TSESTree.Node): string | undefined {
    // Runs on every call in the code base: structural checks first, strings built last.
    const callee = unwrap(node);
    if (this.#sinkFunctions.size > 0) {
      const path = dottedPath(callee);
      if (path !== undefined && this.#sinkFunctions.has(path)) return path;
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return this.#mayHoldLoggerInstances() && this.#isLoggerInstance(callee) ? callee.name : undefined;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const method = callee.property.name;
    const object = unwrap(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === "console") return sinkLabel(callee);
    if (method === "write" && isProcessStream(object)) return sinkLabel(callee);
    if (!this.#logMethods.has(method)) return undefined;
    const objectName = lastName(object);
    if (objectName !== undefined && this.#isLoggerName(objectName)) return sinkLabel(callee);
    if (object.type === AST_NODE_TYPES.Identifier && this.#mayHoldLoggerInstances() && this.#isLoggerInstance(object)) {
      return sinkLabel(callee);
    }
    return undefined;
  }

  #loggerFactoriesMentioned: boolean | undefined;

  /** Logger instances come from a factory the file names; without one, skip the scope lookups. */
  #mayHoldLoggerInstances(): boolean {
    const text = this.#sourceCode.text;
    this.#loggerFactoriesMentioned ??= LOGGER_FACTORY_WORDS.some((word) => text.includes(word));
    return this.#loggerFactoriesMentioned;
  }

  #isLoggerName(name: string): boolean {
    const lower = name.toLowerCase();
    if (this.#loggerNames.has(lower) || lower.endsWith("logger")) return true;
    return lower.startsWith("_") && this.#loggerNames.has(lower.replace(/^_+/, ""));
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

// Plain substring tests: one fast scan each, far cheaper than one regex with alternatives.
const LOGGER_FACTORY_WORDS = ["pino", "debug", "Debug", "winston", "bunyan", "loglevel", "consola", "Logger", ".child("];

/** How a report names the sink: `console.log`, `req.log.info`, `….info`. */
function sinkLabel(callee: TSESTree.MemberExpression): string {
  return dottedPath(callee) ?? `….${(callee.property as TSESTree.Identifier).name}`;
}

/** `process.stdout` / `process.stderr`. */
function isProcessStream(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    !node.computed &&
    node.property.type === AST_NODE_TYPES.Identifier &&
    (node.property.name === "stdout" || node.property.name === "stderr") &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === "process"
  );
}

function lastName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier && !node.computed) {
    return node.property.name;
  }
  return undefined;
}
