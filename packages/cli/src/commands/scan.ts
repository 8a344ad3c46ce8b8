import path from "node:path";
import type { ScanResult } from "@roxels-guard/scanner";
import { COMMON_OPTIONS, oneOf, parse } from "../args.js";
import { useColor, type Io } from "../io.js";
import { writeReport } from "../output.js";
import { collectFindings, SELECTION_OPTIONS, selectionMode, settingsFor, type SelectionValues } from "../selection.js";

export const SCAN_HELP = `Usage: roxels-guard scan [paths…] [options]
       roxels-guard scan --staged
       roxels-guard scan --history [<rev-range>] | --since <ref> | --all
       roxels-guard scan --commit-msg <file>

Find Roxels secret keys (and other vendors' look-alikes) in files, in what the next
commit adds, or in git history. Keys are shown masked, with a fingerprint.

Selection:
  [paths…]             files and folders to scan (default: .)
  --staged             scan what the next commit adds (the pre-commit hook)
  --history [range]    scan every commit in range (default: HEAD's history)
  --since <ref>        shorthand for --history <ref>..HEAD
  --all                every branch and tag's history (implies --history)
  --all-occurrences    with --history: list every commit that added a key
                       (--history also scans commit and tag messages and branch and
                       tag names)
  --commit-msg <file>  scan a commit message file (the commit-msg hook)
  --no-ignore          also scan files that .gitignore excludes

Suppression:
  --config <file>      settings file (default: roxels-guard.config.json, looked up)
  --ignore-file <file> ignore file (default: .roxelsguardignore, looked up)
  --baseline <file>    report only keys not in this baseline
  --explain            say what suppressed each match that was not reported

Output:
  -f, --format <fmt>   text (default), json or sarif
  -o, --output <file>  write the report to a file instead of stdout
  --color, --no-color  force colours on or off (default: on for a terminal; off with
                       NO_COLOR or FORCE_COLOR=0; FORCE_COLOR=1 forces them on)
  --debug              show how the scan went (threads, files read) and the stack
                       traces of internal errors

Exit codes: 0 no keys found, 1 keys found, 2 usage or runtime error.
`;

/** How a report is printed: shared by the commands that report findings (scan, check-build). */
export const REPORT_OPTIONS = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  color: { type: "boolean" },
} as const;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...SELECTION_OPTIONS,
  ...REPORT_OPTIONS,
  "commit-msg": { type: "string" },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  const format = reportFormat(values);
  const result = values["commit-msg"] !== undefined ? await scanMessageFile(values, positionals, io) : await collectFindings(values, positionals, io);
  if (result.warnings.length > 0) {
    // A name from an archive can hold a newline or an escape sequence: one line, printable.
    const [{ redactKeys }, { printableText }] = await Promise.all([import("@roxels-guard/core"), import("@roxels-guard/reporters/text")]);
    for (const warning of result.warnings) io.stderr.write(`roxels-guard: warning: ${printableText(redactKeys(warning))}\n`);
  }
  if (values.debug) for (const note of result.notes ?? []) io.stderr.write(`roxels-guard: debug: ${note}\n`);
  const root = format === "sarif" ? await sarifRoot(values, positionals, io.cwd) : io.cwd;
  return reportFindings(io, result, values, { explain: values.explain === true, root });
}

type ReportValues = { format?: string | undefined; output?: string | undefined; color?: boolean | undefined };

export function reportFormat(values: ReportValues): "text" | "json" | "sarif" {
  return oneOf("format", values.format, ["text", "json", "sarif"] as const, "text");
}

/** Print or write the report as REPORT_OPTIONS ask; the exit code: 1 when keys were found. */
export async function reportFindings(io: Io, result: ScanResult, values: ReportValues, options: { explain: boolean; root: string }): Promise<number> {
  const color = values.color ?? (values.output === undefined && useColor(io, io.stdoutIsTTY));
  await writeReport(io, await render(result, reportFormat(values), { color, explain: options.explain, cwd: io.cwd, root: options.root }), values.output);
  if (values.output !== undefined) {
    const count = result.findings.length;
    io.stderr.write(`roxels-guard: ${count} key${count === 1 ? "" : "s"} found; report written to ${values.output}\n`);
  }
  return result.findings.length > 0 ? 1 : 0;
}

interface RenderOptions {
  readonly color: boolean;
  readonly explain: boolean;
  readonly cwd: string;
  /** SARIF's `%SRCROOT%`. */
  readonly root: string;
}

/**
 * Where SARIF paths are rooted: the top of the git work tree that holds the scanned files
 * (the first path named, or the current folder for --staged and --history), as code
 * scanning resolves them from the repository's root; outside git, the current folder.
 */
async function sarifRoot(values: SelectionValues, positionals: string[], cwd: string): Promise<string> {
  const { workTreeTop } = await import("@roxels-guard/scanner/settings");
  const first = selectionMode(values) === "files" ? positionals[0] : undefined;
  return workTreeTop(first !== undefined ? path.resolve(cwd, first) : cwd) ?? cwd;
}

/**
 * Each format loads only its own reporter: the pre-commit hook prints text. JSON and
 * SARIF come in pieces, written as they are made: 300,000 findings are never one string.
 */
async function render(result: ScanResult, format: "text" | "json" | "sarif", options: RenderOptions): Promise<Iterable<string>> {
  const { color, explain } = options;
  if (format === "json") return (await import("@roxels-guard/reporters/json")).jsonReport(result, { explain });
  if (format === "sarif") {
    const [{ sarifReport }, { toolVersion }] = await Promise.all([import("@roxels-guard/reporters/sarif"), import("../version.js")]);
    return sarifReport(result, { toolVersion: toolVersion(), cwd: options.cwd, root: options.root });
  }
  return [(await import("@roxels-guard/reporters/text")).formatText(result, { color, explain })];
}

async function scanMessageFile(values: SelectionValues & { "commit-msg"?: string | undefined }, positionals: string[], io: Io): Promise<ScanResult> {
  const { UsageError } = await import("@roxels-guard/core");
  if (positionals.length > 0 || selectionMode(values) !== "files") throw new UsageError("--commit-msg takes one file and no other selection");
  const { scanCommitMessageFile } = await import("@roxels-guard/scanner/messages");
  return scanCommitMessageFile(settingsFor(values, io), values["commit-msg"]!);
}
