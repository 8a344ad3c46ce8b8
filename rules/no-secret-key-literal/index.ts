/**
 * roxels/no-secret-key-literal: a Roxels secret key written in the source, directly or
 * in a value ESLint can compute (`"sk_" + BODY`, `` `${PREFIX}${BODY}` ``).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { KEY_PREFIXES, type KeyMatch } from "@roxels-guard/core";
import { createRule, JS_LANGUAGES } from "../utils/create-rule.js";
import { adviceFor, describeKind, keysIn } from "../utils/keys.js";
import { embedAttributeOf, isExpressionPosition, isRenderedIntoMarkup } from "./literal-position.js";
import { staticString } from "../utils/static-value.js";

export type Options = [{ otherVendors?: boolean; envVar?: string }];
export type MessageIds = "secretKey" | "secretKeyAsTemplateKey" | "otherVendorKey" | "useEnvVar" | "removeFallback";

type StringNode = TSESTree.Literal | TSESTree.TemplateElement | TSESTree.JSXText;

/** Where in the source a key inside `node` sits, when the raw text maps 1:1 to the value. */
function keyLocation(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: StringNode,
  value: string,
  match: KeyMatch,
): TSESTree.SourceLocation {
  const raw = sourceCode.getText(node);
  let offset: number | undefined;
  if (node.type === AST_NODE_TYPES.JSXText) offset = raw === value ? 0 : undefined;
  else if (node.type === AST_NODE_TYPES.TemplateElement) {
    // A template element's range includes its delimiters: `` ` `` or `}` before, `` ` `` or `${` after.
    const inner = raw.slice(1, node.tail ? -1 : -2);
    offset = inner === value ? 1 : undefined;
  } else offset = raw.slice(1, -1) === value ? 1 : undefined;
  if (offset === undefined) return node.loc;
  const start = node.range[0] + offset + match.index;
  return {
    start: sourceCode.getLocFromIndex(start),
    end: sourceCode.getLocFromIndex(start + match.length),
  };
}

/** The string literals and template parts a `+` / template expression is built from. */
function stringParts(node: TSESTree.Node, out: string[] = []): string[] {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") out.push(node.value);
  else if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === "+") {
    stringParts(node.left, out);
    stringParts(node.right, out);
  } else if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    for (const quasi of node.quasis) out.push(quasi.value.cooked ?? "");
    for (const expression of node.expressions) stringParts(expression, out);
  }
  return out;
}


function isConcatenation(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.BinaryExpression && node.operator === "+";
}

export const noSecretKeyLiteral = createRule<Options, MessageIds>({
  name: "no-secret-key-literal",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow Roxels secret keys (and other vendors' secret keys) written in source code",
      recommended: true,
    },
    hasSuggestions: true,
    languages: JS_LANGUAGES,
    messages: {
      secretKey:
        "Roxels secret key {{masked}} is written in the source. Anyone who can read this code can use it: {{advice}}.",
      secretKeyAsTemplateKey:
        "Roxels secret key {{masked}} is written as the embed's {{attribute}}, which always ends up in the browser (server-rendered markup included), so reading it from an env var would leak it just the same. {{attribute}} takes an rk_ embed key; or create the conversation on the server with the secret key and give the browser only its sessionId. Then revoke the exposed key (roxels-guard revoke).",
      otherVendorKey: "{{description}} {{masked}} is written in the source: {{advice}}.",
      useEnvVar: "Read the key from process.env.{{envVar}} instead (then revoke the exposed key).",
      removeFallback: "Drop the hard-coded fallback and keep only the env var read (then revoke the exposed key).",
    },
    schema: [
      {
        type: "object",
        properties: {
          otherVendors: {
            type: "boolean",
            description: "Also report Stripe, OpenAI and Anthropic secret keys.",
          },
          envVar: {
            type: "string",
            pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
            description: "The env var the suggestion reads the key from.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ otherVendors: true, envVar: "ROXELS_API_KEY" }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const otherVendors = options.otherVendors !== false;
    const envVar = options.envVar ?? "ROXELS_API_KEY";

    const typescript = /\.[cm]?tsx?$/i.test(context.filename);

    /**
     * True when `replaced` may become an env var read: an expression position (not a
     * property name, import source, literal type, enum member…) whose value is not
     * rendered into markup, where the env var's value would leak into the page's HTML.
     */
    function replaceable(replaced: TSESTree.Node): boolean {
      return isExpressionPosition(replaced, typescript) && !isRenderedIntoMarkup(replaced);
    }

    function suggestionFor(
      node: TSESTree.Node,
      value: string,
      match: KeyMatch,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] | null {
      if (match.kind !== "roxels-secret" || match.encoding !== "plain" || value.trim() !== match.secret.reveal()) {
        return null;
      }
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.right === node && parent.operator !== "&&") {
        if (!replaceable(parent)) return null;
        const kept = sourceCode.getText(parent.left);
        return [{ messageId: "removeFallback", fix: (fixer) => fixer.replaceText(parent, kept) }];
      }
      if (!replaceable(node)) return null;
      const inJsxAttribute = parent?.type === AST_NODE_TYPES.JSXAttribute;
      const replacement = inJsxAttribute ? `{process.env.${envVar}}` : `process.env.${envVar}`;
      return [{ messageId: "useEnvVar", data: { envVar }, fix: (fixer) => fixer.replaceText(node, replacement) }];
    }

    /**
     * `value` is the whole value of `node` when `node` can be replaced by an env var read;
     * undefined for a part of a larger string (JSX text, one part of a template).
     */
    function report(node: TSESTree.Node, loc: TSESTree.SourceLocation, match: KeyMatch, value?: string): void {
      const data = { masked: match.secret.masked, description: describeKind(match), advice: adviceFor(match) };
      if (match.kind === "roxels-secret") {
        // The embed's key reaches the browser however it is written: no env var can fix that.
        const attribute = embedAttributeOf(node);
        if (attribute !== undefined) {
          context.report({ node, loc, messageId: "secretKeyAsTemplateKey", data: { masked: match.secret.masked, attribute } });
          return;
        }
        const suggest = value === undefined ? null : suggestionFor(node, value, match);
        context.report({ node, loc, messageId: "secretKey", data, suggest });
      } else if (otherVendors) {
        context.report({ node, loc, messageId: "otherVendorKey", data });
      }
    }

    function checkString(node: StringNode, value: string, reportNode: TSESTree.Node, whole: boolean): void {
      for (const match of keysIn(value)) {
        report(reportNode, keyLocation(sourceCode, node, value, match), match, whole ? value : undefined);
      }
    }

    // Static evaluation resolves variables through scopes: worth it only in files where a
    // key prefix is written somewhere (`"sk_"`, `` `sk-${…}` ``).
    let mentionsPrefix: boolean | undefined;

    /** Keys that only exist once the parts are put together (`"sk_" + BODY`). */
    function checkComposite(node: TSESTree.BinaryExpression | TSESTree.TemplateLiteral): void {
      mentionsPrefix ??= KEY_PREFIXES.some((prefix) => sourceCode.text.includes(prefix));
      if (!mentionsPrefix) return;
      const whole = staticString(sourceCode, node);
      if (whole === undefined) return;
      const parts = stringParts(node);
      for (const match of keysIn(whole)) {
        const key = match.secret.reveal();
        // A key standing whole in one part is reported on that part.
        if (parts.some((part) => part.includes(key))) continue;
        report(node, node.loc, match, whole);
      }
    }

    return {
      Literal(node) {
        if (typeof node.value === "string") checkString(node, node.value, node, true);
      },
      TemplateLiteral(node) {
        if (node.expressions.length === 0) {
          const quasi = node.quasis[0];
          // A tagged template is an argument to a function: replacing it would change the call.
          const whole = node.parent.type !== AST_NODE_TYPES.TaggedTemplateExpression;
          if (quasi) checkString(quasi, quasi.value.cooked ?? "", node, whole);
          return;
        }
        for (const quasi of node.quasis) checkString(quasi, quasi.value.cooked ?? "", node, false);
        if (!isConcatenation(node.parent)) checkComposite(node);
      },
      BinaryExpression(node) {
        if (node.operator === "+" && !isConcatenation(node.parent)) checkComposite(node);
      },
      JSXText(node) {
        checkString(node, node.value, node, false);
      },
    };
  },
});
