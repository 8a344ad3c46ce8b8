/**
 * Time as the retry loop sees it: the current time, waits between attempts, and the
 * time-out of one attempt. Injected so that tests drive time themselves (a retry test
 * then neither waits real seconds nor depends on how fast a loaded machine answers).
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
  /** Resolves once `ms` have passed. */
  sleep(ms: number): Promise<void>;
  /** Calls `fire` once `ms` have passed, unless the returned cancel function is called first. */
  setTimer(ms: number, fire: () => void): () => void;
}

export const SYSTEM_CLOCK: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  setTimer: (ms: number, fire: () => void) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
});

/**
 * Test seam for the CLI's own tests, which run it as a child process:
 * `ROXELS_API_TEST_SKIP_WAITS=1` makes every wait between attempts return at once while
 * the clock moves on by the time it would have taken. Time-outs stay real: a hung server
 * is still noticed the way a user's CLI notices it.
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): Clock {
  if (env.ROXELS_API_TEST_SKIP_WAITS !== "1") return SYSTEM_CLOCK;
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: (ms: number) => {
      skipped += ms;
      return Promise.resolve();
    },
    setTimer: SYSTEM_CLOCK.setTimer,
  };
}
