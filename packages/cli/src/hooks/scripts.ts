/**
 * The git hook text: the ONE source. `roxels-guard install` writes it (whole files into a
 * hooks folder, marked blocks into husky's scripts), and the repository's `hooks/`
 * files are generated from it (a test keeps them equal).
 *
 * POSIX sh only (husky runs scripts with `sh -e`, so no command may fail unguarded).
 * Every way the scan can fail to run blocks the commit: fail closed, with one line
 * saying how to bypass on purpose.
 */

export type HookName = "pre-commit" | "pre-push" | "commit-msg";

export const BLOCK_START = (hook: HookName): string => `# >>> roxels-guard ${hook} >>>`;
export const BLOCK_END = (hook: HookName): string => `# <<< roxels-guard ${hook} <<<`;

/** Marks a whole hook file written by roxels-guard (safe to rewrite). */
export const FILE_MARKER = "# roxels-guard hook file";

/** Where an existing hook is kept when roxels-guard's takes its place; it still runs first. */
export const CHAINED_SUFFIX = ".pre-roxels-guard";

/**
 * Finding the CLI: ROXELS_GUARD_CLI, else the repo's node_modules/.bin, else PATH. Git
 * runs hooks from the top of the work tree, so ./node_modules is tried before asking git.
 */
const FIND_CLI = `guard_cli=\${ROXELS_GUARD_CLI:-}
if [ -z "$guard_cli" ] && [ -x ./node_modules/.bin/roxels-guard ] && [ -e ./.git ]; then
  guard_cli=./node_modules/.bin/roxels-guard
fi
if [ -z "$guard_cli" ]; then
  guard_top=$(git rev-parse --show-toplevel 2>/dev/null) || guard_top=.
  if [ -x "$guard_top/node_modules/.bin/roxels-guard" ]; then
    guard_cli=$guard_top/node_modules/.bin/roxels-guard
  elif command -v roxels-guard >/dev/null 2>&1; then
    guard_cli=roxels-guard
  fi
fi`;

const NEXT_STEPS = `  - remove the key from the file (read it from an environment variable instead), then stage again;
  - if it is a real key, treat it as exposed: rotate it where its hint above says (a Roxels
    key: create a new one in the Roxels dashboard, then roxels-guard revoke the old one);
  - if it is not a real key, add a "roxels-guard-ignore" comment on its line.`;

/** What the blocked message says was found, per hook. */
const BLOCKED_BY: Readonly<Record<HookName, string>> = {
  "pre-commit": "the staged changes add the key(s) listed above.",
  "pre-push": "the commits being pushed add the key(s) listed above.",
  "commit-msg": "the commit message holds the key(s) listed above.",
};

const MESSAGE_NEXT_STEPS = `  - take the key out of the message: git keeps what you wrote in .git/COMMIT_EDITMSG;
  - if it is a real key, treat it as exposed: rotate it where its hint above says (a Roxels
    key: create a new one in the Roxels dashboard, then roxels-guard revoke the old one).`;

function block(hook: HookName, action: "commit" | "push", body: string): string {
  const bypass = `git ${action} --no-verify`;
  return `${BLOCK_START(hook)}
# Blocks a ${action} that adds a Roxels secret key. To ${action} anyway, on purpose: ${bypass}
${FIND_CLI}
if [ -z "$guard_cli" ]; then
  echo "roxels-guard: ${action} blocked: the roxels-guard CLI was not found (run npm install); to ${action} anyway: ${bypass}" >&2
  exit 1
fi
${body}
if [ "$guard_status" -eq 1 ]; then
  cat >&2 <<'RG_EOF'

roxels-guard: ${action} blocked: ${BLOCKED_BY[hook]}
${hook === "commit-msg" ? MESSAGE_NEXT_STEPS : NEXT_STEPS}
To ${action} anyway, on purpose: ${bypass}
RG_EOF
  exit 1
elif [ "$guard_status" -eq 126 ] || [ "$guard_status" -eq 127 ]; then
  echo "roxels-guard: ${action} blocked: the scan could not start (exit $guard_status: is Node.js installed? run npm install); to ${action} anyway: ${bypass}" >&2
  exit 1
elif [ "$guard_status" -ne 0 ]; then
  echo "roxels-guard: ${action} blocked: the scan could not run (exit $guard_status, see above); to ${action} anyway: ${bypass}" >&2
  exit 1
fi
${BLOCK_END(hook)}`;
}

const PRE_COMMIT_SCAN = `guard_status=0
"$guard_cli" scan --staged || guard_status=$?`;

/**
 * Git feeds pre-push "<local ref> <local id> <remote ref> <remote id>" lines. What is
 * new is everything reachable from the local ids that the remote does not have: not
 * reachable from the remote ids (when known here) nor from its remote-tracking branches.
 */
const PRE_PUSH_SCAN = `guard_remote=\${1:-origin}
guard_revs=
guard_objects=
while read -r guard_lref guard_lsha guard_rref guard_rsha; do
  case $guard_lsha in *[!0]*) ;; *) continue ;; esac
  guard_revs="$guard_revs $guard_lsha"
  # A tag on a blob or tree brings no commit, but its object is pushed all the same.
  git cat-file -e "$guard_lsha^{commit}" 2>/dev/null || guard_objects=1
  case $guard_rsha in
    *[!0]*) if git cat-file -e "$guard_rsha^{commit}" 2>/dev/null; then guard_revs="$guard_revs ^$guard_rsha"; fi ;;
  esac
done <<RG_REFS
$guard_input
RG_REFS
guard_status=0
# Commits the remote already has leave nothing to scan (the CLI would refuse an empty range).
if [ -n "$guard_revs" ] && { [ -n "$guard_objects" ] || [ "$(git rev-list --count $guard_revs --not --remotes="$guard_remote" 2>/dev/null)" != 0 ]; }; then
  "$guard_cli" scan --history "$guard_revs --not --remotes=$guard_remote" || guard_status=$?
fi`;

/** Git passes the commit-msg hook the file holding the message. */
const COMMIT_MSG_SCAN = `guard_status=0
"$guard_cli" scan --commit-msg "$1" || guard_status=$?`;

export function hookBlock(hook: HookName): string {
  if (hook === "pre-commit") return block(hook, "commit", PRE_COMMIT_SCAN);
  if (hook === "commit-msg") return block(hook, "commit", COMMIT_MSG_SCAN);
  return block(hook, "push", `guard_input=$(cat)\n${PRE_PUSH_SCAN}`);
}

/** A whole hook file: the previous hook (kept beside it) runs first, then the scan. */
export function hookFile(hook: HookName): string {
  const readInput = hook === "pre-push" ? `guard_input=$(cat)\n` : "";
  const feedInput = hook === "pre-push" ? `printf '%s\\n' "$guard_input" | ` : "";
  const scanBlock = hookBlock(hook).replace("guard_input=$(cat)\n", "");
  return `#!/bin/sh
${FILE_MARKER} (${hook}): written by "roxels-guard install" from packages/cli/src/hooks/scripts.ts.
# Edit nothing here: run "roxels-guard install" again to update it.
${readInput}# A hook that was here before roxels-guard was installed keeps running, first.
guard_previous="$0${CHAINED_SUFFIX}"
if [ -x "$guard_previous" ]; then
  ${feedInput}"$guard_previous" "$@" || exit $?
fi
${scanBlock}
exit 0
`;
}
