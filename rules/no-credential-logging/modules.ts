/**
 * Which module a local name comes from: `import x from "m"`, `import { y as x } from "m"`,
 * `const x = require("m")`, `const { y: x } = require("m")`, `import x = require("m")`.
 * Lets the rules tell pino's `pinoHttp` from any function that happens to have the same name.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { findVariable, unwrap } from "../utils/static-value.js";

/** The module `require("m")` (or `require("m").x`, `import("m")`) loads. */
export function requiredModule(node: TSESTree.Node): string | undefined {
  let value = unwrap(node);
  // require("m").default, require("m").pinoHttp
  while (value.type === AST_NODE_TYPES.MemberExpression) value = unwrap(value.object);
  if (
    value.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.Identifier &&
    value.callee.name === "require" &&
    value.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof value.arguments[0].value === "string"
  ) {
    return value.arguments[0].value;
  }
  if (value.type === AST_NODE_TYPES.ImportExpression && value.source.type === AST_NODE_TYPES.Literal) {
    return typeof value.source.value === "string" ? value.source.value : undefined;
  }
  return undefined;
}

export function moduleOf(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Identifier): string | undefined {
  const variable = findVariable(sourceCode, node);
  const def = variable?.defs[0];
  if (!def) return undefined;
  if (def.type === "ImportBinding") {
    // `import x = require("m")` (TypeScript); `import x = A.B` names no module.
    if (def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = def.node.moduleReference;
      return reference.type === AST_NODE_TYPES.TSExternalModuleReference ? String(reference.expression.value) : undefined;
    }
    return String((def.parent as TSESTree.ImportDeclaration).source.value);
  }
  if (def.type === "Variable") {
    const declarator = def.node as TSESTree.VariableDeclarator;
    return declarator.init ? requiredModule(declarator.init) : undefined;
  }
  return undefined;
}

/** The identifier a call chain starts from: `axios` in `axios.get(…).then(…)`. */
export function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.Identifier) return current;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = unwrap(current.callee);
    else if (current.type === AST_NODE_TYPES.ThisExpression) return undefined;
    else return undefined;
  }
}

/** `console.log`, `this.logger.info`, `req.log.info`: a callee as a dotted path, when it is one. */
export function dottedPath(node: TSESTree.Node): string | undefined {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name;
  if (value.type === AST_NODE_TYPES.ThisExpression) return "this";
  if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed && value.property.type === AST_NODE_TYPES.Identifier) {
    const object = dottedPath(value.object);
    return object === undefined ? undefined : `${object}.${value.property.name}`;
  }
  return undefined;
}
