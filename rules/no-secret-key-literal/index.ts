/**
 * roxels/no-secret-key-literal: a secret key written in a file ESLint lints. The file's
 * text is searched with core's grammar and ignore comments, exactly as the scanner and the
 * pre-commit hook search it, so every key they report is reported here at the same line:
 * strings, templates, regular expressions, JSX, comments, and the markup of `.vue`,
 * `.svelte` and `.astro` files. On top of that, keys that only exist once constant parts
 * are put together (`"sk_" + BODY`), and keys written with escapes (`"sk\u005f…"`).
 * One report per key, where it is written; in a file that ships to the browser the report
 * says so too.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { findKeys, ignoreCommentFor, KEY_PREFIXES, KIND_ADVICE, KIND_DESCRIPTIONS, type KeyMatch } from "@roxels-guard/core";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { clientSideOf } from "../utils/client-file.js";
import { createRule, JS_LANGUAGES } from "../utils/create-rule.js";
import { keysIn, SHORTEST_ROXELS_KEY } from "../utils/keys.js";
import { embedAttributeOf, isExpressionPosition, isRenderedIntoMarkup, markupEmbedAttributeAt } from "./literal-position.js";
import { staticString } from "../utils/static-value.js";

export type Options = [{ otherVendors?: boolean; envVar?: string }];
export type MessageIds =
  | "secretKey"
  | "secretKeyInClient"
  | "secretKeyAsTemplateKey"
  | "otherVendorKey"
  | "useEnvVar"
  | "removeFallback";

/** The direct parts a `+` or template expression is built from. */
function directParts(node: TSESTree.BinaryExpression | TSESTree.TemplateLiteral): TSESTree.Node[] {
  if (node.type === AST_NODE_TYPES.BinaryExpression) return [node.left, node.right];
  return node.expressions;
}

function isConcatenation(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.BinaryExpression && node.operator === "+";
}

/** A string literal, a template part, or JSX text: where a key can stand as written. */
type StringNode = TSESTree.Literal | TSESTree.TemplateElement | TSESTree.JSXText;

function asStringNode(node: TSESTree.Node | null): StringNode | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateElement || node.type === AST_NODE_TYPES.JSXText) {
    return node;
  }
  return undefined;
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
      secretKey: "Roxels secret key {{masked}} is written in the source: revoke it and read it from a server-side env var.",
      secretKeyInClient: "Roxels secret key {{masked}} is written in code that ships to the browser ({{reason}}): revoke it.",
      secretKeyAsTemplateKey: "Roxels secret key {{masked}} is the embed's {{attribute}}, which reaches the browser: use an rk_ embed key.",
      otherVendorKey: "{{description}} {{masked}} is written in the source: {{advice}}.",
      useEnvVar: "Read the key from process.env.{{envVar}} instead.",
      removeFallback: "Keep only the env var read; drop the hard-coded fallback.",
    },
    schema: [
      {
        type: "object",
        properties: {
          otherVendors: {
            type: "boolean",
            description: "Also report other vendors' secret keys (Stripe, OpenAI, Anthropic, ...).",
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
    const text = sourceCode.text;
    const otherVendors = options.otherVendors !== false;
    const envVar = options.envVar ?? "ROXELS_API_KEY";
    const typescript = /\.[cm]?tsx?$/i.test(context.filename);
    // Fingerprints of the keys already reported: a key is reported once, where it is written.
    const seen = new Set<string>();

    /** True when a `roxels-guard-ignore` comment covers the line holding `index`. */
    function ignoredAt(index: number): boolean {
      const lineStart = index === 0 ? 0 : text.lastIndexOf("\n", index - 1) + 1;
      return ignoreCommentFor(text, lineStart, false) !== null;
    }

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
     * `node`: the expression the key is the whole value of (`value`), when one is; the
     * report then offers to replace it. `at`: the node the key stands in, for where it
     * ends up (the embed's attribute, a client file).
     */
    function report(
      loc: TSESTree.SourceLocation,
      match: KeyMatch,
      at: TSESTree.Node,
      node?: TSESTree.Node,
      value?: string,
      markupAttribute?: string,
    ): void {
      const masked = match.secret.masked;
      if (match.kind !== "roxels-secret") {
        if (!otherVendors) return;
        const data = { masked, description: KIND_DESCRIPTIONS[match.kind], advice: KIND_ADVICE[match.kind] };
        context.report({ loc, messageId: "otherVendorKey", data });
        return;
      }
      // The embed's key reaches the browser however it is written: no env var can fix that.
      const attribute = markupAttribute ?? embedAttributeOf(at);
      if (attribute !== undefined) {
        context.report({ loc, messageId: "secretKeyAsTemplateKey", data: { masked, attribute } });
        return;
      }
      const reason = clientSideOf(context, at, match.index);
      if (reason !== undefined) {
        context.report({ loc, messageId: "secretKeyInClient", data: { masked, reason } });
        return;
      }
      const suggest = node && value !== undefined ? suggestionFor(node, value, match) : null;
      context.report({ loc, messageId: "secretKey", data: { masked }, suggest });
    }

    /** A key the text search found at `match.index`: what it stands in decides the message. */
    function reportWritten(match: KeyMatch): void {
      const loc = {
        start: sourceCode.getLocFromIndex(match.index),
        end: sourceCode.getLocFromIndex(match.index + match.length),
      };
      const node = asStringNode(sourceCode.getNodeByRangeIndex(match.index));
      // A comment, or markup a framework parser keeps outside the script's tree.
      if (!node || !inside(node, match.index)) {
        report(loc, match, sourceCode.ast, undefined, undefined, markupEmbedAttributeAt(context.filename, text, match.index));
        return;
      }
      if (node.type === AST_NODE_TYPES.TemplateElement) {
        const template = node.parent;
        // A template literal type is a type: nothing to replace it with.
        if (template.type !== AST_NODE_TYPES.TemplateLiteral) {
          report(loc, match, template);
          return;
        }
        // Replacing a tagged template would change the call it is an argument of.
        const whole = template.expressions.length === 0 && template.parent.type !== AST_NODE_TYPES.TaggedTemplateExpression;
        report(loc, match, template, whole ? template : undefined, whole ? (node.value.cooked ?? undefined) : undefined);
      } else if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") {
        report(loc, match, node, node, node.value);
      } else {
        report(loc, match, node);
      }
    }

    function inside(node: TSESTree.Node, index: number): boolean {
      return node.range[0] <= index && index < node.range[1];
    }

    /** Keys written with escapes: the text search cannot see them, the string's value holds them. */
    function checkEscaped(node: TSESTree.Literal | TSESTree.TemplateElement, value: string, raw: string): void {
      if (value.length < SHORTEST_ROXELS_KEY || !raw.includes("\\")) return;
      for (const match of keysIn(value)) {
        const fingerprint = match.secret.fingerprint;
        if (seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        if (ignoredAt(node.range[0])) continue;
        if (node.type === AST_NODE_TYPES.Literal) report(node.loc, match, node, node, value);
        else report(node.loc, match, node);
      }
    }

    // Static evaluation resolves variables through scopes: worth it only in files where a
    // key prefix is written somewhere (`"sk_"`, `` `sk-${…}` ``).
    let mentionsPrefix: boolean | undefined;

    /**
     * Keys that only exist once the parts are put together (`"sk_" + BODY`). A key some
     * part already holds whole (a constant, an inner concatenation) is reported there.
     */
    function checkComposite(node: TSESTree.BinaryExpression | TSESTree.TemplateLiteral): void {
      mentionsPrefix ??= KEY_PREFIXES.some((prefix) => text.includes(prefix));
      if (!mentionsPrefix) return;
      const whole = staticString(sourceCode, node);
      if (whole === undefined) return;
      for (const match of keysIn(whole)) {
        const fingerprint = match.secret.fingerprint;
        if (seen.has(fingerprint)) continue;
        const key = match.secret.reveal();
        if (directParts(node).some((part) => staticString(sourceCode, part)?.includes(key))) continue;
        seen.add(fingerprint);
        if (!ignoredAt(node.range[0])) report(node.loc, match, node, node, whole);
      }
    }

    return {
      Program() {
        for (const match of findKeys(text)) {
          seen.add(match.secret.fingerprint);
          if (!ignoredAt(match.index)) reportWritten(match);
        }
      },
      Literal(node) {
        if (typeof node.value === "string") checkEscaped(node, node.value, node.raw);
      },
      TemplateElement(node) {
        if (node.value.cooked !== null) checkEscaped(node, node.value.cooked, node.value.raw);
      },
      TemplateLiteral(node) {
        if (node.expressions.length > 0 && !isConcatenation(node.parent)) checkComposite(node);
      },
      BinaryExpression(node) {
        if (node.operator === "+" && !isConcatenation(node.parent)) checkComposite(node);
      },
    };
  },
});
