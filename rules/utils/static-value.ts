/**
 * What an expression can evaluate to, as far as a linter can tell without running it:
 * constant strings (`"sk_" + BODY`, template literals of constants) and the initial
 * value of local variables in the file.
 */
import { findVariable as findVariableIn, getStaticValue } from "@eslint-community/eslint-utils";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "./ast.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Strips the wrappers that do not change a value: `x as T`, `x!`, `(x)`, `await x`, `x?.y`. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.AwaitExpression:
        current = current.argument;
        break;
      default:
        return current;
    }
  }
}

/** The variable an identifier refers to, looked up from the identifier's own scope. */
export function findVariable(sourceCode: SourceCode, node: TSESTree.Identifier): TSESLint.Scope.Variable | null {
  return findVariableIn(sourceCode.getScope(node) as never, node as never) as TSESLint.Scope.Variable | null;
}

/**
 * The declarator of a variable that is assigned once, where it is declared: `const`, or
 * `let`/`var` never written again. Parameters and reassigned variables give undefined.
 */
export function singleDeclarator(
  variable: TSESLint.Scope.Variable | null,
): TSESTree.VariableDeclarator | undefined {
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== "Variable") return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.parent.kind !== "const") {
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length > 1 || (writes.length === 1 && writes[0]!.identifier.parent !== declarator)) return undefined;
  }
  return declarator;
}

/** A local identifier's initial value when the identifier is the whole binding (`const a = …`). */
export function localInitializer(sourceCode: SourceCode, node: TSESTree.Identifier): TSESTree.Expression | undefined {
  const declarator = singleDeclarator(findVariable(sourceCode, node));
  if (!declarator || declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  return declarator.init;
}

/** The string an expression always evaluates to, if ESLint can compute it. */
export function staticString(sourceCode: SourceCode, node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === "string" ? node.value : undefined;
  const result = getStaticValue(node as never, sourceCode.getScope(node) as never);
  return result && typeof result.value === "string" ? result.value : undefined;
}
