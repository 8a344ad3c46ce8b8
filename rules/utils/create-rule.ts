import type { TSESLint } from "@typescript-eslint/utils";

/** Where the rule docs live; `meta.docs.url` of every rule points into this folder. */
export const DOCS_BASE_URL = "https://github.com/roxels/roxels-guard/blob/main/docs/rules/";

export interface RoxelsRuleDocs {
  description: string;
  /** Part of `roxels.configs.recommended`. */
  recommended?: boolean;
  /** Needs type information to do all it can (see `recommended-type-checked`). */
  requiresTypeChecking?: boolean;
}

export type RoxelsRule<MessageIds extends string, Options extends readonly unknown[]> = TSESLint.RuleModule<
  MessageIds,
  Options,
  RoxelsRuleDocs
> & { name: string };

interface RuleDefinition<MessageIds extends string, Options extends readonly unknown[]> {
  name: string;
  meta: Omit<TSESLint.RuleMetaData<MessageIds, RoxelsRuleDocs, Options>, "docs"> & {
    docs: RoxelsRuleDocs;
    defaultOptions: Options;
  };
  create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options) => TSESLint.RuleListener;
}

/**
 * Like typescript-eslint's `RuleCreator`, without its per-file deep merge of the options:
 * ESLint (9.15 and later) already merges `meta.defaultOptions` into `context.options`, and
 * cloning them again for every rule and every file was the largest single cost of the
 * plugin in the benchmark. The rules still read every option with a fallback.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: RuleDefinition<MessageIds, Options>,
): RoxelsRule<MessageIds, Options> {
  const { name, meta, create } = definition;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE_URL}${name}.md` } },
    defaultOptions: meta.defaultOptions,
    create(context) {
      const options = (context.options.length > 0 ? context.options : meta.defaultOptions) as Options;
      return create(context, options);
    },
  };
}

/**
 * The languages every rule supports: JavaScript and TypeScript source. ESLint refuses to
 * run a rule on JSON, Markdown or CSS when its `meta.languages` does not list them.
 */
export const JS_LANGUAGES = ["js/js"];
