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
const FIND_CLI = `rg_cli=\${ROXELS_GUARD_CLI:-}
if [ -z "$rg_cli" ] && [ -x ./node_modules/.bin/roxels-guard ] && [ -e ./.git ]; then
  rg_cli=./node_modules/.bin/roxels-guard
fi
if [ -z "$rg_cli" ]; then
  rg_top=$(git rev-parse --show-toplevel 2>/dev/null) || rg_top=.
  if [ -x "$rg_top/node_modules/.bin/roxels-guard" ]; then
    rg_cli=$rg_top/node_modules/.bin/roxels-guard
  elif command -v roxels-guard >/dev/null 2>&1; then
    rg_cli=roxels-guard
  fi
fi`;

const NEXT_STEPS = `  - remove the key from the file (read it from an environment variable instead), then stage again;
  - if it is a real key, treat it as exposed: create a new key in the Roxels dashboard and
    revoke the old one (roxels-guard revoke, or in the dashboard);
  - if it is not a real key, add a "roxels-guard-ignore" comment on its line.`;

/** What the blocked message says was found, per hook. */
const BLOCKED_BY: Readonly<Record<HookName, string>> = {
  "pre-commit": "the staged changes add the key(s) listed above.",
  "pre-push": "the commits being pushed add the key(s) listed above.",
  "commit-msg": "the commit message holds the key(s) listed above.",
};

const MESSAGE_NEXT_STEPS = `  - take the key out of the message: git keeps what you wrote in .git/COMMIT_EDITMSG;
  - if it is a real key, treat it as exposed: create a new key in the Roxels dashboard and
    revoke the old one (roxels-guard revoke, or in the dashboard).`;

function block(hook: HookName, action: "commit" | "push", body: string): string {
  const bypass = `git ${action} --no-verify`;
  return `${BLOCK_START(hook)}
# Blocks a ${action} that adds a Roxels secret key. To ${action} anyway, on purpose: ${bypass}
${FIND_CLI}
if [ -z "$rg_cli" ]; then
  echo "roxels-guard: ${action} blocked: the roxels-guard CLI was not found (run npm install); to ${action} anyway: ${bypass}" >&2
  exit 1
fi
${body}
if [ "$rg_status" -eq 1 ]; then
  cat >&2 <<'RG_EOF'

roxels-guard: ${action} blocked: ${BLOCKED_BY[hook]}
${hook === "commit-msg" ? MESSAGE_NEXT_STEPS : NEXT_STEPS}
To ${action} anyway, on purpose: ${bypass}
RG_EOF
  exit 1
elif [ "$rg_status" -eq 126 ] || [ "$rg_status" -eq 127 ]; then
  echo "roxels-guard: ${action} blocked: the scan could not start (exit $rg_status: is Node.js installed? run npm install); to ${action} anyway: ${bypass}" >&2
  exit 1
elif [ "$rg_status" -ne 0 ]; then
  echo "roxels-guard: ${action} blocked: the scan could not run (exit $rg_status, see above); to ${action} anyway: ${bypass}" >&2
  exit 1
fi
${BLOCK_END(hook)}`;
}

const PRE_COMMIT_SCAN = `rg_status=0
"$rg_cli" scan --staged || rg_status=$?`;

/**
 * Git feeds pre-push "<local ref> <local id> <remote ref> <remote id>" lines. What is
 * new is everything reachable from the local ids that the remote does not have: not
 * reachable from the remote ids (when known here) nor from its remote-tracking branches.
 */
const PRE_PUSH_SCAN = `rg_remote=\${1:-origin}
rg_revs=
while read -r rg_lref rg_lsha rg_rref rg_rsha; do
  case $rg_lsha in *[!0]*) ;; *) continue ;; esac
  rg_revs="$rg_revs $rg_lsha"
  case $rg_rsha in
    *[!0]*) if git cat-file -e "$rg_rsha^{commit}" 2>/dev/null; then rg_revs="$rg_revs ^$rg_rsha"; fi ;;
  esac
done <<RG_REFS
$rg_input
RG_REFS
rg_status=0
# Commits the remote already has leave nothing to scan (the CLI would refuse an empty range).
if [ -n "$rg_revs" ] && [ "$(git rev-list --count $rg_revs --not --remotes="$rg_remote" 2>/dev/null)" != 0 ]; then
  "$rg_cli" scan --history "$rg_revs --not --remotes=$rg_remote" || rg_status=$?
fi`;

/** Git passes the commit-msg hook the file holding the message. */
const COMMIT_MSG_SCAN = `rg_status=0
"$rg_cli" scan --commit-msg "$1" || rg_status=$?`;

export function hookBlock(hook: HookName): string {
  if (hook === "pre-commit") return block(hook, "commit", PRE_COMMIT_SCAN);
  if (hook === "commit-msg") return block(hook, "commit", COMMIT_MSG_SCAN);
  return block(hook, "push", `rg_input=$(cat)\n${PRE_PUSH_SCAN}`);
}

/** A whole hook file: the previous hook (kept beside it) runs first, then the scan. */
export function hookFile(hook: HookName): string {
  const readInput = hook === "pre-push" ? `rg_input=$(cat)\n` : "";
  const feedInput = hook === "pre-push" ? `printf '%s\\n' "$rg_input" | ` : "";
  const scanBlock = hookBlock(hook).replace("rg_input=$(cat)\n", "");
  return `#!/bin/sh
${FILE_MARKER} (${hook}): written by "roxels-guard install" from packages/cli/src/hooks/scripts.ts.
# Edit nothing here: run "roxels-guard install" again to update it.
${readInput}# A hook that was here before roxels-guard was installed keeps running, first.
rg_previous="$0${CHAINED_SUFFIX}"
if [ -x "$rg_previous" ]; then
  ${feedInput}"$rg_previous" "$@" || exit $?
fi
${scanBlock}
exit 0
`;
}
