/**
 * vue-eslint-parser keeps a component's `<template>` beside the script's tree, not in it:
 * ESLint never walks it. The parser's services walk it for a rule that asks. Svelte's and
 * Astro's parsers put their markup's expressions into the tree itself, so they need nothing.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

interface VueParserServices {
  defineTemplateBodyVisitor?: (templateVisitor: object, scriptVisitor: object) => object;
}

/** `scriptVisitor`, plus `templateVisitor` over the `<template>` of a Vue component. */
export function withVueTemplate(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  scriptVisitor: TSESLint.RuleListener,
  templateVisitor: TSESLint.RuleListener,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const services = sourceCode.parserServices as VueParserServices | undefined;
  const ast = sourceCode.ast as TSESTree.Program & { templateBody?: unknown };
  if (typeof services?.defineTemplateBodyVisitor !== "function" || ast.templateBody == null) return scriptVisitor;
  return services.defineTemplateBodyVisitor(templateVisitor, scriptVisitor) as TSESLint.RuleListener;
}

/** Vue's `v-bind:name` / `:name` attribute, as vue-eslint-parser shapes it. */
interface VueBinding {
  type: "VAttribute";
  directive: true;
  key: { name: { name: string }; argument: { type: string; name?: string } | null };
}

/** The attribute name a Vue `:name="…"` binding sets, or undefined for anything else. */
export function vueBoundAttribute(node: { type: string }): string | undefined {
  if (node.type !== "VAttribute") return undefined;
  const binding = node as VueBinding;
  if (!binding.directive || binding.key.name.name !== "bind") return undefined;
  const argument = binding.key.argument;
  return argument?.type === "VIdentifier" ? argument.name : undefined;
}
