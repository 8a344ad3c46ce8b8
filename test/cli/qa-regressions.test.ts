/** Regressions from outside-in QA: each case once reached a user. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, runCli } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { secretKey } from "../support/keys.js";

const tree = useTempTrees();

describe("a key typed as an argument is masked in every error", () => {
  const key = secretKey();
  const cases = [
    ["scan", key],
    ["scan", "--format", key],
    ["scan", "--since", key],
    ["scan", "--baseline", key],
    ["scan", "--ignore-file", key],
    ["scan", "--config", key],
    ["baseline", key],
    ["install", key],
    [key],
  ];
  for (const args of cases) {
    it(`roxels-guard ${args.map((a) => (a === key ? "<key>" : a)).join(" ")}`, async () => {
      const t = tree({ "a.txt": "x\n" });
      if (args.includes("--since")) execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code).toBe(2);
      expectNoKeyIn([result.stdout, result.stderr], [key]);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("shows the masked form so the user can tell which key it was", async () => {
    const t = tree({ "a.txt": "x\n" });
    const result = await runCli(["scan", key], { cwd: t.dir });
    expect(result.stderr).toBe(`roxels-guard: no such file or directory: ${key.slice(0, 7)}…${key.slice(-4)}\n`);
  });
});

describe("folders named on the command line", () => {
  it("scans a folder that .gitignore excludes, and one the ignore file excludes with a folder pattern", async () => {
    const key = secretKey();
    const t = tree({ "build/a.js": `k="${key}"\n`, "dist/b.js": `k="${key}"\n`, "src/c.js": "1\n", ".gitignore": "build/\n", ".roxelsguardignore": "dist/\n" });
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    for (const folder of ["build", "dist"]) {
      const result = await runCli(["scan", folder, "--format", "json"], { cwd: t.dir });
      expect(result.code, folder).toBe(1);
      expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file)).toEqual([`${folder}/${folder === "build" ? "a" : "b"}.js`]);
    }
    const whole = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).stats.skippedBy.ignored).toBe(1);
  });
});

describe("ignore files and configs", () => {
  it("accepts fingerprints in upper case and with a trailing note", async () => {
    const [a, b] = [secretKey(), secretKey()];
    const t = tree({
      ".roxelsguardignore": `${fingerprintKey(a).toUpperCase()}\n${fingerprintKey(b)}   # sandbox key, revoked 2026-11\n`,
      "a.env": `A=${a}\nB=${b}\n`,
    });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(0);
  });

  it("does not echo the text of a malformed config or baseline", async () => {
    const key = secretKey();
    const t = tree({ "roxels-guard.config.json": `KEY=${key}\n`, "b.json": `${key}\n`, "a.txt": "x\n" });
    const config = await runCli(["scan"], { cwd: t.dir });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/roxels-guard\.config\.json: not valid JSON( \(at character \d+\))?\n$/);
    writeFileSync(path.join(t.dir, "roxels-guard.config.json"), "{}");
    const baseline = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
    expect(baseline.stderr).toMatch(/^roxels-guard: b\.json: not valid JSON( \(at character \d+\))?\n$/);
    expect(`${config.stderr}${baseline.stderr}`).not.toContain(key.slice(3, 8));
  });
});

describe("encodings", () => {
  it("does not let a fake UTF-16 byte-order mark hide an ASCII key", async () => {
    const key = secretKey();
    const t = tree({ "spoof.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token=${key}\n`)]) });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toHaveLength(1);
  });

  it("reads files whose names are not UTF-8, in a walk and from git", async () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    // Names Linux allows but that do not decode: a file, and a file in such a folder.
    // (test/cli/parallel-scan.test.ts has such names read on the worker thread.)
    const bytes = (dir: string, ...parts: number[][]) => Buffer.concat([Buffer.from(`${dir}/`), ...parts.map((p) => Buffer.from(p))]);
    const t = tree({ "ok.env": `KEY=${keys[2]}\n` });
    writeFileSync(bytes(t.dir, [0x62, 0xff, 0x2e, 0x65, 0x6e, 0x76]), `KEY=${keys[0]}\n`); // b\xff.env
    mkdirSync(bytes(t.dir, [0x64, 0xfe]));
    writeFileSync(bytes(t.dir, [0x64, 0xfe, 0x2f, 0x78]), `KEY=${keys[1]}\n`); // d\xfe/x
    const expected = ["b\\xff.env", "d\\xfe/x", "ok.env"];
    for (const git of [false, true]) {
      if (git) execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
      expectNoKeyIn([result.stdout, result.stderr], keys);
      expect(result.stderr, `git: ${git}`).toBe("");
      expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file), `git: ${git}`).toEqual(expected);
    }
    // In SARIF such a byte is itself, percent-encoded, so that the URI names the real file.
    const sarif = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    const uris = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(["b%FF.env", "d%FE/x", "ok.env"]);
  });

  it("finds keys after a star, in bold Markdown and in a block comment", async () => {
    const [a, b] = [secretKey(), secretKey()];
    const t = tree({ "cm.js": `/* old key: ${a}*/\n`, "b.md": `**${b}**\n` });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["b.md", "cm.js"]);
  });
});

describe("a key in a file or folder name", () => {
  it("is masked wherever the report names the path: text, JSON, SARIF and the staged scan", async () => {
    const inName = secretKey();
    const inFile = secretKey();
    const t = tree({ [`${inName}/config.js`]: `const k = "${inFile}";\n` });
    const shown = `${inName.slice(0, 7)}…${inName.slice(-4)}/config.js`;
    const outputs: string[] = [];
    for (const format of ["text", "json", "sarif"]) {
      const result = await runCli(["scan", ".", "--format", format, "--no-color"], { cwd: t.dir });
      expect(result.code, result.stderr).toBe(1);
      outputs.push(result.stdout, result.stderr);
      // The name is itself a finding (place "file-name"), beside the key in the content.
      if (format === "json") {
        const findings = (JSON.parse(result.stdout) as { findings: Array<{ file: string; place?: string }> }).findings;
        expect(findings.map((f) => [f.file, f.place])).toEqual([
          [shown, "file-name"],
          [shown, undefined],
        ]);
      }
    }
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    execFileSync("git", ["add", "."], { cwd: t.dir });
    const staged = await runCli(["scan", "--staged", "--format", "json"], { cwd: t.dir });
    expect(staged.code, staged.stderr).toBe(1);
    // As on disk: the staged name is a finding of its own, beside the key in the content.
    expect((JSON.parse(staged.stdout) as { findings: Array<{ file: string; place?: string }> }).findings.map((f) => [f.file, f.place])).toEqual([
      [shown, "file-name"],
      [shown, undefined],
    ]);
    outputs.push(staged.stdout, staged.stderr);
    expectNoKeyIn(outputs, [inName, inFile]);
  });
});

describe("--explain on key-shaped text that is not a key", () => {
  it("says not-a-key, with the rule, for a name in code and a key glued to more text", async () => {
    const key = secretKey();
    const t = tree({ "app.js": `const a = $sk_customerSubscriptionIdentifier;\nconst b = "${key}-2024";\nconst c = "sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxx";\n` });
    const result = await runCli(["scan", "--format", "json", "--explain"], { cwd: t.dir });
    expectNoKeyIn([result.stdout, result.stderr], [key]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { suppressed: Array<{ line: number; reason: string; detail?: string }> };
    expect(report.suppressed.map((s) => [s.line, s.reason, s.detail])).toEqual([
      [1, "not-a-key", "identifier"],
      [2, "not-a-key", "suffixed"],
      [3, "placeholder", "repetitive"],
    ]);
  });
});

describe("options that do not apply are refused, not ignored", () => {
  const cases: Array<[string[], string]> = [
    [["scan", ".", "--all-occurrences"], "--all-occurrences goes with --history"],
    [["scan", "--staged", "--all-occurrences"], "--all-occurrences goes with --history"],
    [["scan", "--all", "src"], "--all scans every branch's history and takes no rev-range or path"],
    [["scan", ""], "an empty path was given"],
    [["baseline", "--baseline", "old.json"], "baseline takes no --baseline"],
    [["baseline", "--explain"], "baseline takes no --explain"],
    [["scan", "--staged", "--no-ignore"], "--no-ignore goes with a folder scan"],
    [["scan", "--history", "--no-ignore"], "--no-ignore goes with a folder scan"],
  ];
  for (const [args, message] of cases) {
    it(`roxels-guard ${args.map((a) => (a === "" ? "''" : a)).join(" ")}`, async () => {
      const t = tree({ "src/a.txt": "x\n" });
      execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.startsWith(`roxels-guard: ${message}`), result.stderr).toBe(true);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});
