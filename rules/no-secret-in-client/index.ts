/**
 * roxels/no-secret-in-client: secret keys and secret env vars in code that ends up in a
 * browser bundle, env var prefixes and bundler config that inline a secret into client
 * code, and secrets passed where the embed expects an `rk_` key.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { createRule, JS_LANGUAGES } from "../utils/create-rule.js";
import { clientSideOf, relativePosixPath } from "../utils/client-file.js";
import { envObjectSource, SecretEnvNames, toEnvStyle, type EnvRead } from "../utils/env-vars.js";
import { envReadAt, envReadLabel, propertyKeyName } from "../utils/secret-values.js";
import { staticString, unwrap } from "../utils/static-value.js";
import { publicPrefixOf } from "./public-env.js";
import { describeSecretValue, findSecretInside } from "./secret-inside.js";
import { vueBoundAttribute, withVueTemplate } from "./vue-template.js";

export type Options = [{ secretEnvVars?: string[] }];
export type MessageIds =
  | "secretEnvInClient"
  | "publicEnvSecret"
  | "configExposesSecret"
  | "secretAsTemplateKey"
  | "dropPublicPrefix"
  | "removeEntry"
  | "moveToPrivateConfig";

const EMBED_ATTRIBUTES = new Set(["templateKey", "data-template-key"]);
/** In a Vue template, also the kebab-case prop (`:template-key="…"`). */
const VUE_EMBED_ATTRIBUTES = new Set([...EMBED_ATTRIBUTES, "template-key"]);

/**
 * True when `node` is (one branch of) the value given to the embed's templateKey: that
 * report says more than the generic one, so the generic one is left out.
 */
function isEmbedValue(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.JSXExpressionContainer:
        current = parent;
        continue;
      case AST_NODE_TYPES.Property:
        return parent.value === current && propertyKeyName(parent) === "templateKey";
      case AST_NODE_TYPES.JSXAttribute:
        return parent.name.type === AST_NODE_TYPES.JSXIdentifier && EMBED_ATTRIBUTES.has(parent.name.name);
      default: {
        // Vue's `:template-key="…"` and Svelte's `data-template-key={…}` hold the value in
        // an expression container / mustache tag.
        const type = parent.type as string;
        if (type === "VExpressionContainer" || type === "SvelteMustacheTag") {
          current = parent;
          continue;
        }
        if (type === "SvelteAttribute") return EMBED_ATTRIBUTES.has(svelteAttributeName(parent) ?? "");
        const bound = vueBoundAttribute(parent);
        return bound !== undefined && VUE_EMBED_ATTRIBUTES.has(bound);
      }
    }
  }
}

/** A Svelte attribute's name (svelte-eslint-parser's `SvelteAttribute`). */
function svelteAttributeName(node: TSESTree.Node): string | undefined {
  return (node as unknown as { key?: { name?: unknown } }).key?.name as string | undefined;
}

/** The expression of a Svelte attribute written as one `{…}`: `data-template-key={value}`. */
function svelteAttributeExpression(node: TSESTree.Node): TSESTree.Node | undefined {
  const value = (node as unknown as { value?: { type: string; expression?: TSESTree.Node }[] }).value;
  const only = value?.length === 1 ? value[0] : undefined;
  return only?.type === "SvelteMustacheTag" ? only.expression : undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

const NUXT_PUBLIC = "Nuxt `runtimeConfig.public`";
const NEXT_CONFIG = /^next\.config\.[cm]?[jt]s$/;
const VITE_CONFIG = /^vite(?:st)?\.config\.[cm]?[jt]s$/;

/** `new DefinePlugin(…)`, `new webpack.DefinePlugin(…)`, `new rspack.DefinePlugin(…)`. */
function constructorName(node: TSESTree.NewExpression): string | undefined {
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) {
    return callee.property.name;
  }
  return undefined;
}

/** The object literal a property sits in is the value of a property named `name`. */
function parentPropertyName(object: TSESTree.ObjectExpression): string | undefined {
  const parent = object.parent;
  return parent.type === AST_NODE_TYPES.Property && parent.value === object ? propertyKeyName(parent) : undefined;
}

export const noSecretInClient = createRule<Options, MessageIds>({
  name: "no-secret-in-client",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow Roxels secret keys and secret env vars in code that is bundled for the browser",
      recommended: true,
    },
    languages: JS_LANGUAGES,
    messages: {
      secretEnvInClient: "Secret {{name}} is read in code that ships to the browser ({{reason}}).",
      publicEnvSecret: "Secret {{name}}: {{prefix}} makes {{framework}} ship it to the browser.",
      configExposesSecret: "{{where}} puts {{what}} into the browser bundle.",
      secretAsTemplateKey: "{{what}} is the embed's {{attribute}}, which reaches the browser: it takes an rk_ embed key.",
      dropPublicPrefix: "Read {{name}} (no public prefix) instead, in server-side code only.",
      removeEntry: "Remove this entry; read the secret in server-side code only.",
      moveToPrivateConfig: "Move this entry into runtimeConfig, which stays on the server.",
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          secretEnvVars: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description: "More env var names that hold a Roxels secret; entries written /like this/ are regular expressions.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ secretEnvVars: [] }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const names = new SecretEnvNames(options.secretEnvVars ?? []);
    const path = relativePosixPath(context.filename, context.cwd);
    const fileName = baseName(path);

    /** Why `node` ends up in the browser bundle, or undefined when it does not. */
    function clientReason(node: TSESTree.Node): string | undefined {
      return clientSideOf(context, node);
    }

    function checkEnvRead(node: TSESTree.Node, read: EnvRead): void {
      if (isEmbedValue(node)) return;
      const publicPrefix =
        read.source === "$env/static/public" || read.source === "$env/dynamic/public"
          ? { prefix: "$env/*/public", framework: "SvelteKit" }
          : publicPrefixOf(read.name);
      if (publicPrefix && names.isSecret(read.name)) {
        context.report({
          node,
          messageId: "publicEnvSecret",
          data: { name: envReadLabel(read), prefix: publicPrefix.prefix, framework: publicPrefix.framework },
          suggest: unprefixedRead(node, read, publicPrefix.prefix),
        });
        return;
      }
      if (!names.isSecret(read.name)) return;
      const reason = clientReason(node);
      if (reason) context.report({ node, messageId: "secretEnvInClient", data: { name: envReadLabel(read), reason } });
    }

    /**
     * `process.env.NEXT_PUBLIC_ROXELS_API_KEY` -> `process.env.ROXELS_API_KEY`: the bundler
     * then leaves the value out of client code. Only a member read names the variable in
     * one place; a destructured or imported name is used elsewhere too.
     */
    function unprefixedRead(node: TSESTree.Node, read: EnvRead, prefix: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (node.type !== AST_NODE_TYPES.MemberExpression || !read.name.startsWith(prefix)) return [];
      if (read.source !== "process.env" && read.source !== "import.meta.env") return [];
      const name = read.name.slice(prefix.length);
      if (!/^[A-Za-z_]\w*$/.test(name)) return [];
      const property = node.property;
      const label = `${read.source}.${name}`;
      if (!node.computed && property.type === AST_NODE_TYPES.Identifier) {
        return [{ messageId: "dropPublicPrefix", data: { name: label }, fix: (fixer) => fixer.replaceText(property, name) }];
      }
      if (property.type === AST_NODE_TYPES.Literal && typeof property.value === "string") {
        return [{ messageId: "dropPublicPrefix", data: { name: label }, fix: (fixer) => fixer.replaceText(property, JSON.stringify(name)) }];
      }
      return [];
    }

    function checkEmbedValue(node: TSESTree.Node, value: TSESTree.Node, attribute: string): void {
      const what = describeSecretValue(sourceCode, value, names, true);
      if (what) context.report({ node, messageId: "secretAsTemplateKey", data: { what, attribute } });
    }

    /** A property of an object that bundlers put into client code: name or value a secret. */
    function checkExposedProperty(property: TSESTree.ObjectLiteralElement, where: string): void {
      if (property.type !== AST_NODE_TYPES.Property) return;
      const name = propertyKeyName(property);
      const lastSegment = name?.split(".").pop();
      const byValue = findSecretInside(sourceCode, property.value, names);
      const byName = lastSegment !== undefined && names.isSecret(toEnvStyle(lastSegment)) ? name : undefined;
      const what = byValue ?? (byName === undefined ? undefined : `"${byName}"`);
      if (what) context.report({ node: property, messageId: "configExposesSecret", data: { where, what }, suggest: entryEdits(property, where) });
    }

    /** Take an entry out of what bundlers inline; Nuxt's moves to the server-only config. */
    function entryEdits(entry: TSESTree.Node, where: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const edits: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      const publicProperty = entry.parent?.parent;
      if (where === NUXT_PUBLIC && publicProperty?.type === AST_NODE_TYPES.Property && !privatelyConfigured(entry, publicProperty)) {
        const text = sourceCode.getText(entry);
        edits.push({
          messageId: "moveToPrivateConfig",
          fix: (fixer) => [removeListItem(fixer, entry), fixer.insertTextBefore(publicProperty, `${text}, `)],
        });
      }
      edits.push({ messageId: "removeEntry", fix: (fixer) => removeListItem(fixer, entry) });
      return edits;
    }

    /** The server-only runtimeConfig already has an entry of that name: moving would repeat it. */
    function privatelyConfigured(entry: TSESTree.Node, publicProperty: TSESTree.Property): boolean {
      const name = entry.type === AST_NODE_TYPES.Property ? propertyKeyName(entry) : undefined;
      const config = publicProperty.parent;
      if (name === undefined || config.type !== AST_NODE_TYPES.ObjectExpression) return true;
      return config.properties.some((other) => other.type === AST_NODE_TYPES.Property && propertyKeyName(other) === name);
    }

    /** Removes an object property or array element with the comma that separates it. */
    function removeListItem(fixer: TSESLint.RuleFixer, item: TSESTree.Node): TSESLint.RuleFix {
      const after = sourceCode.getTokenAfter(item);
      if (after?.value === ",") {
        const next = sourceCode.getTokenAfter(after, { includeComments: true });
        return fixer.removeRange([item.range[0], next ? next.range[0] : after.range[1]]);
      }
      const before = sourceCode.getTokenBefore(item);
      if (before?.value === ",") return fixer.removeRange([before.range[0], item.range[1]]);
      return fixer.remove(item);
    }

    function checkExposedObject(node: TSESTree.Node | undefined, where: string): void {
      const object = node && unwrap(node);
      if (object?.type !== AST_NODE_TYPES.ObjectExpression) return;
      for (const property of object.properties) checkExposedProperty(property, where);
    }

    function checkMember(node: TSESTree.MemberExpression): void {
      const parent = node.parent;
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) return;
      const read = envReadAt(sourceCode, node);
      if (read) checkEnvRead(node, read);
    }

    /** `:template-key="value"` in a Vue template. */
    function checkVueBinding(node: TSESTree.Node): void {
      const attribute = vueBoundAttribute(node);
      if (attribute === undefined || !VUE_EMBED_ATTRIBUTES.has(attribute)) return;
      const expression = (node as unknown as { value: { expression: TSESTree.Node | null } | null }).value?.expression;
      if (expression) checkEmbedValue(node, expression, attribute);
    }

    /** `data-template-key={value}` or a component's `templateKey={value}` in Svelte markup. */
    function checkSvelteAttribute(node: TSESTree.Node): void {
      const name = svelteAttributeName(node);
      if (name === undefined || !EMBED_ATTRIBUTES.has(name)) return;
      const expression = svelteAttributeExpression(node);
      if (expression) checkEmbedValue(node, expression, name);
    }

    const scriptVisitor: TSESLint.RuleListener = {
      MemberExpression: checkMember,
      SvelteAttribute: checkSvelteAttribute,
      VariableDeclarator(node) {
        if (node.id.type !== AST_NODE_TYPES.ObjectPattern || !node.init) return;
        const source = envObjectSource(unwrap(node.init));
        if (!source) return;
        for (const property of node.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const name = propertyKeyName(property);
          if (name !== undefined) checkEnvRead(property, { name, source });
        }
      },
      ImportDeclaration(node) {
        if (node.source.value !== "$env/static/public") return;
        for (const specifier of node.specifiers) {
          if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) continue;
          const imported = specifier.imported;
          const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value);
          checkEnvRead(specifier, { name, source: "$env/static/public" });
        }
      },
      Property(node) {
        const name = propertyKeyName(node);
        if (name === undefined) return;
        if (name === "templateKey" && node.parent.type === AST_NODE_TYPES.ObjectExpression) {
          checkEmbedValue(node, node.value, "templateKey");
        } else if (name === "env" && NEXT_CONFIG.test(fileName)) {
          checkExposedObject(node.value, "next.config `env`");
        } else if (name === "define" && VITE_CONFIG.test(fileName)) {
          checkExposedObject(node.value, "Vite `define`");
        } else if (name === "public" && node.parent.type === AST_NODE_TYPES.ObjectExpression) {
          if (parentPropertyName(node.parent) === "runtimeConfig") {
            checkExposedObject(node.value, NUXT_PUBLIC);
          }
        }
      },
      NewExpression(node) {
        const name = constructorName(node);
        const first = node.arguments[0];
        if (name === "DefinePlugin") {
          checkExposedObject(first, "webpack DefinePlugin");
        } else if (name === "EnvironmentPlugin" && first) {
          const where = "webpack EnvironmentPlugin";
          const value = unwrap(first);
          if (value.type === AST_NODE_TYPES.ObjectExpression) checkExposedObject(value, where);
          const listed = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : node.arguments;
          for (const element of listed) {
            if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
            const envName = staticString(sourceCode, element);
            if (envName !== undefined && names.isSecret(envName)) {
              context.report({ node: element, messageId: "configExposesSecret", data: { where, what: envName }, suggest: entryEdits(element, where) });
            }
          }
        }
      },
      JSXAttribute(node) {
        if (node.name.type !== AST_NODE_TYPES.JSXIdentifier || !EMBED_ATTRIBUTES.has(node.name.name)) return;
        const value = node.value;
        if (!value) return;
        const expression =
          value.type === AST_NODE_TYPES.JSXExpressionContainer
            ? value.expression.type === AST_NODE_TYPES.JSXEmptyExpression
              ? undefined
              : value.expression
            : value;
        if (expression) checkEmbedValue(node, expression, node.name.name);
      },
      CallExpression(node) {
        // script.setAttribute("data-template-key", value)
        const callee = node.callee;
        if (
          callee.type !== AST_NODE_TYPES.MemberExpression ||
          callee.property.type !== AST_NODE_TYPES.Identifier ||
          callee.property.name !== "setAttribute"
        ) {
          return;
        }
        const [attribute, value] = node.arguments;
        if (attribute && value && staticString(sourceCode, attribute) === "data-template-key") {
          checkEmbedValue(node, value, "data-template-key");
        }
      },
      AssignmentExpression(node) {
        // script.dataset.templateKey = value
        const left = node.left;
        if (
          left.type === AST_NODE_TYPES.MemberExpression &&
          left.property.type === AST_NODE_TYPES.Identifier &&
          left.property.name === "templateKey"
        ) {
          checkEmbedValue(node, node.right, "data-template-key");
        }
      },
    };
    // Vue's template is outside the script's tree: its env reads and embed bindings too.
    const templateVisitor = { MemberExpression: checkMember, VAttribute: checkVueBinding } as TSESLint.RuleListener;
    return withVueTemplate(context, scriptVisitor, templateVisitor);
  },
});
