/**
 * Adopting baselines in a team: `baseline` never overwrites a file that is not one, the
 * config's `baseline` works before the file exists, and branches that each baseline a key
 * merge (conflict markers read as the union of both sides; git's merge=union left valid).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { CLI_BIN, cleanEnv, expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, Repo } from "../../support/repo.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

const DEFAULT = ".roxelsguard-baseline.json";

interface Baseline {
  version: number;
  findings: Array<{ fingerprint: string; kind: string; masked: string }>;
}

function entry(key: string): string {
  return JSON.stringify({ fingerprint: fingerprintKey(key), kind: "roxels-secret", masked: masked(key) });
}

/** A baseline as `roxels-guard baseline` lays it out, one entry a line. */
function baselineText(keys: readonly string[]): string {
  const sorted = [...keys].sort((a, b) => (fingerprintKey(a) < fingerprintKey(b) ? -1 : 1));
  return `{\n  "version": 1,\n  "findings": [\n${sorted.map((k) => `    ${entry(k)}`).join(",\n")}\n  ]\n}\n`;
}

function fingerprintsIn(file: string): string[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as Baseline;
  expect(data.version).toBe(1);
  return data.findings.map((f) => f.fingerprint);
}

/** A key whose fingerprint sorts after (or before) `other`'s. */
function keySorting(side: "after" | "before", other: string): string {
  for (;;) {
    const key = secretKey();
    if (side === "after" ? fingerprintKey(key) > fingerprintKey(other) : fingerprintKey(key) < fingerprintKey(other)) return key;
  }
}

describe("baseline --output: a file that is not a baseline is not overwritten", () => {
  const cases: Array<[string, string]> = [
    ["package.json", '{"name":"x"}\n'],
    ["deploy.sh", "#!/bin/sh\nset -e\nnpm run deploy\n"],
    ["broken.json", '{\n  "version": 1,\n  "findings": [\n    {"fingerprint":"0123456789abcdef","kind":"roxels-secret"\n'],
    ["wrong-version.json", '{"version":7,"findings":[]}\n'],
  ];
  for (const [name, content] of cases) {
    it(`refuses ${name} (exit 2, one line, file unchanged) unless --replace`, async () => {
      const key = secretKey();
      const t = tree({ "a.env": `A=${key}\n`, [name]: content });
      const refused = await runCli(["baseline", "--output", name], { cwd: t.dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^roxels-guard: ${name.replace(".", "\\.")} is not a roxels-guard baseline \\(.+\\); --replace overwrites it\\n$`));
      expect(readFileSync(path.join(t.dir, name), "utf8")).toBe(content);

      const replaced = await runCli(["baseline", "--output", name, "--replace"], { cwd: t.dir });
      expect(replaced.code).toBe(0);
      expect(fingerprintsIn(path.join(t.dir, name))).toEqual([fingerprintKey(key)]);
      expectNoKeyIn([refused.stderr, replaced.stderr, readFileSync(path.join(t.dir, name), "utf8")], [key]);
    });
  }

  it("writes into an empty file", async () => {
    const key = secretKey();
    const t = tree({ "a.env": `A=${key}\n`, "b.json": "" });
    const result = await runCli(["baseline", "--output", "b.json"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(fingerprintsIn(path.join(t.dir, "b.json"))).toEqual([fingerprintKey(key)]);
  });

  it("keeps an entry that has only a fingerprint", async () => {
    const [old, fresh] = [secretKey(), secretKey()];
    const t = tree({ "a.env": `A=${fresh}\n`, "b.json": JSON.stringify({ version: 1, findings: [{ fingerprint: fingerprintKey(old) }] }) });
    const result = await runCli(["baseline", "--output", "b.json"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(fingerprintsIn(path.join(t.dir, "b.json"))).toEqual([fingerprintKey(old), fingerprintKey(fresh)].sort());
  });

  it.runIf(existsSync("/dev/full"))("refuses /dev/full without reading it, with or without --replace", async () => {
    const t = tree({ "a.env": `A=${secretKey()}\n` });
    for (const extra of [[], ["--replace"]]) {
      const result = await runCli(["baseline", "--output", "/dev/full", ...extra], { cwd: t.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("roxels-guard: /dev/full is not a regular file: a baseline is written to a file\n");
    }
  });

  it.runIf(process.platform !== "win32")("refuses a named pipe and a folder", async () => {
    const t = tree({ "a.env": `A=${secretKey()}\n`, "dir/x.txt": "x\n" });
    execFileSync("mkfifo", [path.join(t.dir, "pipe")]);
    const pipe = await runCli(["baseline", "--output", "pipe"], { cwd: t.dir });
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toBe("roxels-guard: pipe is not a regular file: a baseline is written to a file\n");
    const dir = await runCli(["baseline", "--output", "dir"], { cwd: t.dir });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toBe("roxels-guard: dir is a folder, not a baseline file\n");
  });
});

describe("the config's baseline", () => {
  it("before the file exists: baseline writes it, scan warns once and reports every key", async () => {
    const key = secretKey();
    const t = tree({ "a.env": `A=${key}\n`, "roxels-guard.config.json": JSON.stringify({ baseline: DEFAULT }) });
    const scan = await runCli(["scan"], { cwd: t.dir });
    expect(scan.code).toBe(1);
    expect(scan.stderr).toBe(
      `roxels-guard: warning: baseline ${DEFAULT} (named in roxels-guard.config.json) does not exist yet, so none is used: \`roxels-guard baseline\` writes it\n`,
    );
    expect(scan.stdout).toContain(key.slice(0, 7));

    const written = await runCli(["baseline"], { cwd: t.dir });
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`roxels-guard: baseline of 1 key written to ${DEFAULT}\n`);
    expect(fingerprintsIn(path.join(t.dir, DEFAULT))).toEqual([fingerprintKey(key)]);

    const after = await runCli(["scan"], { cwd: t.dir });
    expect(after.stderr).toBe("");
    expect(after.code).toBe(0);
    expectNoKeyIn([scan.stdout, scan.stderr, written.stderr, after.stdout], [key]);
  });

  it("scan --baseline with a missing file is an error with a hint", async () => {
    const t = tree({ "a.env": `A=${secretKey()}\n` });
    const result = await runCli(["scan", "--baseline", "nope.json"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("roxels-guard: cannot read baseline nope.json: ENOENT (`roxels-guard baseline --output nope.json` writes one)\n");
  });

  it("baseline writes to the config's path, relative to the config file, creating its folder", async () => {
    const key = secretKey();
    const t = tree({ "src/a.env": `A=${key}\n`, "roxels-guard.config.json": JSON.stringify({ baseline: "ci/bl.json" }) });
    const written = await runCli(["baseline", "."], { cwd: path.join(t.dir, "src") });
    expect(written.code).toBe(0);
    expect(written.stderr).toBe("roxels-guard: baseline of 1 key written to ../ci/bl.json\n");
    expect(existsSync(path.join(t.dir, DEFAULT))).toBe(false);
    expect(existsSync(path.join(t.dir, "src", DEFAULT))).toBe(false);
    expect(fingerprintsIn(path.join(t.dir, "ci/bl.json"))).toEqual([fingerprintKey(key)]);
    const scan = await runCli(["scan"], { cwd: t.dir });
    expect(scan.stderr).toBe("");
    expect(scan.code).toBe(0);
  });

  it("does not hide the keys baseline --replace records", async () => {
    const [old, fresh] = [secretKey(), secretKey()];
    const t = tree({
      "a.env": `A=${old}\nB=${fresh}\n`,
      "roxels-guard.config.json": JSON.stringify({ baseline: DEFAULT }),
      [DEFAULT]: baselineText([old]),
    });
    const result = await runCli(["baseline", "--replace"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`roxels-guard: baseline of 2 keys written to ${DEFAULT}\n`);
    expect(fingerprintsIn(path.join(t.dir, DEFAULT))).toEqual([fingerprintKey(old), fingerprintKey(fresh)].sort());
  });
});

describe("a baseline with git conflict markers", () => {
  const styles = {
    merge: (ours: string, theirs: string) => `<<<<<<< HEAD\n    ${ours},\n=======\n    ${theirs},\n>>>>>>> other\n`,
    diff3: (ours: string, theirs: string) => `<<<<<<< HEAD\n    ${ours},\n||||||| base\n=======\n    ${theirs},\n>>>>>>> other\n`,
  };
  for (const [style, conflict] of Object.entries(styles)) {
    it(`(${style}) is read as the union by scan --baseline and written back clean by baseline`, async () => {
      const [base, ours, theirs] = [secretKey(), secretKey(), secretKey()];
      const text = `{\n  "version": 1,\n  "findings": [\n${conflict(entry(ours), entry(theirs))}    ${entry(base)}\n  ]\n}\n`;
      const t = tree({ "a.env": `A=${base}\nB=${ours}\nC=${theirs}\n`, "b.json": text });
      const scan = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
      expect(scan.stderr).toBe(
        "roxels-guard: warning: baseline b.json holds git conflict markers: read as the union of both sides; `roxels-guard baseline` writes it back clean\n",
      );
      expect(scan.code).toBe(0);

      const written = await runCli(["baseline", "--output", "b.json"], { cwd: t.dir });
      expect(written.code).toBe(0);
      expect(written.stderr).toBe("roxels-guard: baseline of 3 keys written to b.json (its git merge resolved: both sides' entries kept)\n");
      const clean = readFileSync(path.join(t.dir, "b.json"), "utf8");
      expect(clean).toBe(baselineText([base, ours, theirs]));
    });
  }

  it("with markers out of order is an error, not an empty baseline", async () => {
    const key = secretKey();
    const t = tree({ "a.env": `A=${key}\n`, "b.json": `{\n  "version": 1,\n  "findings": [\n=======\n    ${entry(key)}\n  ]\n}\n` });
    const scan = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe("roxels-guard: b.json: not a roxels-guard baseline (unbalanced git conflict markers at line 4)\n");
    const written = await runCli(["baseline", "--output", "b.json"], { cwd: t.dir });
    expect(written.code).toBe(2);
    expect(written.stderr).toBe("roxels-guard: b.json is not a roxels-guard baseline (unbalanced git conflict markers at line 4); --replace overwrites it\n");
  });
});

describe("two branches that each baseline a key, merged in a real repository", () => {
  /**
   * main holds a baseline of one key; `one` and `two` each add a key whose entry sorts on
   * the same side of it (both after: the last entry gains a comma on both branches).
   */
  function branches(side: "after" | "before", gitattributes: string | null) {
    const repo = new Repo();
    const base = secretKey();
    const [k1, k2] = [keySorting(side, base), keySorting(side, base)];
    repo.write("a.env", `A=${base}\n`);
    if (gitattributes !== null) repo.write(".gitattributes", gitattributes);
    expect(repo.cli(["baseline"]).status).toBe(0);
    repo.commitAll("base");
    repo.git("checkout", "-q", "-b", "one");
    repo.write("b.env", `B=${k1}\n`);
    expect(repo.cli(["baseline"]).status).toBe(0);
    repo.commitAll("one");
    repo.git("checkout", "-q", "-b", "two", "main");
    repo.write("c.env", `C=${k2}\n`);
    expect(repo.cli(["baseline"]).status).toBe(0);
    repo.commitAll("two");
    repo.git("checkout", "-q", "one");
    return { repo, keys: [base, k1, k2] };
  }

  for (const [style, side] of [
    ["merge", "after"],
    ["diff3", "before"],
  ] as const) {
    it(`conflicts (${style} style, both entries ${side} the base's): scan reads the union, baseline rewrites it clean`, () => {
      const { repo, keys } = branches(side, null);
      const merge = repo.tryGit("-c", `merge.conflictStyle=${style}`, "merge", "--no-edit", "two");
      expect(merge.status).toBe(1);
      const conflicted = readFileSync(repo.path(DEFAULT), "utf8");
      expect(conflicted).toMatch(/^<<<<<<< /m);
      if (style === "diff3") expect(conflicted).toMatch(/^\|\|\|\|\|\|\| /m);

      const scan = repo.cli(["scan", "--baseline", DEFAULT]);
      expect(scan.stderr).toContain("holds git conflict markers: read as the union of both sides");
      expect(scan.status).toBe(0);

      const rewritten = repo.cli(["baseline"]);
      expect(rewritten.status).toBe(0);
      expect(readFileSync(repo.path(DEFAULT), "utf8")).toBe(baselineText(keys));
      repo.git("add", DEFAULT);
      repo.commitAll("merge two");
      const after = repo.cli(["scan", "--baseline", DEFAULT]);
      expect(after.stderr).toBe("");
      expect(after.status).toBe(0);
      expectNoKeyIn([scan.all, rewritten.all, after.all, readFileSync(repo.path(DEFAULT), "utf8")], keys);
    });
  }

  it("with merge=union in .gitattributes, merges without a conflict into a file scan reads", () => {
    const { repo, keys } = branches("after", `${DEFAULT} merge=union\n`);
    const merge = repo.tryGit("merge", "--no-edit", "two");
    expect(merge.status).toBe(0);
    const merged = readFileSync(repo.path(DEFAULT), "utf8");
    for (const key of keys) expect(merged).toContain(fingerprintKey(key));

    const scan = repo.cli(["scan", "--baseline", DEFAULT]);
    expect(scan.stderr).toContain("was merged by git's merge=union: read as the union of both sides");
    expect(scan.status).toBe(0);

    expect(repo.cli(["baseline"]).status).toBe(0);
    expect(readFileSync(repo.path(DEFAULT), "utf8")).toBe(baselineText(keys));
    const after = repo.cli(["scan", "--baseline", DEFAULT]);
    expect(after.stderr).toBe("");
    expect(after.status).toBe(0);
  });

  it("a key added after the merge is still reported", () => {
    const { repo, keys } = branches("before", null);
    repo.tryGit("merge", "--no-edit", "two");
    const fresh = secretKey();
    writeFileSync(repo.path("d.env"), `D=${fresh}\n`);
    const scan = repo.cli(["scan", "--baseline", DEFAULT, "--format", "json"]);
    expect(scan.status).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: Array<{ fingerprint: string }> };
    expect(report.findings.map((f) => f.fingerprint)).toEqual([fingerprintKey(fresh)]);
    expectNoKeyIn([scan.all], [...keys, fresh]);
  });
});

describe("a baseline write that fails half-way", () => {
  it("leaves the old baseline whole (written beside it, then renamed)", () => {
    const old = [secretKey(), secretKey()];
    const now = Array.from({ length: 20 }, () => secretKey());
    const t = tree({ [DEFAULT]: baselineText(old), "a.env": now.map((k, i) => `K${i}=${k}\n`).join("") });
    // A 1 KiB limit on the size of files written: the new baseline (about 2.7 KB) stops at it.
    const script = `ulimit -f 1; exec "$0" "$@"`;
    const run = spawnSync("bash", ["-c", script, process.execPath, CLI_BIN, "baseline"], { cwd: t.dir, env: cleanEnv(), encoding: "utf8" });
    expectNoKeyIn([run.stdout, run.stderr], [...old, ...now]);
    expect(run.stderr).toBe(`roxels-guard: cannot write baseline ${DEFAULT}: EFBIG\n`);
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(t.dir, DEFAULT), "utf8")).toBe(baselineText(old));
    expect(readdirSync(t.dir).sort()).toEqual([DEFAULT, "a.env"].sort());
  });
});

describe("a baseline rewritten through a symlink, or with its own mode", () => {
  it("keeps the link and the target whole when the write fails, and the file's mode when it succeeds", () => {
    const old = [secretKey(), secretKey()];
    const now = Array.from({ length: 20 }, () => secretKey());
    const t = tree({ "shared/real.json": baselineText(old), "a.env": now.map((k, i) => `K${i}=${k}\n`).join("") });
    symlinkSync("shared/real.json", path.join(t.dir, "link.json"));
    const baseline = (limit: string) =>
      spawnSync("bash", ["-c", `${limit} exec "$0" "$@"`, process.execPath, CLI_BIN, "baseline", "--output", "link.json"], {
        cwd: t.dir,
        env: cleanEnv(),
        encoding: "utf8",
      });
    const failed = baseline("ulimit -f 1;");
    expect(failed.stderr).toBe("roxels-guard: cannot write baseline link.json: EFBIG\n");
    expect(readFileSync(path.join(t.dir, "shared/real.json"), "utf8")).toBe(baselineText(old));
    expect(readdirSync(path.join(t.dir, "shared"))).toEqual(["real.json"]);

    chmodSync(path.join(t.dir, "shared/real.json"), 0o600);
    const written = baseline("");
    expect(written.status, written.stderr).toBe(0);
    expect(lstatSync(path.join(t.dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(statSync(path.join(t.dir, "shared/real.json")).mode & 0o777).toBe(0o600);
    expect(fingerprintsIn(path.join(t.dir, "link.json")).sort()).toEqual([...old, ...now].map(fingerprintKey).sort());
  });
});

describe("a device given as a baseline or config", () => {
  it.runIf(existsSync("/dev/zero"))("is refused at once, not read forever", async () => {
    const t = tree({ "a.txt": "x\n" });
    for (const [flag, what] of [
      ["--baseline", "baseline"],
      ["--config", "config"],
    ]) {
      const result = await runCli(["scan", ".", flag!, "/dev/zero"], { cwd: t.dir });
      expect(result.stderr).toBe(`roxels-guard: cannot read ${what} /dev/zero: not a regular file\n`);
      expect(result.code).toBe(2);
    }
  });
});

describe("what baseline says it wrote", () => {
  it("counts the entries in the file, those kept from before included", async () => {
    const [gone, still] = [secretKey(), secretKey()];
    const t = tree({ [DEFAULT]: baselineText([gone, still]), "a.env": `A=${still}\nB=${secretKey()}\n` });
    const written = await runCli(["baseline"], { cwd: t.dir });
    expect(written.stderr).toBe(`roxels-guard: baseline of 3 keys written to ${DEFAULT} (1 kept from before, not found now)\n`);
    expect(fingerprintsIn(path.join(t.dir, DEFAULT))).toHaveLength(3);
    const replaced = await runCli(["baseline", "--replace"], { cwd: t.dir });
    expect(replaced.stderr).toBe(`roxels-guard: baseline of 2 keys written to ${DEFAULT}\n`);
  });
});
