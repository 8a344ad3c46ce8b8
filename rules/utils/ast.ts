/**
 * The node types the rules compare against. typescript-eslint's `AST_NODE_TYPES` enum is
 * imported for its types only: loading it at run time would load @typescript-eslint/utils
 * (and TypeScript behind it) in every project, JavaScript-only ones included. Each value
 * of that enum is its own name, which a test checks against the real enum.
 */
import type { AST_NODE_TYPES as NodeTypeEnum } from "@typescript-eslint/utils";

const USED = [
  "AccessorProperty",
  "ArrayExpression",
  "ArrowFunctionExpression",
  "AssignmentExpression",
  "AssignmentPattern",
  "AwaitExpression",
  "BinaryExpression",
  "CallExpression",
  "ChainExpression",
  "ConditionalExpression",
  "ExportAllDeclaration",
  "ExportNamedDeclaration",
  "ExportSpecifier",
  "ExpressionStatement",
  "FunctionDeclaration",
  "FunctionExpression",
  "Identifier",
  "ImportAttribute",
  "ImportDeclaration",
  "ImportExpression",
  "ImportSpecifier",
  "JSXAttribute",
  "JSXElement",
  "JSXEmptyExpression",
  "JSXExpressionContainer",
  "JSXFragment",
  "JSXIdentifier",
  "JSXNamespacedName",
  "JSXOpeningElement",
  "JSXText",
  "Literal",
  "LogicalExpression",
  "MemberExpression",
  "MetaProperty",
  "MethodDefinition",
  "NewExpression",
  "ObjectExpression",
  "ObjectPattern",
  "Program",
  "Property",
  "PropertyDefinition",
  "SpreadElement",
  "TSAbstractAccessorProperty",
  "TSAbstractMethodDefinition",
  "TSAbstractPropertyDefinition",
  "TSAsExpression",
  "TSEnumDeclaration",
  "TSEnumMember",
  "TSExternalModuleReference",
  "TSImportEqualsDeclaration",
  "TSImportType",
  "TSLiteralType",
  "TSMethodSignature",
  "TSModuleDeclaration",
  "TSNonNullExpression",
  "TSPropertySignature",
  "TSSatisfiesExpression",
  "TSTypeAssertion",
  "TaggedTemplateExpression",
  "TemplateElement",
  "TemplateLiteral",
  "ThisExpression",
  "VariableDeclarator",
] as const;

type UsedNodeType = (typeof USED)[number];

export const AST_NODE_TYPES = Object.freeze(
  Object.fromEntries(USED.map((name) => [name, name])),
) as unknown as Pick<typeof NodeTypeEnum, UsedNodeType>;

/** The names listed above, for the test that compares them with the enum. */
export const USED_NODE_TYPES: readonly string[] = USED;
