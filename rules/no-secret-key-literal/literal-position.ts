/**
 * Where a string value stands, for the rules that offer to replace it: can an expression
 * (`process.env.X`) take its place at all, and does the value end up in the browser
 * whatever it is replaced with (the embed's templateKey, markup rendered to HTML)?
 */
import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { propertyKeyName } from "../utils/secret-values.js";

/** The names under which the embed takes its key: an rk_ embed key, never a secret. */
export const EMBED_ATTRIBUTES: ReadonlySet<string> = new Set(["templateKey", "data-template-key"]);

/** Parents a value passes through unchanged on its way to where it is used. */
function passesThrough(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== child;
    default:
      return false;
  }
}

function jsxAttributeName(attribute: TSESTree.JSXAttribute): string {
  const name = attribute.name;
  return name.type === AST_NODE_TYPES.JSXIdentifier ? name.name : `${name.namespace.name}:${name.name.name}`;
}

/**
 * The embed attribute (`templateKey`, `data-template-key`) `node` is (one branch of) the
 * value of: `Roxels.init({ templateKey: … })`, `<script data-template-key={…} />`.
 */
export function embedAttributeOf(node: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (passesThrough(parent, current) || parent.type === AST_NODE_TYPES.JSXExpressionContainer) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.Property) {
      const name = parent.value === current ? propertyKeyName(parent) : undefined;
      return name !== undefined && EMBED_ATTRIBUTES.has(name) ? name : undefined;
    }
    if (parent.type === AST_NODE_TYPES.JSXAttribute) {
      const name = jsxAttributeName(parent);
      return EMBED_ATTRIBUTES.has(name) ? name : undefined;
    }
    return undefined;
  }
}

const MARKUP_EMBED_ATTRIBUTE = /[\s<](data-template-key|template-key)\s*=\s*["']?$/;
const MARKUP_FILE = /\.(?:vue|svelte|astro|html?)$/i;

/**
 * The embed attribute a key at `index` is the value of, in markup a framework parser keeps
 * as text (`<div data-template-key="sk_…">` in a Vue template, a Svelte attribute).
 */
export function markupEmbedAttributeAt(filename: string, text: string, index: number): string | undefined {
  if (!MARKUP_FILE.test(filename)) return undefined;
  return MARKUP_EMBED_ATTRIBUTE.exec(text.slice(Math.max(0, index - 40), index))?.[1];
}

/** `<div>`, `<script>`, `<svg:rect>`: an element React renders as itself, not a component. */
function isIntrinsic(element: TSESTree.JSXOpeningElement): boolean {
  const name = element.name;
  if (name.type === AST_NODE_TYPES.JSXNamespacedName) return true;
  return name.type === AST_NODE_TYPES.JSXIdentifier && /^[a-z]/.test(name.name);
}

/**
 * True when `node` is written into markup: an attribute of an intrinsic element
 * (`<script data-key="…" />`) or a JSX child (`<p>{"…"}</p>`). Whatever expression takes
 * its place is rendered into the page's HTML, server components included.
 */
export function isRenderedIntoMarkup(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return false;
    if (passesThrough(parent, current)) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.JSXExpressionContainer) {
      const outer = parent.parent;
      if (outer.type === AST_NODE_TYPES.JSXElement || outer.type === AST_NODE_TYPES.JSXFragment) return true;
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.JSXAttribute) {
      return parent.parent.type === AST_NODE_TYPES.JSXOpeningElement && isIntrinsic(parent.parent);
    }
    return false;
  }
}

/**
 * True when an expression may take `node`'s place: false for property, method and
 * type-member names (computed object and method keys are expressions, so they may),
 * destructuring keys, import and export sources and names, import attributes,
 * `declare module "…"`, `import("…")` types, literal types, directives, and anything inside a TS enum member
 * (a string enum member needs a constant). `typescript`: the file is TypeScript, where a
 * computed class field name must have a literal type.
 */
export function isExpressionPosition(node: TSESTree.Node, typescript: boolean): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.TSAbstractMethodDefinition:
      if (parent.key === node && !parent.computed) return false;
      break;
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.AccessorProperty:
    case AST_NODE_TYPES.TSAbstractPropertyDefinition:
    case AST_NODE_TYPES.TSAbstractAccessorProperty:
      if (parent.key === node && (!parent.computed || typescript)) return false;
      break;
    case AST_NODE_TYPES.TSPropertySignature:
    case AST_NODE_TYPES.TSMethodSignature:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSModuleDeclaration:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSImportType:
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ImportSpecifier:
    case AST_NODE_TYPES.ImportAttribute:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportSpecifier:
      return false;
    case AST_NODE_TYPES.ExpressionStatement:
      if (parent.directive !== undefined) return false;
      break;
    default:
      break;
  }
  // `enum E { A = "…" }`, `enum E { A = "x" + "…" }`: constants only.
  for (let current: TSESTree.Node | undefined = parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TSEnumMember) return false;
    if (current.type === AST_NODE_TYPES.TSEnumDeclaration || current.type === AST_NODE_TYPES.Program) break;
  }
  return true;
}
