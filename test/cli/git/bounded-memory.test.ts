/**
 * The git paths stream: a staged or committed file is read through a fixed-size buffer,
 * however long its lines. Files this large are "binary" to git (the scanner pins
 * core.bigFileThreshold) and stream out of `git cat-file`; shorter files' added lines
 * stream through the diff reader in pieces (test/scanner/git/diff-parser.test.ts). Each scan runs under a
 * data-size limit (`ulimit -d`, Linux) well below what holding the file's one line (a
 * few copies of it, as the reader once did) would take, and must still find the key
 * planted at its very end. The memory figures themselves (1 GB files, peak RSS) are
 * measured in bench/memory.mjs.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { CLI, cleanupTempDirs, expectNoKey, Repo } from "../../support/repo.js";

/** One line of this many MiB, and the data limit (KiB) the scan must fit in. */
const LINE_MIB = 48;
const LIMIT_KIB = 160 * 1024;

/** Write `prefix`, then `mib` MiB of minified-looking code on one line, then `tail`: streamed, never held. */
function writeLongLine(file: string, prefix: string, mib: number, tail: string): void {
  const block = Buffer.from("a=b+1;".repeat((1 << 20) / 6 + 1).slice(0, 1 << 20));
  const fd = openSync(file, "w");
  try {
    writeSync(fd, prefix);
    for (let i = 0; i < mib; i++) writeSync(fd, block);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

function limited(repo: Repo, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("/bin/sh", ["-c", `ulimit -d ${LIMIT_KIB} && exec "$0" "$@"`, process.execPath, ...args], {
    cwd: repo.dir,
    env: repo.env,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (result.error) throw result.error;
  return result;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  masked: string;
  commit?: string;
}

describe.runIf(process.platform === "linux")("staged and history scans in bounded memory", () => {
  let repo: Repo;
  const keys = { line: secretKey(), hidden: secretKey() };
  // Where the key on line 2 starts: after its prefix, the code and ` k="`.
  const prefix = "const bundle=1;";
  const column = prefix.length + LINE_MIB * (1 << 20) + 5;

  beforeAll(() => {
    repo = new Repo();
    repo.write(".gitattributes", "*.env -diff\n");
    repo.commitAll("attributes");
    repo.write("app.min.js", "");
    writeLongLine(repo.path("app.min.js"), `x\n${prefix}`, LINE_MIB, ` k="${keys.line}"\n`);
    // Git shows a `-diff` file as binary: its blob is read from the index instead.
    writeLongLine(repo.path("prod.env"), "# settings\n", LINE_MIB, `\nKEY=${keys.hidden}\n`);
    repo.git("add", "app.min.js", "prod.env");
  });
  afterAll(() => cleanupTempDirs());

  it("the limit is real: holding the line once over would not fit in it", () => {
    const result = limited(repo, ["-e", `Buffer.alloc(${LINE_MIB * 3} * 2 ** 20, 1); console.log("allocated")`]);
    expect(result.stdout).not.toContain("allocated");
    expect(result.status).not.toBe(0);
  });

  it("scan --staged (the pre-commit hook's entry) finds a key at the end of a long line and of a -diff file", () => {
    const result = limited(repo, [CLI, "scan", "--staged"]);
    expectNoKey(result.stdout + result.stderr, Object.values(keys));
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain(masked(keys.line));
    expect(result.stdout).toContain(masked(keys.hidden));
  });

  it("scan --history finds both, at their exact lines and columns, in the commit that added them", () => {
    const sha = repo.commitAll("big files");
    const result = limited(repo, [CLI, "scan", "--history", "--format", "json"]);
    expectNoKey(result.stdout + result.stderr, Object.values(keys));
    expect(result.status, result.stderr).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.column, f.masked, f.commit])).toEqual([
      ["app.min.js", 2, column, masked(keys.line), sha],
      ["prod.env", 3, 5, masked(keys.hidden), sha],
    ]);
  });
});

describe("a file too big for git to diff (over core.bigFileThreshold)", () => {
  afterAll(() => cleanupTempDirs());

  it("counts only the keys its previous version did not hold, staged and in history", () => {
    const repo = new Repo();
    const [old, added] = [secretKey(), secretKey()];
    // 17 MiB of log lines (over the 16 MiB git is told to diff), an old key on line 1.
    const logLine = "2026-11-26T10:00:00Z GET /v1/templates 200 12ms\n";
    const lines = Math.ceil((17 << 20) / logLine.length);
    writeLongLine(repo.path("app.log"), `token ${old}\n`, 0, logLine.repeat(lines));
    repo.commitAll("log");
    // The new version keeps the old key and gains one at its end.
    writeLongLine(repo.path("app.log"), `token ${old}\n`, 0, `${logLine.repeat(lines)}token ${added}\n`);
    repo.git("add", "app.log");

    const staged = repo.cli(["scan", "--staged", "--format", "json"]);
    expectNoKey(staged.all, [old, added]);
    expect(staged.status, staged.stderr).toBe(1);
    const stagedFindings = (JSON.parse(staged.stdout) as { findings: JsonFinding[] }).findings;
    expect(stagedFindings.map((f) => [f.file, f.line, f.column, f.masked])).toEqual([["app.log", lines + 2, 7, masked(added)]]);

    const sha = repo.commitAll("more log");
    const history = repo.cli(["scan", "--history", "--format", "json"]);
    expect(history.status, history.stderr).toBe(1);
    const historyFindings = (JSON.parse(history.stdout) as { findings: JsonFinding[] }).findings;
    expect(historyFindings.map((f) => [f.line, f.masked, f.commit === sha])).toEqual([
      [1, masked(old), false],
      [lines + 2, masked(added), true],
    ]);
  });
});
