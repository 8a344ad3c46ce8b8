/**
 * A folder the scan cannot list, or a listed file it cannot look at, is said (one
 * warning line, counted as unreadable), never passed over in silence. A path longer than
 * the system allows (ENAMETOOLONG) stands in for a folder without permissions, which
 * a test running as root cannot make.
 */
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, expectNoKeyIn, runCli, tempTree } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";

const LEVEL = "d".repeat(200);
const DEPTH = 24; // 24 x 201 bytes: past PATH_MAX (4096) from the tree's root

/** Makes the deep folders one relative step at a time (their full path is too long for mkdir). */
function makeDeep(root: string, file: string, content: string): void {
  const script = `for i in $(seq 1 ${DEPTH}); do mkdir ${LEVEL} && cd ${LEVEL} || exit 1; done; printf '%s' "$1" > ${file}`;
  const made = spawnSync("bash", ["-c", script, "bash", content], { cwd: root, encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd, env: cleanEnv(), encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
}

interface Report {
  findings: Array<{ file: string }>;
  stats: { skippedBy: { unreadable: number } };
}

const trees: Array<ReturnType<typeof tempTree>> = [];
afterAll(() => {
  for (const tree of trees) {
    // rm works down the tree one folder at a time; fs.rmSync's full paths are too long here.
    spawnSync("rm", ["-rf", tree.dir]);
    tree.cleanup();
  }
});

describe("a scan that cannot read part of a folder", () => {
  it("warns about a folder it cannot list, and still reports what it could read", async () => {
    const top = secretKey();
    const t = tempTree({ "top.js": `const k = "${top}";\n` });
    trees.push(t);
    makeDeep(t.dir, "deep.js", `const k = "${secretKey()}";\n`);

    const result = await runCli(["scan", ".", "--format", "json"], { cwd: t.dir });
    expectNoKeyIn([result.stdout, result.stderr], [top]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => f.file)).toEqual(["top.js"]);
    expect(report.stats.skippedBy.unreadable).toBe(1);
    const warnings = result.stderr.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^roxels-guard: warning: cannot read "d{200}(\/d{200})+": ENAMETOOLONG$/);
  });

  it("warns about a folder git cannot open, which git leaves out of its listing", async () => {
    const t = tempTree({ "ok.txt": "nothing here\n" });
    trees.push(t);
    makeDeep(t.dir, "deep.js", `const k = "${secretKey()}";\n`);
    git(t.dir, "init", "-q");

    const result = await runCli(["scan", ".", "--format", "json"], { cwd: t.dir });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.stats.skippedBy.unreadable).toBe(1);
    // git cuts a path this long short in its own warning, reason and all.
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^roxels-guard: warning: cannot read "d{200}(\/d+)+": (unreadable|Filename too long)$/)]);
    // ok.txt was read, so the scan itself stands; the warning says what it could not see.
    expect(result.code).toBe(0);
  });
});

describe("a repository git refuses to work in", () => {
  // Only root can give a folder to another user; git then refuses it as of dubious ownership.
  it.runIf(process.getuid?.() === 0)("is read in full, with a warning that .gitignore was not applied", async () => {
    const ignored = secretKey();
    const t = tempTree({ ".gitignore": "local.env\n", "local.env": `KEY=${ignored}\n`, "ok.txt": "nothing\n" });
    trees.push(t);
    git(t.dir, "init", "-q");
    spawnSync("chown", ["-R", "65534:65534", t.dir]);
    const result = await runCli(["scan", ".", "--format", "json"], { cwd: t.dir, env: { HOME: t.dir } });
    expectNoKeyIn([result.stdout, result.stderr], [ignored]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as Report).findings.map((f) => f.file)).toEqual(["local.env"]);
    expect(result.stderr).toMatch(/^roxels-guard: warning: git refused the repository at ".+" \(dubious ownership: see git config safe\.directory\), so \.gitignore was not applied and every file was read\n$/);
  });
});
