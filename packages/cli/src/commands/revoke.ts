/**
 * `roxels-guard revoke`: revoke exposed Roxels secret keys with the management key in
 * ROXELS_API_KEY, then confirm each is refused (401). A dry run unless `--yes` (or a
 * "yes" typed at a terminal). The management key, if it is exposed too, goes last.
 */
import { createInterface } from "node:readline/promises";
import { managementKeyFromEnv, type RevokeOutcome, type RoxelsClient } from "@roxels-guard/api";
import { type Secret, UsageError } from "@roxels-guard/core";
import { COMMON_OPTIONS, oneOf, parse } from "../args.js";
import type { Io } from "../io.js";
import { API_OPTIONS, asUsageError, beforeSending, buildClient, concurrencyOf, isCustomBase } from "../keys/api-client.js";
import { AUDIT_OPTIONS, AuditLog, defaultAuditLogPath, earlierRunsLine } from "../keys/audit-log.js";
import { onInterrupt, SIGNAL_EXIT_CODE, type StopSignal } from "../keys/interruption.js";
import { collectExposedKeys, KEY_SOURCE_OPTIONS, keySource } from "../keys/collect.js";
import type { ExposedKey, ExposedKeys } from "../keys/exposed-key.js";
import { refuseKeyArguments } from "../keys/refuse-key-args.js";
import { Reachability, sendKeys } from "../keys/send-keys.js";
import { jsonCommon, jsonKey, plural, renderOthers, renderSkipped, shortLocations, suppressedNote, table } from "../keys/render.js";

export const REVOKE_HELP = `Usage: roxels-guard revoke [paths…] [options]
       roxels-guard revoke --staged | --history [<rev-range>] [--yes]
       roxels-guard revoke --report FILE [--yes]
       roxels-guard revoke --stdin [--yes] < keys.txt

Revoke exposed Roxels secret keys through the Roxels API, then confirm that each is
refused. Lists what it would revoke unless --yes is given (or "yes" is typed at a
terminal). Revoking is for good: create new keys in the Roxels dashboard.

The management key (an sk_ key allowed to revoke) comes from ROXELS_API_KEY, never from
the command line. If it is among the exposed keys, it is revoked last, and you are told.

Keys (as for verify):
  [paths…] | --staged | --history [range] | --since <ref> | --all
  --report <file>      a report written by: roxels-guard scan --format json -o FILE
  --stdin              keys on standard input, one a line (alone, or NAME=key)

Revoking:
  --yes, -y            revoke without asking
  --dry-run            only list what would be revoked, even at a terminal
  --audit-log <file>   where to append the JSONL record of each step (default
                       $XDG_STATE_HOME/roxels-guard/audit.jsonl, else
                       ~/.local/state/roxels-guard/audit.jsonl)
  --allow-custom-api-base
                       needed to revoke through any base URL but the Roxels API's
                       own (a proxy, a local test server): the management key and
                       every key go there
  --include-suppressed also revoke keys a baseline, ignore comment or the config
                       suppresses (without it they are listed, not revoked)
  --api-base <url>     default $ROXELS_API_BASE or https://api.roxels.ai; http:// only to loopback
  --concurrency <n>    keys revoked at once (default 4)
  ROXELS_API_REVOKE_PATH, ROXELS_API_REVOKE_FIELD
                       the revoke endpoint (ASSUMED: POST /v1/api_keys/revoke, {"key": …})

Output:
  --format <fmt>       text (default) or json
  --debug              print each API attempt (status, retries) on stderr

Exit codes: 0 every exposed Roxels key is revoked (or already was), 1 some key is not
(including keys skipped, e.g. a report's file changed, suppressed keys left alone, or a
dry run listed keys), 2 error
(no or refused ROXELS_API_KEY, the API not reached at all, bad settings).
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...KEY_SOURCE_OPTIONS,
  ...API_OPTIONS,
  ...AUDIT_OPTIONS,
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  "include-suppressed": { type: "boolean" },
  "allow-custom-api-base": { type: "boolean" },
  format: { type: "string", short: "f" },
} as const;

type Outcome = RevokeOutcome | "unconfirmed" | "not-attempted" | "interrupted";

interface Revoked {
  readonly key: ExposedKey;
  readonly outcome: Outcome;
  readonly confirmed: boolean;
  readonly management: boolean;
  readonly reason: string;
  readonly status?: number;
  readonly keyId?: string;
  readonly tries: number;
}

const DONE: ReadonlySet<Outcome> = new Set(["revoked", "already-revoked"]);

const LABEL: Record<Outcome, string> = {
  revoked: "revoked",
  "already-revoked": "already revoked",
  "not-found": "NOT FOUND",
  forbidden: "FORBIDDEN",
  unauthorized: "REFUSED",
  failed: "FAILED",
  unconfirmed: "UNCONFIRMED",
  "not-attempted": "NOT TRIED",
  interrupted: "INTERRUPTED",
};

export async function run(argv: string[], io: Io): Promise<number> {
  refuseKeyArguments(argv, "revoke");
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(REVOKE_HELP);
    return 0;
  }
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  const concurrency = concurrencyOf(values);
  if (values.yes && values["dry-run"]) throw new UsageError("--yes and --dry-run cannot be combined");
  const source = keySource(values, positionals);
  // Asking needs a terminal on both ends, and stdin free: with --stdin it holds the keys.
  const mayAsk = !values.yes && !values["dry-run"] && io.stdinIsTTY && io.stderrIsTTY && source !== "stdin";
  const management = readManagementKey(io, values.yes === true);
  const client = buildClient(values, io, management !== undefined);
  // The management key can revoke every key of the org: it goes to another address only when asked.
  const customBaseRefused = isCustomBase(client) && values["allow-custom-api-base"] !== true;
  const refuseCustomBase = (): never => {
    throw new UsageError(
      `refusing to revoke through ${client.baseUrl.href}, which is not the Roxels API: the management key and every key would go there; add --allow-custom-api-base if you mean it`,
    );
  };
  if (values.yes && customBaseRefused) refuseCustomBase();

  const keys = await collectExposedKeys(values, positionals, io);
  for (const warning of keys.warnings) io.stderr.write(`roxels-guard: warning: ${warning}\n`);
  // A suppressed key is still exposed: listed always, revoked only when asked.
  const includeSuppressed = values["include-suppressed"] === true;
  const leftAlone = includeSuppressed ? [] : keys.roxels.filter((key) => key.suppressed !== undefined);
  const ordered = managementLast(includeSuppressed ? keys.roxels : keys.roxels.filter((key) => key.suppressed === undefined), management);

  // With --yes and nothing to revoke, the run still reports (and fails on) skipped keys.
  let revoking = values.yes === true;
  if (!revoking && mayAsk && ordered.length > 0) {
    io.stderr.write(renderPlan(ordered, management, client.baseUrl.href, false));
    revoking = await confirm(io, ordered.length);
    if (revoking && !management) throw new UsageError(`${missingKeyMessage()}`);
    if (revoking && customBaseRefused) refuseCustomBase();
  }

  if (!revoking) {
    if (format === "json") writeJson(io, { dryRun: true, client, management, keys, results: [], planned: ordered, leftAlone });
    else {
      io.stdout.write(renderPlan(ordered, management, client.baseUrl.href, true) + renderLeftAlone(leftAlone) + renderOthers(keys.others) + renderSkipped(keys.skipped));
      if (ordered.length > 0 && !management) io.stderr.write(`roxels-guard: warning: ${missingKeyMessage()}\n`);
    }
    if (keys.skipped.length > 0) io.stderr.write(skippedMessage(keys.skipped.length));
    if (leftAlone.length > 0) io.stderr.write(leftAloneMessage(leftAlone.length));
    return ordered.length > 0 || keys.skipped.length > 0 || leftAlone.length > 0 ? 1 : 0;
  }

  await beforeSending(client, io, "the management key and keys");
  const audit = AuditLog.open(values["audit-log"] ?? defaultAuditLogPath(io.env), "revoke");
  io.stderr.write(earlierRunsLine(audit.path, "revoke", ordered));
  audit.start({ apiBase: client.baseUrl.href, keys: ordered });
  const progress = new Progress();
  const report = (results: readonly Revoked[], interrupted?: StopSignal): void => {
    if (format === "json") writeJson(io, { dryRun: false, client, management, keys, results, planned: ordered, leftAlone, interrupted });
    else {
      io.stdout.write(renderResults(results, client.baseUrl.href) + renderLeftAlone(leftAlone) + renderOthers(keys.others) + renderSkipped(keys.skipped));
      io.stdout.write(`\n${summaryLine(results, keys.skipped.length, leftAlone.length)}\n`);
    }
  };
  const stopListening = onInterrupt((signal) => {
    // Abandoned: requests in flight may or may not have reached the API; a re-run finds out.
    const results = ordered.map((key) => progress.done.get(key) ?? progress.unfinished(key, signal));
    for (const result of results) if (!progress.done.has(result.key)) audit.step({ step: "revoke", ...result });
    report(results, signal);
    const counts = outcomeCounts(results);
    io.stderr.write(
      `roxels-guard: interrupted by ${signal}: ${progress.done.size} of ${ordered.length} keys done, ${progress.inFlight.size} in flight (the API may have revoked them), ${ordered.length - progress.done.size - progress.inFlight.size} not tried; every key is in the audit log ${audit.path}: run again to finish\n`,
    );
    audit.end({ exitCode: SIGNAL_EXIT_CODE[signal], interrupted: signal, summary: counts });
    process.exit(SIGNAL_EXIT_CODE[signal]);
  });
  const reach = new Reachability();
  const results = await revokeAll(client, ordered, management, concurrency, reach, io, { audit, progress });
  stopListening();
  report(results);
  const code = exitCode(results, keys.skipped.length, leftAlone.length, reach, client, io);
  audit.end({ exitCode: code, summary: outcomeCounts(results) });
  return code;
}

/** Which keys are being sent and which are done, for an interruption's summary. */
class Progress {
  readonly inFlight = new Set<ExposedKey>();
  readonly done = new Map<ExposedKey, Revoked>();

  unfinished(key: ExposedKey, signal: StopSignal): Revoked {
    const inFlight = this.inFlight.has(key);
    return {
      key,
      outcome: inFlight ? "interrupted" : "not-attempted",
      confirmed: false,
      management: false,
      tries: 0,
      reason: inFlight ? `interrupted by ${signal} while the request was in flight: the API may have revoked it; run again to know` : `not tried: interrupted by ${signal}`,
    };
  }
}

function outcomeCounts(results: readonly Revoked[]): Record<string, number> {
  const counts: Record<string, number> = { keys: results.length };
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return counts;
}

function exitCode(results: readonly Revoked[], skipped: number, leftAlone: number, reach: Reachability, client: RoxelsClient, io: Io): number {
  const refused = results.find((r) => r.outcome === "unauthorized");
  if (refused) {
    // The reason already says "the management key was refused (401 …)": said once.
    const notTried = results.filter((r) => r.outcome === "not-attempted").length;
    io.stderr.write(`roxels-guard: ROXELS_API_KEY: ${refused.reason}${notTried ? `; ${plural(notTried, "key")} not tried` : ""}\n`);
    return 2;
  }
  const unreachable = reach.unreachable;
  if (unreachable !== undefined) {
    io.stderr.write(`roxels-guard: could not reach the Roxels API at ${client.baseUrl.href}: ${unreachable}; no key was revoked\n`);
    return 2;
  }
  if (skipped > 0) io.stderr.write(skippedMessage(skipped));
  if (leftAlone > 0) io.stderr.write(leftAloneMessage(leftAlone));
  // Exit 0 means every exposed key is revoked: a skipped or suppressed one was never even sent.
  return results.every((r) => DONE.has(r.outcome)) && skipped === 0 && leftAlone === 0 ? 0 : 1;
}

function leftAloneMessage(count: number): string {
  return `roxels-guard: ${plural(count, "suppressed key")} not revoked (see "Suppressed"): a suppression silences a report, it does not make a key safe; --include-suppressed revokes ${count === 1 ? "it" : "them"} too\n`;
}

function renderLeftAlone(keys: readonly ExposedKey[]): string {
  if (keys.length === 0) return "";
  const rows = keys.map((key) => [key.secret.masked, shortLocations(key.locations), `suppressed by ${key.suppressed}`]);
  return `\nSuppressed, so not revoked (--include-suppressed revokes them too):\n${table(rows)}\n`;
}

function skippedMessage(count: number): string {
  return `roxels-guard: ${plural(count, "key")} skipped, so not revoked (see "Skipped" for why; a changed file: scan again)\n`;
}

function readManagementKey(io: Io, required: boolean): Secret | undefined {
  const raw = io.env.ROXELS_API_KEY;
  if (!required && (raw === undefined || raw.trim() === "")) return undefined;
  return asUsageError(() => managementKeyFromEnv(io.env));
}

function missingKeyMessage(): string {
  return "ROXELS_API_KEY is not set: revoking needs a management key (an sk_ key of the org that may revoke keys) in that variable";
}

/** After the management key is revoked nothing else can be, so it goes last. */
function managementLast(keys: readonly ExposedKey[], management: Secret | undefined): ExposedKey[] {
  const isManagement = (key: ExposedKey) => management !== undefined && key.secret.fingerprint === management.fingerprint;
  return [...keys.filter((key) => !isManagement(key)), ...keys.filter(isManagement)];
}

async function revokeAll(
  client: RoxelsClient,
  ordered: readonly ExposedKey[],
  management: Secret | undefined,
  concurrency: number,
  reach: Reachability,
  io: Io,
  trail: { audit: AuditLog; progress: Progress },
): Promise<Revoked[]> {
  const last = ordered.at(-1);
  const managementExposed = last !== undefined && management !== undefined && last.secret.fingerprint === management.fingerprint;
  const others = managementExposed ? ordered.slice(0, -1) : ordered;
  let refusal: string | undefined;

  const stopReason = () => (refusal ? `not tried: ${refusal}` : reach.stopReason);
  const notTried = (key: ExposedKey, isManagement: boolean, reason: string): Revoked => {
    const result: Revoked = { key, outcome: "not-attempted", confirmed: false, management: isManagement, tries: 0, reason };
    trail.audit.step({ step: "revoke", ...result });
    trail.progress.done.set(key, result);
    return result;
  };
  const revokeOne = async (key: ExposedKey, isManagement: boolean): Promise<Revoked> => {
    trail.progress.inFlight.add(key);
    const result = await revokeAndConfirm(client, key, isManagement, trail.audit);
    trail.progress.inFlight.delete(key);
    trail.progress.done.set(key, result);
    reach.note(result.status, result.reason);
    if (result.outcome === "unauthorized") refusal ??= "the management key was refused";
    return result;
  };

  const results = await sendKeys(others, concurrency, (key) => revokeOne(key, false), stopReason, (key, reason) => notTried(key, false, reason));
  if (managementExposed) {
    io.stderr.write(
      `roxels-guard: warning: the management key in ROXELS_API_KEY (${management.masked}) is itself exposed; it is revoked last, after which it no longer works: create a new one in the Roxels dashboard\n`,
    );
    const reason = stopReason();
    results.push(reason === undefined ? await revokeOne(last, true) : notTried(last, true, reason));
  }
  return results;
}

/** Revoke, then check that the API now refuses the key: the contract says it is instant. */
async function revokeAndConfirm(client: RoxelsClient, key: ExposedKey, management: boolean, audit: AuditLog): Promise<Revoked> {
  const revoked = await client.revokeKey(key.secret);
  // Logged before the confirming request is sent.
  audit.step({ step: "revoke", key, outcome: revoked.outcome, status: revoked.status, requestId: revoked.requestId, reason: revoked.reason, tries: revoked.tries });
  const base = {
    key,
    management,
    ...(revoked.status !== undefined ? { status: revoked.status } : {}),
    ...(revoked.keyId !== undefined ? { keyId: revoked.keyId } : {}),
  };
  if (!DONE.has(revoked.outcome)) return { ...base, outcome: revoked.outcome, confirmed: false, reason: revoked.reason, tries: revoked.tries };
  const check = await client.checkKey(key.secret);
  const confirmation = check.state === "revoked" ? "refused" : check.state === "live" ? "still-accepted" : "unknown";
  audit.step({ step: "confirm", key, outcome: confirmation, status: check.status, requestId: check.requestId, reason: check.reason, tries: check.tries });
  const tries = revoked.tries + check.tries;
  if (check.state === "revoked") {
    return { ...base, outcome: revoked.outcome, confirmed: true, tries, reason: `${revoked.reason}; confirmed: the API now refuses it (401)` };
  }
  if (check.state === "live") {
    return { ...base, outcome: "unconfirmed", confirmed: false, tries, reason: `the API said ${revoked.reason}, but still accepts the key (${check.status})` };
  }
  return { ...base, outcome: "unconfirmed", confirmed: false, tries, reason: `the API said ${revoked.reason}, but the check that it is refused failed: ${check.reason}` };
}

async function confirm(io: Io, count: number): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    const answer = await rl.question(`Revoke ${plural(count, "key")} now? This cannot be undone. Type "yes" to revoke: `);
    // Revocation cannot be undone: only the word the prompt asks for, not "y".
    return answer.trim() === "yes";
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

function renderPlan(ordered: readonly ExposedKey[], management: Secret | undefined, apiBase: string, dryRun: boolean): string {
  if (ordered.length === 0) return "No Roxels secret keys to revoke.\n";
  const rows = ordered.map((key) => {
    const row = [key.secret.masked, shortLocations(key.locations)];
    const notes: string[] = [];
    if (management && key.secret.fingerprint === management.fingerprint) notes.push("the management key (ROXELS_API_KEY): revoked last");
    if (key.suppressed !== undefined) notes.push(`suppressed by ${key.suppressed}`);
    if (notes.length > 0) row.push(notes.join("; "));
    return row;
  });
  const head = dryRun
    ? `Would revoke ${plural(ordered.length, "Roxels secret key")} at ${apiBase} (dry run: nothing was sent; --yes revokes):`
    : `About to revoke ${plural(ordered.length, "Roxels secret key")} at ${apiBase}:`;
  return `${head}\n${table(rows)}\n`;
}

function renderResults(results: readonly Revoked[], apiBase: string): string {
  if (results.length === 0) return "No Roxels secret keys to revoke.\n";
  const rows = results.map((r) => [
    LABEL[r.outcome],
    r.key.secret.masked,
    shortLocations(r.key.locations),
    `${r.management ? "management key: " : ""}${r.reason}${suppressedNote(r.key)}`,
  ]);
  return `Revoked at ${apiBase}:\n${table(rows)}\n`;
}

function summaryLine(results: readonly Revoked[], skipped: number, leftAlone: number): string {
  if (results.length === 0 && skipped === 0 && leftAlone === 0) return "revoke: no Roxels secret keys found; nothing to revoke";
  const counts = new Map<Outcome, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, n]) => `${n} ${LABEL[outcome].toLowerCase()}`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (leftAlone > 0) parts.push(`${leftAlone} suppressed`);
  const notDone = results.filter((r) => !DONE.has(r.outcome)).length + skipped + leftAlone;
  const tail = notDone === 0 ? "every exposed Roxels key is revoked" : `${plural(notDone, "key")} NOT revoked: see the reasons above`;
  return `revoke: ${plural(results.length + skipped + leftAlone, "key")}: ${parts.join(", ")}; ${tail}`;
}

function writeJson(
  io: Io,
  data: {
    dryRun: boolean;
    client: RoxelsClient;
    management: Secret | undefined;
    keys: ExposedKeys;
    results: readonly Revoked[];
    planned: readonly ExposedKey[];
    leftAlone: readonly ExposedKey[];
    interrupted?: StopSignal | undefined;
  },
): void {
  const { management } = data;
  const isManagement = (key: ExposedKey) => management !== undefined && key.secret.fingerprint === management.fingerprint;
  const keys = data.dryRun
    ? data.planned.map((key) => ({ ...jsonKey(key), outcome: "would-revoke", ...(isManagement(key) ? { management: true } : {}) }))
    : data.results.map((r) => ({
        ...jsonKey(r.key),
        outcome: r.outcome,
        confirmed: r.confirmed,
        ...(r.management ? { management: true } : {}),
        ...(r.status !== undefined ? { status: r.status } : {}),
        ...(r.keyId !== undefined ? { keyId: r.keyId } : {}),
        reason: r.reason,
        tries: r.tries,
      }));
  const summary: Record<string, number> = { keys: keys.length };
  for (const key of keys) summary[key.outcome] = (summary[key.outcome] ?? 0) + 1;
  // Keys that were never sent (not counted in "keys"): CI must see them, they are not revoked.
  summary.skipped = data.keys.skipped.length;
  summary.suppressed = data.leftAlone.length;
  const report = {
    version: 1,
    command: "revoke",
    dryRun: data.dryRun,
    ...(data.interrupted ? { interrupted: data.interrupted } : {}),
    apiBase: data.client.baseUrl.href,
    ...(management ? { managementKey: { masked: management.masked, fingerprint: management.fingerprint, exposed: data.planned.some(isManagement) } } : {}),
    keys,
    // Suppressed keys left alone (no --include-suppressed): exposed, not revoked.
    suppressed: data.leftAlone.map((key) => ({ ...jsonKey(key), outcome: "suppressed" })),
    ...jsonCommon(data.keys),
    summary,
  };
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
