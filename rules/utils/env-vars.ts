/**
 * Environment variables: which reads are reads of an env var, and which names hold a
 * Roxels secret.
 */
import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "./ast.js";

/** `roxelsApiKey` and `roxels-api-key` read as `ROXELS_API_KEY`. */
export function toEnvStyle(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

// Names of embed keys and plain settings: never secrets, whatever else they contain.
const NOT_SECRET = /(?:^|_)(?:EMBED|TEMPLATE|PUBLISHABLE|RK|SESSION|BASE|URL|HOST|ENDPOINT|ORIGIN|REGION|ID)(?:_|$)/;
const SECRET_WORD = /(?:^|_)(?:KEY|SECRET|TOKEN|SK|CREDENTIALS?|PASSWORD|APIKEY)(?:_|$)/;

/**
 * The default notion of "a Roxels secret env var": the name mentions Roxels and a key,
 * secret or token, and is not an embed key or a plain setting (`ROXELS_API_KEY`,
 * `ROXELS_SECRET_KEY`, `NEXT_PUBLIC_ROXELS_SK` yes; `ROXELS_EMBED_KEY`,
 * `ROXELS_API_BASE` no).
 */
export function looksLikeRoxelsSecretName(name: string): boolean {
  const upper = toEnvStyle(name);
  if (!/(?:^|_)ROXELS(?:_|$)/.test(upper)) return false;
  if (NOT_SECRET.test(upper)) return false;
  return SECRET_WORD.test(upper);
}

/** Matches names against the built-in heuristic plus `secretEnvVars` (names or `/regex/`). */
export class SecretEnvNames {
  readonly #exact = new Set<string>();
  readonly #patterns: RegExp[] = [];

  constructor(extra: readonly string[]) {
    for (const entry of extra) {
      const regex = /^\/(.+)\/([a-z]*)$/.exec(entry);
      if (regex) this.#patterns.push(new RegExp(regex[1]!, regex[2]));
      else this.#exact.add(entry);
    }
  }

  isSecret(name: string): boolean {
    if (this.#exact.has(name)) return true;
    if (this.#patterns.some((pattern) => pattern.test(name))) return true;
    return looksLikeRoxelsSecretName(name);
  }
}

export type EnvSource = "process.env" | "import.meta.env" | "$env/static/public" | "$env/dynamic/public" | "$env/static/private" | "$env/dynamic/private";

export interface EnvRead {
  readonly name: string;
  readonly source: EnvSource;
}

function propertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.computed && node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === "string") {
    return node.property.value;
  }
  if (
    node.computed &&
    node.property.type === AST_NODE_TYPES.TemplateLiteral &&
    node.property.expressions.length === 0
  ) {
    return node.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return propertyName(node);
}

/** `process.env`, `globalThis.process.env`, `import.meta.env`: the env object itself. */
export function envObjectSource(node: TSESTree.Node): "process.env" | "import.meta.env" | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression || propertyName(node) !== "env") return undefined;
  const object = node.object;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === "process") return "process.env";
  if (
    object.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(object) === "process" &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    (object.object.name === "globalThis" || object.object.name === "window" || object.object.name === "global")
  ) {
    return "process.env";
  }
  if (object.type === AST_NODE_TYPES.MetaProperty && object.meta.name === "import" && object.property.name === "meta") {
    return "import.meta.env";
  }
  return undefined;
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`: the read and its name. */
export function envMemberRead(node: TSESTree.Node): EnvRead | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const source = envObjectSource(node.object);
  if (!source) return undefined;
  const name = propertyName(node);
  return name === undefined ? undefined : { name, source };
}

export const SVELTEKIT_ENV_MODULES = new Set<string>([
  "$env/static/public",
  "$env/dynamic/public",
  "$env/static/private",
  "$env/dynamic/private",
]);
