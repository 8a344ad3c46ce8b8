/**
 * SIGINT (Ctrl-C) or SIGTERM during verify or revoke: the command writes what it knows
 * (the audit log, the summary so far) and exits 130 or 143, as a shell reports a process
 * ended by that signal. Requests still in flight are abandoned, and logged as such.
 */
export type StopSignal = "SIGINT" | "SIGTERM";

export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Calls `handler` on the first SIGINT or SIGTERM; the returned function removes it. */
export function onInterrupt(handler: (signal: StopSignal) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => {
    remove();
    handler(signal === "SIGTERM" ? "SIGTERM" : "SIGINT");
  };
  const remove = (): void => {
    process.off("SIGINT", listener);
    process.off("SIGTERM", listener);
  };
  process.on("SIGINT", listener);
  process.on("SIGTERM", listener);
  return remove;
}
