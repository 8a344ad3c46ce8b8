import { ESLintUtils } from "@typescript-eslint/utils";

/** Where the rule docs live; `meta.docs.url` of every rule points into this folder. */
export const DOCS_BASE_URL = "https://github.com/roxels/roxels-guard/blob/main/docs/rules/";

export interface RoxelsRuleDocs {
  description: string;
  /** Part of `roxels.configs.recommended`. */
  recommended?: boolean;
  /** Needs type information to do all it can (see `recommended-type-checked`). */
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<RoxelsRuleDocs>((name) => `${DOCS_BASE_URL}${name}.md`);

/**
 * The languages every rule supports: JavaScript and TypeScript source. ESLint refuses to
 * run a rule on JSON, Markdown or CSS when its `meta.languages` does not list them.
 */
export const JS_LANGUAGES = ["js/js"];
