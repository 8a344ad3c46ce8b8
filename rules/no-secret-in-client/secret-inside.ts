/**
 * Does an expression hold a Roxels secret? A secret env var read (`process.env.ROXELS_API_KEY`,
 * `import.meta.env.…`, a destructured or SvelteKit-imported name), an `sk_` key in a
 * value ESLint can compute, or a local variable assigned from either.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { memberName, type SecretEnvNames } from "../utils/env-vars.js";
import { keysIn } from "../utils/keys.js";
import { envReadAt, envReadLabel } from "../utils/secret-values.js";
import { localInitializer, staticString, unwrap } from "../utils/static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** How many variables deep `const a = b; const b = c;` chains are followed. */
const MAX_DEPTH = 4;

/**
 * The expressions a value may come from: both sides of `??`/`||`/`&&`, both branches of
 * `?:`, and through local variables to their initial values.
 */
function possibleValues(sourceCode: SourceCode, node: TSESTree.Node, depth = 0): TSESTree.Node[] {
  const value = unwrap(node);
  switch (value.type) {
    case AST_NODE_TYPES.LogicalExpression:
      return [...possibleValues(sourceCode, value.left, depth), ...possibleValues(sourceCode, value.right, depth)];
    case AST_NODE_TYPES.ConditionalExpression:
      return [
        ...possibleValues(sourceCode, value.consequent, depth),
        ...possibleValues(sourceCode, value.alternate, depth),
      ];
    case AST_NODE_TYPES.Identifier: {
      if (depth >= MAX_DEPTH) return [value];
      const init = localInitializer(sourceCode, value);
      return init ? [value, ...possibleValues(sourceCode, init, depth + 1)] : [value];
    }
    default:
      return [value];
  }
}

/**
 * What secret `node` may hold, described for a message (`process.env.ROXELS_API_KEY`,
 * `Roxels secret key sk_AbCd…wXyZ`), or undefined. Never the key itself.
 */
export function describeSecretValue(
  sourceCode: SourceCode,
  node: TSESTree.Node,
  names: SecretEnvNames,
  envReadsOnly = false,
): string | undefined {
  for (const value of possibleValues(sourceCode, node)) {
    const read = envReadAt(sourceCode, value);
    if (read && names.isSecret(read.name)) return envReadLabel(read);
    // A key written in the file is no-secret-key-literal's report, where it is written.
    if (envReadsOnly) continue;
    if (
      value.type === AST_NODE_TYPES.Literal ||
      value.type === AST_NODE_TYPES.TemplateLiteral ||
      value.type === AST_NODE_TYPES.BinaryExpression
    ) {
      const text = staticString(sourceCode, value);
      const key = text === undefined ? undefined : keysIn(text).find((match) => match.kind === "roxels-secret");
      if (key) return `Roxels secret key ${key.secret.masked}`;
    }
  }
  return undefined;
}

/**
 * Like `describeSecretValue`, but anywhere inside the expression: `JSON.stringify(env.X)`,
 * `` `${process.env.ROXELS_API_KEY}` ``. A member named like a secret on any object counts,
 * which catches `env.ROXELS_API_KEY` after Vite's `loadEnv`.
 */
export function findSecretInside(
  sourceCode: SourceCode,
  node: TSESTree.Node,
  names: SecretEnvNames,
  depth = 0,
): string | undefined {
  if (depth > 6) return undefined;
  const direct = describeSecretValue(sourceCode, node, names);
  if (direct) return direct;
  const value = unwrap(node);
  const inside = (child: TSESTree.Node | null | undefined): string | undefined =>
    child ? findSecretInside(sourceCode, child, names, depth + 1) : undefined;
  switch (value.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(value);
      if (name !== undefined && names.isSecret(name)) return `${sourceCode.getText(value)}`;
      return undefined;
    }
    case AST_NODE_TYPES.CallExpression:
      for (const argument of value.arguments) {
        const found = inside(argument);
        if (found) return found;
      }
      return undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      for (const expression of value.expressions) {
        const found = inside(expression);
        if (found) return found;
      }
      return undefined;
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return inside(value.left) ?? inside(value.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return inside(value.consequent) ?? inside(value.alternate);
    default:
      return undefined;
  }
}
