/**
 * Which env var an expression reads: `process.env.ROXELS_API_KEY`, `import.meta.env.…`,
 * a destructured or SvelteKit-imported name.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "./ast.js";
import { envMemberRead, envObjectSource, memberName, SVELTEKIT_ENV_MODULES, type EnvRead, type EnvSource, type SecretEnvNames } from "./env-vars.js";
import { findVariable, unwrap } from "./static-value.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

function keyName(node: TSESTree.Property["key"]): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  return undefined;
}

export function propertyKeyName(node: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (node.computed && node.key.type !== AST_NODE_TYPES.Literal) return undefined;
  return keyName(node.key as TSESTree.Property["key"]);
}

/** The env var an identifier was bound to: `const { X } = process.env`, `import { X } from "$env/static/public"`. */
export function envBindingOf(sourceCode: SourceCode, node: TSESTree.Identifier): EnvRead | undefined {
  const variable = findVariable(sourceCode, node);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type === "ImportBinding") {
    // `import x = require("m")` (TypeScript) binds no env var.
    if (def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return undefined;
    const declaration = def.parent as TSESTree.ImportDeclaration;
    const source = declaration.source.value;
    const specifier = def.node;
    if (!SVELTEKIT_ENV_MODULES.has(source) || specifier.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
    const imported = specifier.imported;
    const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value);
    return { name, source: source as EnvSource };
  }
  if (def.type !== "Variable") return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init) return undefined;
  const source = envObjectSource(unwrap(declarator.init));
  if (!source) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === node.name) {
      const name = propertyKeyName(property);
      return name === undefined ? undefined : { name, source };
    }
  }
  return undefined;
}

const svelteKitDynamic = new WeakMap<SourceCode, boolean>();

function usesSvelteKitDynamicEnv(sourceCode: SourceCode): boolean {
  let uses = svelteKitDynamic.get(sourceCode);
  if (uses === undefined) {
    uses = sourceCode.text.includes("$env/dynamic/");
    svelteKitDynamic.set(sourceCode, uses);
  }
  return uses;
}

/** `env.X` where `env` is SvelteKit's `$env/dynamic/*` import. */
export function svelteKitDynamicRead(sourceCode: SourceCode, node: TSESTree.MemberExpression): EnvRead | undefined {
  if (node.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode, node.object);
  const def = variable?.defs[0];
  if (!def || def.type !== "ImportBinding" || def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return undefined;
  const source = (def.parent as TSESTree.ImportDeclaration).source.value;
  if (source !== "$env/dynamic/public" && source !== "$env/dynamic/private") return undefined;
  const name = memberName(node);
  return name === undefined ? undefined : { name, source };
}

/** Any env var read `node` is, by itself (no following of variables). */
export function envReadAt(sourceCode: SourceCode, node: TSESTree.Node): EnvRead | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    // A scope lookup per member expression is the costliest thing a rule can do per node;
    // only files that import SvelteKit's dynamic env need it.
    return envMemberRead(node) ?? (usesSvelteKitDynamicEnv(sourceCode) ? svelteKitDynamicRead(sourceCode, node) : undefined);
  }
  if (node.type === AST_NODE_TYPES.Identifier) return envBindingOf(sourceCode, node);
  return undefined;
}

export function envReadLabel(read: EnvRead): string {
  if (read.source === "process.env" || read.source === "import.meta.env") return `${read.source}.${read.name}`;
  return `${read.name} from "${read.source}"`;
}
