/**
 * Timing a child process: wall time from here, peak RSS from GNU time (`/usr/bin/time`)
 * when it is installed, else null (reported as n/a). Any bench script may import it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
let timeWorks;

/** True when /usr/bin/time is GNU time (supports -f and -o). */
export function hasGnuTime() {
  if (timeWorks !== undefined) return timeWorks;
  timeWorks = false;
  if (!existsSync(GNU_TIME)) return timeWorks;
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-time-"));
  try {
    const out = path.join(dir, "rss");
    const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", out, "true"], { stdio: "ignore" });
    timeWorks = r.status === 0 && /^\d+\s*$/.test(readFileSync(out, "utf8"));
  } catch {
    timeWorks = false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return timeWorks;
}

/**
 * Run `command args` to completion. Returns { seconds, rssKB (or null), status, stdout, stderr }.
 * The wall time includes process start-up, as a user (or a hook) pays it. With
 * `options.timeout` (ms) the command runs without GNU time (which would not pass the kill
 * on), so rssKB is null; a run that times out comes back with status null.
 */
export function timed(command, args, options = {}) {
  const useTime = hasGnuTime() && options.timeout === undefined;
  const dir = useTime ? mkdtempSync(path.join(os.tmpdir(), "bench-time-")) : null;
  const rssFile = dir ? path.join(dir, "rss") : null;
  const [cmd, argv] = useTime ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, { maxBuffer: 1 << 30, encoding: "utf8", ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let rssKB = null;
  if (rssFile) {
    try {
      // GNU time prefixes "Command exited with non-zero status N" lines: take the last number.
      const numbers = readFileSync(rssFile, "utf8").match(/\d+/g);
      rssKB = numbers ? Number(numbers[numbers.length - 1]) : null;
    } catch {
      rssKB = null;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (result.error && result.error.code !== "ETIMEDOUT") throw result.error;
  return { seconds, rssKB, status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One warm-up run, then `runs` timed runs: median seconds, max peak RSS, and the last
 * run's result (for checking the output). `check(result)` may throw to fail the bench.
 */
export function measure(command, args, { runs = 3, warmup = 1, check, ...options } = {}) {
  for (let i = 0; i < warmup; i++) {
    const r = timed(command, args, options);
    check?.(r);
  }
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = timed(command, args, options);
    check?.(r);
    results.push(r);
  }
  const rss = results.map((r) => r.rssKB).filter((v) => v !== null);
  return {
    seconds: median(results.map((r) => r.seconds)),
    all: results.map((r) => r.seconds),
    rssKB: rss.length ? Math.max(...rss) : null,
    last: results[results.length - 1],
  };
}
