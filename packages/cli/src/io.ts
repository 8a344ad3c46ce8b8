/** Everything a command touches outside itself, passed in so tests can run commands in-process too. */
export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIo(): Io {
  quietOnClosedPipe(process.stdout, "stdout");
  quietOnClosedPipe(process.stderr, "stderr");
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // process.stdin is made on first use, and making it loads Node's stream modules (or
    // tty and net): a few ms of every run's start-up, for the two commands that read it
    // (--stdin keys, revoke's prompt). So both are asked for only when used.
    get stdin() {
      return process.stdin;
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Whether to colour a stream when no `--color` / `--no-color` flag says (flags win):
 * never with NO_COLOR (set and not empty, as no-color.org has it); FORCE_COLOR `0` or
 * `false` turns colours off and any other value (`1`, `true`, empty) on, as Node and
 * supports-color read it; otherwise only on a terminal that is not TERM=dumb.
 */
export function useColor(io: Pick<Io, "env">, isTTY: boolean): boolean {
  const { NO_COLOR: noColor, FORCE_COLOR: force } = io.env;
  if (noColor !== undefined && noColor !== "") return false;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return isTTY && io.env.TERM !== "dumb";
}

const guarded = new WeakSet<NodeJS.WritableStream>();
let writeFailed = false;

/**
 * A reader that stops early (`roxels-guard scan | head -1`) closes the pipe, and the next
 * write fails with EPIPE, which Node raises as an 'error' event: unhandled, a crash with a
 * stack trace. As git and ripgrep do, the run stops writing (the stream is destroyed, so
 * later writes are dropped), says nothing, and exits with the code it would have had.
 * Any other write error (a full disk under `> report.txt`) is said once on stderr and
 * makes the exit code 2: a report cut short must not pass for a whole one.
 */
export function quietOnClosedPipe(stream: NodeJS.WritableStream, name: "stdout" | "stderr"): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") return;
    if (name === "stdout") process.stderr.write(`roxels-guard: cannot write the output: ${error.code ?? error.message}\n`);
    if (writeFailed) return;
    writeFailed = true;
    // The command's own code is set when it returns, which may come after this.
    process.once("exit", () => {
      process.exitCode = 2;
    });
  });
}
