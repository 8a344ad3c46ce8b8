/**
 * Robustness regressions from black-box QA: what a scanned file can put in an ignore
 * comment's reason, a reader that closes the pipe early, byte-order marks in the files a
 * team writes by hand, and fingerprint lines of an ignore file that are not quite right.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { CLI_BIN, cleanEnv, expectNoKeyIn, REPO_ROOT, runCli } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { randomBody, secretKey, stripeKey } from "../support/keys.js";

const tree = useTempTrees();

/** How the reports show a key: the prefix, the body's first and last four characters. */
const masked = (key: string, prefix = 3) => `${key.slice(0, prefix + 4)}…${key.slice(-4)}`;

interface Suppressed {
  file: string;
  line: number;
  reason: string;
  detail?: string;
}

async function explainJson(dir: string): Promise<{ code: number | null; suppressed: Suppressed[]; stdout: string; stderr: string }> {
  const result = await runCli(["scan", "--explain", "--format", "json"], { cwd: dir });
  return { ...result, suppressed: (JSON.parse(result.stdout) as { suppressed: Suppressed[] }).suppressed };
}

describe("--explain: the reason of an ignore comment", () => {
  it("shows a key in the reason masked, in every format", async () => {
    const [a, b, c, d] = [secretKey(), secretKey({ hyphen: true }), stripeKey("test"), secretKey()];
    const encoded = Buffer.from(`user:${d}`).toString("base64");
    const t = tree({
      "a.js": [
        `const k = "${a}"; // roxels-guard-ignore: sandbox key ${a}`,
        `const k2 = "${b}"; /* roxels-guard-ignore -- same as ${b} and ${c} */`,
        // A key on this line would be reported: a key cut short (too short to be one) is masked.
        `// roxels-guard-ignore-next-line: clé de test ${a.slice(0, 26)}`,
        `const k3 = "${a}";`,
        `const k4 = "${d}"; // roxels-guard-ignore: auth ${encoded}, and ${a.slice(0, 20)}`,
        "",
      ].join("\n"),
    });
    const keys = [a, b, c, d];
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.code).toBe(0);
    expectNoKeyIn([text.stdout, text.stderr], keys);
    expect(text.stdout).toContain(`ignore-comment (sandbox key ${masked(a)})`);
    expect(text.stdout).toContain(`ignore-comment (same as ${masked(b)} and ${masked(c, 8)})`);

    const json = await explainJson(t.dir);
    expectNoKeyIn([json.stdout, json.stderr], keys);
    const details = new Map(json.suppressed.map((s) => [s.line, s.detail]));
    expect([...details]).toEqual([
      [1, `sandbox key ${masked(a)}`],
      [2, `same as ${masked(b)} and ${masked(c, 8)}`],
      [4, "clé de test sk_…"],
      // The base64 value holding a key, and a key cut short, are hidden too.
      [5, `auth ${masked(d)}, and sk_…`],
    ]);
    // The encoded value is gone from the reason, not only the key inside it.
    expect(json.stdout).not.toContain(encoded.slice(8, 30));

    const sarif = await runCli(["scan", "--explain", "--format", "sarif"], { cwd: t.dir });
    expectNoKeyIn([sarif.stdout, sarif.stderr], keys);
  });

  it("shows control characters escaped, on one line", async () => {
    const key = secretKey();
    const t = tree({ "a.js": `k = "${key}"; // roxels-guard-ignore: \x1b]0;pwned\x07 \x1b[2J\x9b1m\u202egnp.exe\rforged line\n` });
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("ignore-comment (\\x1b]0;pwned\\x07 \\x1b[2J\\x9b1m\\u202egnp.exe)\n");
    // eslint-disable-next-line no-control-regex
    expect(text.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(text.stdout).not.toContain("forged line");

    const json = await explainJson(t.dir);
    expect(json.suppressed[0]!.detail).toBe("\x1b]0;pwned\x07 \x1b[2J\x9b1m\u202egnp.exe");
  });

  it("leaves out the comment's closer, and shows no parentheses for an empty reason", async () => {
    const keys = Array.from({ length: 9 }, () => secretKey());
    const lines = [
      `<!-- roxels-guard-ignore --> ${keys[0]}`,
      `<!-- roxels-guard-ignore: demo page --> ${keys[1]}`,
      `/* roxels-guard-ignore */ k = "${keys[2]}";`,
      `/* roxels-guard-ignore -- vendored */ k = "${keys[3]}";`,
      `{{!-- roxels-guard-ignore: handlebars --}} ${keys[4]}`,
      `<%# roxels-guard-ignore: erb %> <%= "${keys[5]}" %>`,
      `{# roxels-guard-ignore #} ${keys[6]}`,
      // A star in the reason once made the whole comment count for nothing.
      `k = "${keys[7]}"; // roxels-guard-ignore: matches the **/*.env glob`,
      `k = "${keys[8]}"; (* roxels-guard-ignore: ocaml *)`,
    ];
    const t = tree({ "page.html": `${lines.join("\n")}\n` });
    const json = await explainJson(t.dir);
    expect(json.code).toBe(0);
    expect(json.suppressed.map((s) => [s.line, s.reason, s.detail])).toEqual([
      [1, "ignore-comment", undefined],
      [2, "ignore-comment", "demo page"],
      [3, "ignore-comment", undefined],
      [4, "ignore-comment", "vendored"],
      [5, "ignore-comment", "handlebars"],
      [6, "ignore-comment", "erb"],
      [7, "ignore-comment", undefined],
      [8, "ignore-comment", "matches the **/*.env glob"],
      [9, "ignore-comment", "ocaml"],
    ]);
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.stdout).toMatch(/page\.html:1:\d+ {2}\S+ {2}ignore-comment\n/);
    expect(text.stdout).not.toContain("(>)");
    expect(text.stdout).toContain("ignore-comment (demo page)\n");
  });

  // Functional only: how long such a line takes is for a bench, not a test.
  it("suppresses or reports each of thousands of keys on one minified line", async () => {
    const body = Array.from({ length: 5_000 }, (_, i) => `a${i}="${secretKey()}";`).join("");
    for (const [name, text] of [
      ["with", `/* roxels-guard-ignore: minified */${body}`],
      ["without", body],
    ] as const) {
      const t = tree({ "min.js": text });
      const result = await runCli(["scan", "--format", "json", "--explain"], { cwd: t.dir });
      const report = JSON.parse(result.stdout) as { findings: unknown[]; suppressed: Suppressed[] };
      expect(report.findings.length, name).toBe(name === "with" ? 0 : 5_000);
      expect(report.suppressed.length, name).toBe(name === "with" ? 5_000 : 0);
    }
  });
});

describe("a reader that closes the pipe early (roxels-guard scan | head -1)", () => {
  const DIST_MAIN = path.join(REPO_ROOT, "packages/cli/dist/main.js");
  /** `node` arguments that run the CLI through the bin shim (and so a bundle), or through dist/main.js. */
  const viaBin = (args: string[]) => [CLI_BIN, ...args];
  const viaMain = (args: string[]) => [
    "--input-type=module",
    "-e",
    `const { run } = await import(${JSON.stringify(DIST_MAIN)}); process.exitCode = await run(process.argv.slice(1));`,
    "--",
    ...args,
  ];

  /**
   * Runs node with `nodeArgs`, closing its stdout after the first chunk read ("first"),
   * before it writes anything ("stdout"), or closing its stderr at once ("stderr").
   */
  function runClosing(nodeArgs: string[], cwd: string, close: "first" | "stdout" | "stderr") {
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; first: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, nodeArgs, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let first = "";
      let stderr = "";
      if (close === "first") {
        child.stdout.once("data", (chunk: Buffer) => {
          first = chunk.toString("utf8");
          child.stdout.destroy();
        });
      } else if (close === "stdout") {
        child.stdout.destroy();
      }
      if (close === "stderr") child.stderr.destroy();
      else child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, first, stderr });
      });
    });
  }

  /** A folder whose report is far larger than a pipe's buffer: 10,000 keys. */
  function manyKeys() {
    const lines = Array.from({ length: 10_000 }, () => `k = ${secretKey()}`);
    return tree({ "keys.txt": `${lines.join("\n")}\n` });
  }

  it("stops quietly with the exit code of the run, bundled and not, in every format", async () => {
    const t = manyKeys();
    for (const [name, nodeArgs] of [
      ["bin (cli.cjs)", viaBin(["scan", "."])],
      ["bin (cli.cjs), json", viaBin(["scan", ".", "--format", "json"])],
      ["bin (cli.cjs), --explain", viaBin(["scan", ".", "--explain"])],
      ["dist/main.js", viaMain(["scan", "."])],
    ] as const) {
      const result = await runClosing([...nodeArgs], t.dir, "first");
      expect({ name, code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ name, code: 1, signal: null, stderr: "" });
      expect(result.first.length, name).toBeGreaterThan(0);
    }
  });

  it("stops quietly in the pre-commit hook's bundle (scan --staged)", async () => {
    const t = manyKeys();
    const env = cleanEnv();
    execFileSync("git", ["init", "-q"], { cwd: t.dir, env });
    execFileSync("git", ["add", "-A"], { cwd: t.dir, env });
    const result = await runClosing(viaBin(["scan", "--staged"]), t.dir, "first");
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 1, signal: null, stderr: "" });
    expect(result.first).toMatch(/^keys\.txt:1:5 {2}roxels-secret {2}/);
  });

  it("keeps the exit code when stdout or stderr is closed before anything is written", async () => {
    const clean = tree({ "a.txt": "nothing here\n" });
    const stdoutClosed = await runClosing(viaBin(["scan", "."]), clean.dir, "stdout");
    expect({ code: stdoutClosed.code, stderr: stdoutClosed.stderr }).toEqual({ code: 0, stderr: "" });
    const stderrClosed = await runClosing(viaBin(["scan", "no-such-folder"]), clean.dir, "stderr");
    expect(stderrClosed.code).toBe(2);
    const hookStderrClosed = await runClosing(viaBin(["scan", "--staged"]), clean.dir, "stderr");
    expect(hookStderrClosed.code).toBe(2); // not a git repository
  });
});

describe("byte-order marks in the files a team writes by hand", () => {
  const BOM = "\ufeff";

  it("reads a config with a UTF-8 or UTF-16 byte-order mark", async () => {
    const key = secretKey();
    const config = JSON.stringify({ allowFingerprints: [fingerprintKey(key)] });
    const t = tree({ "a.env": `K=${key}\n`, "roxels-guard.config.json": `${BOM}${config}` });
    const utf8 = await runCli(["scan"], { cwd: t.dir });
    expect(utf8.stderr).toBe("");
    expect(utf8.code).toBe(0);
    writeFileSync(path.join(t.dir, "roxels-guard.config.json"), Buffer.from(`${BOM}${config}\r\n`, "utf16le"));
    const utf16 = await runCli(["scan"], { cwd: t.dir });
    expect(utf16.stderr).toBe("");
    expect(utf16.code).toBe(0);
  });

  it("reads an ignore file whose first line, after the mark, is a path", async () => {
    const key = secretKey();
    const t = tree({ "secret.env": `K=${key}\n`, "b.txt": "x\n", ".roxelsguardignore": `${BOM}secret.env\r\n` });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(0);
  });

  it("reads a baseline with a byte-order mark, and merges new keys into it", async () => {
    const [old, fresh] = [secretKey(), secretKey()];
    const baseline = { version: 1, findings: [{ fingerprint: fingerprintKey(old), kind: "roxels-secret", masked: masked(old) }] };
    const t = tree({ "a.env": `A=${old}\n`, "b.json": `${BOM}${JSON.stringify(baseline, null, 2)}\n` });
    const scan = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
    expect(scan.stderr).toBe("");
    expect(scan.code).toBe(0);

    writeFileSync(path.join(t.dir, "a.env"), `B=${fresh}\n`);
    const written = await runCli(["baseline", "--output", "b.json"], { cwd: t.dir });
    expect(written.code).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(t.dir, "b.json"), "utf8")) as { findings: Array<{ fingerprint: string }> };
    expect(merged.findings.map((f) => f.fingerprint)).toEqual([fingerprintKey(old), fingerprintKey(fresh)].sort());
  });
});

describe(".roxelsguardignore: fingerprint lines", () => {
  it("accepts spaces around the colon, any case, and a # note with or without a space", async () => {
    const keys = Array.from({ length: 5 }, () => secretKey());
    const fp = keys.map((k) => fingerprintKey(k));
    const t = tree({
      ".roxelsguardignore": [
        `fingerprint: ${fp[0]}`,
        `fingerprint:${fp[1]}#sandbox`,
        `Fingerprint :  ${fp[2]!.toUpperCase()}   # revoked 2026-11`,
        `${fp[3]}#note`,
        `\tfingerprint:\t${fp[4]} `,
        "",
      ].join("\n"),
      "a.env": keys.map((k, i) => `K${i}=${k}`).join("\n"),
    });
    const json = await explainJson(t.dir);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    expect(json.suppressed.map((s) => s.reason)).toEqual(Array(5).fill("ignore-file"));
  });

  it("stops with the file and line of a fingerprint that is not one", async () => {
    const fp = fingerprintKey(secretKey());
    const cases: Array<[string, RegExp]> = [
      [`fingerprint:${fp.slice(1)}`, /:3: "fingerprint:" must be followed by a fingerprint, 16 hex digits/],
      [`fingerprint: ${fp}0 # note`, /:3: "fingerprint:" must be followed by a fingerprint/],
      ["fingerprint: see the wiki", /:3: "fingerprint:" must be followed by a fingerprint/],
      [`${fp.slice(1)}`, /:3: 15 hex digits: a fingerprint has 16/],
      [`${fp}${fp}  # sha-256?`, /:3: 32 hex digits: a fingerprint has 16/],
    ];
    for (const [line, message] of cases) {
      const t = tree({ ".roxelsguardignore": `# keys\ndist/\n${line}\n`, "a.txt": "x\n" });
      const result = await runCli(["scan"], { cwd: t.dir });
      expect({ line, code: result.code }).toEqual({ line, code: 2 });
      expect(result.stderr).toMatch(/^roxels-guard: \S*\.roxelsguardignore:3: /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
  });

  it("stops on a key pasted into the file, shown masked with the fingerprint to write instead", async () => {
    const key = secretKey();
    for (const line of [key, `fingerprint: ${key}`, `# the old one: ${key}`, `K=${key} # note`]) {
      const t = tree({ ".roxelsguardignore": `dist/\n${line}\n`, "a.env": `K=${key}\n` });
      const result = await runCli(["scan"], { cwd: t.dir });
      expect(result.code).toBe(2);
      expectNoKeyIn([result.stdout, result.stderr], [key]);
      expect(result.stderr).toMatch(/^roxels-guard: \S*\.roxelsguardignore:2: holds a key/);
      expect(result.stderr).toContain(`(${masked(key)})`);
      expect(result.stderr).toContain(`write ${fingerprintKey(key)} there instead`);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("stops on a key in the config's allowFingerprints, shown masked", async () => {
    const key = secretKey();
    const t = tree({ "roxels-guard.config.json": JSON.stringify({ allowFingerprints: [key] }), "a.txt": "x\n" });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expectNoKeyIn([result.stdout, result.stderr], [key]);
    expect(result.stderr).toContain(`entry ${masked(key)} is a key, not a fingerprint: write ${fingerprintKey(key)} instead`);
  });

  it("keeps hex-looking names that are paths as path rules", async () => {
    const key = secretKey();
    const t = tree({
      ".roxelsguardignore": "deadbeef\n20240101123456\ndist/main.3f9a8b7c6d5e4f30.js\nfoo#bar\n",
      "deadbeef/a.env": `K=${key}\n`,
      "20240101123456/a.env": `K=${key}\n`,
      "dist/main.3f9a8b7c6d5e4f30.js": `k="${key}"\n`,
      [`src/${randomBody(8)}.txt`]: "x\n",
    });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stats.skippedBy.ignored).toBe(3);
  });
});
