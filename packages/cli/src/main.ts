/**
 * The one place that turns argv into a command and a command's outcome into an exit
 * code. Commands are imported lazily: the pre-commit hook pays only for `scan`.
 */
import { processIo, type Io } from "./io.js";

type CommandModule = { run(argv: string[], io: Io): Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  scan: () => import("./commands/scan.js"),
  baseline: () => import("./commands/baseline.js"),
  verify: () => import("./commands/verify.js"),
  revoke: () => import("./commands/revoke.js"),
  install: () => import("./commands/install.js"),
  doctor: () => import("./commands/doctor.js"),
  "pre-commit": () => import("./commands/pre-commit.js"),
  "check-build": () => import("./commands/check-build.js"),
};

export const USAGE = `Usage: roxels-guard <command> [options]

Commands:
  scan [paths…]     find keys in files, staged changes (--staged) or git history (--history)
  baseline          record the keys found now, to report only new ones later
  verify            check whether exposed Roxels keys are still live
  revoke            revoke exposed Roxels keys through the Roxels API (dry run without --yes)
  install           install the git pre-commit hook (husky or plain git hooks), and prove it
  doctor            will the next commit be scanned? proven with a canary key
  pre-commit [files…]  the pre-commit framework's hook: what a commit adds, or the files
  check-build [dir] find keys in a finished build's client output (Next.js, SvelteKit, Nuxt, dist/…)

Run "roxels-guard <command> --help" for a command's options.
Exit codes: 0 clean, 1 keys found (or live, or not revoked), 2 usage or runtime error.
`;

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    const { toolVersion } = await import("./version.js");
    io.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    const { redactKeys } = await import("@roxels-guard/core");
    const shown = redactKeys(command).slice(0, 40);
    io.stderr.write(`roxels-guard: unknown command "${shown}" (commands: ${Object.keys(COMMANDS).join(", ")})\n`);
    return 2;
  }
  const debug = rest.includes("--debug");
  try {
    return await (await load()).run(rest, io);
  } catch (error) {
    await reportError(io, error, debug);
    return 2;
  }
}

/**
 * Error messages echo what the user typed (a path, a flag's value): if that was a key,
 * it is masked here, the one place errors are printed, whatever the message's origin.
 */
async function reportError(io: Io, error: unknown, debug: boolean): Promise<void> {
  const { redactKeys, UsageError } = await import("@roxels-guard/core");
  const err = error instanceof Error ? error : new Error(String(error));
  // One class: every package throws core's, and the bundles hold one copy of it.
  const expected = err instanceof UsageError;
  const message = redactKeys(err.message.split("\n")[0] ?? "");
  io.stderr.write(`roxels-guard: ${expected ? "" : "internal error: "}${message}\n`);
  if (debug && err.stack) io.stderr.write(`${redactKeys(err.stack)}\n`);
  else if (!expected) io.stderr.write("roxels-guard: run again with --debug for details\n");
}
