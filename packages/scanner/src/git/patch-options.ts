/**
 * The patch format both the staged scan and the history scan parse. Everything about it
 * is pinned, so that neither the user's config nor the environment changes what is judged:
 * no colour, no external diff or textconv, paths from the top of the work tree, one line of
 * context (an ignore-next-line comment above an added line), full blob ids, renames found.
 */
export const PINNED_PATCH_OPTIONS: readonly string[] = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "--submodule=short",
  "--unified=1",
  "--full-index",
  "--find-renames",
  "--diff-filter=ACMRT",
  "--src-prefix=a/",
  "--dst-prefix=b/",
];
