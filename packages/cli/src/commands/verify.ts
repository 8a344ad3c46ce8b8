/**
 * `roxels-guard verify`: is each exposed Roxels secret key still accepted by the API?
 * Each key is sent only as the bearer of a read-only GET to the Roxels API.
 */
import type { CheckResult } from "@roxels-guard/api";
import { COMMON_OPTIONS, oneOf, parse } from "../args.js";
import type { Io } from "../io.js";
import { API_OPTIONS, beforeSending, buildClient, concurrencyOf } from "../keys/api-client.js";
import { AUDIT_OPTIONS, AuditLog, defaultAuditLogPath, earlierRunsLine } from "../keys/audit-log.js";
import { onInterrupt, SIGNAL_EXIT_CODE } from "../keys/interruption.js";
import { collectExposedKeys, KEY_SOURCE_OPTIONS } from "../keys/collect.js";
import type { ExposedKey } from "../keys/exposed-key.js";
import { refuseKeyArguments } from "../keys/refuse-key-args.js";
import { Reachability, sendKeys } from "../keys/send-keys.js";
import { jsonCommon, jsonKey, plural, renderOthers, renderSkipped, shortLocations, suppressedNote, table } from "../keys/render.js";

export const VERIFY_HELP = `Usage: roxels-guard verify [paths…] [options]
       roxels-guard verify --staged | --history [<rev-range>]
       roxels-guard verify --report FILE
       roxels-guard verify --stdin < keys.txt

Check whether exposed Roxels secret keys are still live. Keys come from a scan run
here (same selection as scan), from a JSON report of an earlier scan (each key is read
again from its file or commit and checked against the report's fingerprint), or from
standard input, one a line. Never from the command line.

Only Roxels secret keys are sent to the Roxels API, each as the bearer of a read-only
request (GET /v1/templates); other vendors' keys are listed with where to revoke them.
Keys a baseline, an ignore comment or the config suppresses are checked too, and
labelled: a suppression silences a report, it does not make a key safe.

Keys:
  [paths…] | --staged | --history [range] | --since <ref> | --all
                       as for scan (default: .)
  --report <file>      a report written by: roxels-guard scan --format json -o FILE
  --stdin              keys on standard input, one a line (alone, or NAME=key)

API (https://github.com/roxels/roxels-guard/blob/main/docs/api-contract.md):
  --api-base <url>     default $ROXELS_API_BASE or https://api.roxels.ai; http:// only to loopback
  --concurrency <n>    keys checked at once (default 4)
  --audit-log <file>   where to append the JSONL record of each check (default
                       $XDG_STATE_HOME/roxels-guard/audit.jsonl, else
                       ~/.local/state/roxels-guard/audit.jsonl)
  ROXELS_API_TIMEOUT_MS, ROXELS_API_MAX_TRIES, ROXELS_API_TOTAL_TIME_MS, ROXELS_API_BACKOFF_MS
                       time-out per request, tries, budget per key, first back-off

Output:
  --format <fmt>       text (default) or json
  --debug              print each API attempt (status, retries) on stderr

Exit codes: 0 every key checked and none live, 1 a live key, 2 error (including keys
whose state could not be determined or that were skipped, when none is live; the API
not reached at all).
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...KEY_SOURCE_OPTIONS,
  ...API_OPTIONS,
  ...AUDIT_OPTIONS,
  format: { type: "string", short: "f" },
} as const;

interface Checked {
  readonly key: ExposedKey;
  readonly result: CheckResult;
}

// A 401 is all the API says, and it says it for revoked keys, never-issued keys and other
// vendors' keys alike: never shown as proof that a key was revoked.
const STATE_LABEL = { live: "LIVE", revoked: "not accepted", unknown: "unknown" } as const;

export async function run(argv: string[], io: Io): Promise<number> {
  refuseKeyArguments(argv, "verify");
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  const concurrency = concurrencyOf(values);
  // Settings are checked before the scan: a bad base URL should not wait for a long history walk.
  const client = buildClient(values, io, false);
  const keys = await collectExposedKeys(values, positionals, io);
  for (const warning of keys.warnings) io.stderr.write(`roxels-guard: warning: ${warning}\n`);

  if (keys.roxels.length > 0) await beforeSending(client, io, "keys");
  const audit = AuditLog.open(values["audit-log"] ?? defaultAuditLogPath(io.env), "verify");
  io.stderr.write(earlierRunsLine(audit.path, "verify", keys.roxels));
  audit.start({ apiBase: client.baseUrl.href, keys: keys.roxels });
  const done = new Map<ExposedKey, Checked>();
  const inFlight = new Set<ExposedKey>();
  // A key's answer: kept for the report and appended to the audit log, once.
  const recordCheck = (checked: Checked): Checked => {
    inFlight.delete(checked.key);
    done.set(checked.key, checked);
    const { result } = checked;
    audit.step({ step: "check", key: checked.key, outcome: result.state, status: result.status, requestId: result.requestId, reason: result.reason, tries: result.tries });
    return checked;
  };
  const stopListening = onInterrupt((signal) => {
    // Checks in flight are abandoned: a check changes nothing, so nothing is lost but its answer.
    const before = done.size;
    const partial = keys.roxels.map(
      (key) => done.get(key) ?? recordCheck({ key, result: { state: "unknown", reason: `${inFlight.has(key) ? "interrupted while being checked" : "not checked"}: ${signal}`, tries: 0 } }),
    );
    const code = SIGNAL_EXIT_CODE[signal];
    writeReport(partial, signal);
    io.stderr.write(`roxels-guard: interrupted by ${signal}: ${before} of ${partial.length} keys checked before it; every key is in the audit log ${audit.path}\n`);
    audit.end({ exitCode: code, interrupted: signal, summary: countStates(partial) });
    process.exit(code);
  });
  const reach = new Reachability();
  const checked: Checked[] = await sendKeys(
    keys.roxels,
    concurrency,
    async (key) => {
      inFlight.add(key);
      const result = await client.checkKey(key.secret);
      reach.note(result.status, result.reason);
      return recordCheck({ key, result });
    },
    () => reach.stopReason,
    (key, reason) => recordCheck({ key, result: { state: "unknown", reason, tries: 0 } }),
  );
  stopListening();
  writeReport(checked);
  const code = verdict();
  audit.end({ exitCode: code, summary: countStates(checked) });
  return code;

  function writeReport(checked: readonly Checked[], interrupted?: string): void {
    const count = countStates(checked);
    const suppressed = checked.filter(({ key }) => key.suppressed !== undefined);
    const liveSuppressed = suppressed.filter(({ result }) => result.state === "live").length;
    if (format === "json") {
      const report = {
        version: 1,
        command: "verify",
        ...(interrupted ? { interrupted } : {}),
        apiBase: client.baseUrl.href,
        keys: checked.map(({ key, result }) => ({ ...jsonKey(key), state: result.state, ...(result.status !== undefined ? { status: result.status } : {}), reason: result.reason, tries: result.tries })),
        ...jsonCommon(keys),
        summary: { checked: checked.length, ...count, suppressed: suppressed.length, otherKeys: keys.others.length, skipped: keys.skipped.length },
      };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.stdout.write(renderText(checked, client.baseUrl.href) + renderOthers(keys.others) + renderSkipped(keys.skipped));
      io.stdout.write(`\n${summaryLine(count, suppressed.length, keys.others.length, keys.skipped.length)}\n`);
    }
    if (liveSuppressed > 0) {
      const them = liveSuppressed === 1 ? "it" : "them";
      io.stderr.write(
        `roxels-guard: warning: ${plural(liveSuppressed, "live key")} ${liveSuppressed === 1 ? "is" : "are"} suppressed (baseline, ignore comment or config): a suppression silences a report, it does not make an exposed key safe; revoke ${them} with roxels-guard revoke --include-suppressed\n`,
      );
    }
  }

  function verdict(): number {
    const unreachable = reach.unreachable;
    if (unreachable !== undefined) {
      io.stderr.write(`roxels-guard: could not reach the Roxels API at ${client.baseUrl.href}: ${unreachable}; no key was checked\n`);
      return 2;
    }
    return exitCode(countStates(checked), keys.skipped.length, io);
  }
}

function countStates(checked: readonly Checked[]): { live: number; revoked: number; unknown: number } {
  const count = { live: 0, revoked: 0, unknown: 0 };
  for (const { result } of checked) count[result.state]++;
  return count;
}

/**
 * 1 when a key is live. Otherwise 2 when some key's state is not known: it got no
 * answer (`unknown`), or it was skipped and never sent (a report's file changed, a
 * --stdin line that is not a key). 0 only when every key was checked and none is live.
 */
function exitCode(count: { live: number; unknown: number }, skipped: number, io: Io): number {
  if (count.live > 0) return 1;
  const notChecked: string[] = [];
  if (count.unknown > 0) notChecked.push(`${plural(count.unknown, "key")} could not be checked`);
  if (skipped > 0) notChecked.push(`${plural(skipped, "key")} skipped, so not checked (see "Skipped")`);
  if (notChecked.length === 0) return 0;
  io.stderr.write(`roxels-guard: ${notChecked.join(", ")}: their state is unknown, and no checked key is live\n`);
  return 2;
}

function renderText(checked: readonly Checked[], apiBase: string): string {
  if (checked.length === 0) return "No Roxels secret keys to check.\n";
  const rows = checked.map(({ key, result }) => [STATE_LABEL[result.state], key.secret.masked, shortLocations(key.locations), `${result.reason}${suppressedNote(key)}`]);
  return `Checked ${plural(checked.length, "Roxels secret key")} against ${apiBase}:\n${table(rows)}\n`;
}

function summaryLine(count: { live: number; revoked: number; unknown: number }, suppressed: number, others: number, skipped: number): string {
  const parts = [`${count.live} live`, `${count.revoked} not accepted`];
  if (count.unknown) parts.push(`${count.unknown} unknown`);
  if (suppressed) parts.push(`${suppressed} of them suppressed`);
  if (others) parts.push(`${plural(others, "other vendor key")} listed`);
  if (skipped) parts.push(`${skipped} skipped`);
  const advice = count.live > 0 ? " — revoke the live ones: roxels-guard revoke (same selection)" : "";
  return `verify: ${parts.join(", ")}${advice}`;
}
