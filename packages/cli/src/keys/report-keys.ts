/**
 * `--report FILE`: act on the findings of an earlier `roxels-guard scan --format json`.
 * The report holds no keys, so each Roxels key is read again from where the scan found
 * it (a file and line, or a commit, path and line), and used only if its fingerprint is
 * the one the report recorded. A file that changed since the scan is skipped, and said so.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decodeBuffer, findKeys, FINDING_KINDS, isFingerprint, isRoxelsSecret, redactKeys, type KeyKind, type Secret, UsageError } from "@roxels-guard/core";
import { locationOf, type ExposedKeySet } from "./exposed-key.js";

interface ReportFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: KeyKind;
  readonly masked: string;
  readonly fingerprint: string;
  readonly commit?: string;
}

/** Larger files are not scanned for keys either; nothing to re-read in them. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export async function readReportKeys(reportFile: string, cwd: string, into: ExposedKeySet): Promise<void> {
  const findings = await loadReport(path.resolve(cwd, reportFile), reportFile);
  const contents = new Map<string, Promise<Content>>();
  const contentOf = (finding: ReportFinding): Promise<Content> => {
    const id = finding.commit ? `${finding.commit}\0${finding.file}` : finding.file;
    let content = contents.get(id);
    if (!content) {
      content = finding.commit ? readFromCommit(cwd, finding.commit, finding.file) : readFromWorkTree(cwd, finding.file);
      contents.set(id, content);
    }
    return content;
  };

  for (const finding of findings) {
    const location = locationOf(finding);
    if (!isRoxelsSecret(finding.kind)) {
      // Never sent anywhere, so there is nothing to re-read: the report's masked form will do.
      into.addListed(finding.masked, finding.fingerprint, finding.kind, location);
      continue;
    }
    const content = await contentOf(finding);
    if ("problem" in content) {
      into.skip({ location, masked: finding.masked, fingerprint: finding.fingerprint, reason: content.problem });
      continue;
    }
    const secret = keyOnLine(content.lines, finding);
    if (!secret) {
      into.skip({
        location,
        masked: finding.masked,
        fingerprint: finding.fingerprint,
        reason: `fingerprint mismatch: line ${finding.line} no longer holds this key (the ${finding.commit ? "path" : "file"} changed since the scan); skipped: scan again`,
      });
      continue;
    }
    into.add(secret, finding.kind, location);
  }
}

/** The key on the finding's line whose fingerprint is the report's, if it is still there. */
function keyOnLine(lines: readonly string[], finding: ReportFinding): Secret | undefined {
  const text = lines[finding.line - 1];
  if (text === undefined) return undefined;
  for (const match of findKeys(text)) {
    if (match.kind === finding.kind && match.secret.fingerprint === finding.fingerprint) return match.secret;
  }
  return undefined;
}

async function loadReport(absolute: string, shown: string): Promise<ReportFinding[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(absolute, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code ? `cannot read --report ${shown}: ${code}` : `--report ${shown} is not JSON (write it with: roxels-guard scan --format json --output FILE)`);
  }
  if (!isObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.findings)) {
    throw new UsageError(`--report ${shown} is not a roxels-guard scan report (version 1 with "findings")`);
  }
  return parsed.findings.map((finding, index) => validFinding(finding, index, shown));
}

function validFinding(value: unknown, index: number, shown: string): ReportFinding {
  const bad = (what: string) => new UsageError(`--report ${shown}: finding ${index + 1} ${what}`);
  if (!isObject(value)) throw bad("is not an object");
  const { file, line, kind, masked, fingerprint, commit } = value;
  if (typeof file !== "string" || file === "" || file.includes("\0")) throw bad('has no usable "file"');
  if (typeof line !== "number" || !Number.isInteger(line) || line < 1) throw bad('has no usable "line"');
  if (typeof kind !== "string" || !(FINDING_KINDS as readonly string[]).includes(kind)) throw bad('has an unknown "kind"');
  if (typeof fingerprint !== "string" || !isFingerprint(fingerprint)) throw bad('has no usable "fingerprint"');
  // A commit id is passed to git: hex only, so it cannot be read as an option.
  if (commit !== undefined && (typeof commit !== "string" || !/^[0-9a-f]{7,64}$/.test(commit))) throw bad('has an unusable "commit"');
  return {
    file,
    line,
    kind: kind as KeyKind,
    // A report is a file anyone may have edited: its "masked" is printed only once redacted.
    masked: typeof masked === "string" ? redactKeys(masked.slice(0, 80), { keyShaped: true }).slice(0, 40) : "(masked key)",
    fingerprint,
    ...(commit !== undefined ? { commit } : {}),
  };
}

type Content = { readonly lines: string[] } | { readonly problem: string };

function toContent(bytes: Buffer): Content {
  const decoded = decodeBuffer(bytes);
  if (!decoded) return { problem: "the file is binary now; skipped: scan again" };
  return { lines: decoded.text.split("\n") };
}

async function readFromWorkTree(cwd: string, file: string): Promise<Content> {
  try {
    return toContent(await readFile(path.resolve(cwd, file)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return { problem: `cannot read the file (${code}); skipped: run verify from the directory the scan ran in` };
  }
}

/**
 * The file as the commit has it. The report's path is relative to where the scan ran;
 * `<commit>:./path` reads it relative to the current directory, and the plain form,
 * relative to the top of the repository, is the fallback.
 */
async function readFromCommit(cwd: string, commit: string, file: string): Promise<Content> {
  for (const spec of [`${commit}:./${file}`, `${commit}:${file}`]) {
    const bytes = await gitShow(cwd, spec);
    if (bytes) return toContent(bytes);
  }
  return { problem: `cannot read ${file} at commit ${commit.slice(0, 12)} (not in this repository?); skipped` };
}

function gitShow(cwd: string, spec: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["--no-pager", "show", "--no-textconv", spec],
      { cwd, encoding: "buffer", maxBuffer: MAX_FILE_BYTES, windowsHide: true },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
