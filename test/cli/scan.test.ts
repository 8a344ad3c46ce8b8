import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, REPO_ROOT, runCli, type CliResult } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { secretKey, stripeKey } from "../support/keys.js";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const tree = useTempTrees();

interface JsonReport {
  version: number;
  findings: Array<{ file: string; line: number; column: number; kind: string; masked: string; fingerprint: string; encoding?: string }>;
  stats: { files: number; bytes: number; skipped: number; skippedBy: Record<string, number> };
  suppressed?: Array<{ file: string; line: number; reason: string; detail?: string }>;
}

async function scanJson(cwd: string, args: string[] = [], keys: string[] = []): Promise<{ result: CliResult; report: JsonReport }> {
  const result = await runCli(["scan", ...args, "--format", "json"], { cwd });
  expectNoKeyIn([result.stdout, result.stderr], keys);
  return { result, report: JSON.parse(result.stdout) as JsonReport };
}

describe("roxels-guard scan: formats and exit codes", () => {
  it("prints text findings with masked keys and exits 1", async () => {
    const key = secretKey();
    const t = tree({ "src/app.js": `const a = 1;\nconst key = "${key}";\n` });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(1);
    const masked = `${key.slice(0, 7)}…${key.slice(-4)}`;
    expect(result.stdout).toContain(`src/app.js:2:14  roxels-secret  ${masked}  ${fingerprintKey(key)}`);
    expect(result.stdout).toMatch(/hint roxels-secret: revoke it/);
    expect(result.stdout).toMatch(/1 key found \(1 file, /);
    // Piped output has no colour codes.
    expect(result.stdout).not.toContain("\u001b[");
    expectNoKeyIn([result.stdout, result.stderr], [key]);
  });

  it("colours text output when forced, and not with NO_COLOR", async () => {
    const t = tree({ "a.env": `KEY=${secretKey()}\n` });
    const forced = await runCli(["scan", "--color"], { cwd: t.dir });
    expect(forced.stdout).toContain("\u001b[");
    const noColor = await runCli(["scan"], { cwd: t.dir, env: { NO_COLOR: "1", FORCE_COLOR: undefined } });
    expect(noColor.stdout).not.toContain("\u001b[");
  });

  it("reads a file named twice (a folder and a file in it) once, and reports in the order of the paths given", async () => {
    const keys = [secretKey(), secretKey()];
    const t = tree({ "src/a.env": `KEY=${keys[0]}\n`, "lib/b.env": `KEY=${keys[1]}\n` });
    const { result, report } = await scanJson(t.dir, ["src", "lib", "src/a.env", "./src/"], keys);
    expect(result.code).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(["src/a.env", "lib/b.env"]);
    expect(report.stats.files).toBe(2);
  });

  it("exits 0 and says so when no key is found", async () => {
    const t = tree({ "a.js": "const key = process.env.ROXELS_API_KEY;\n" });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no keys found \(1 file, /);
  });

  it("writes the JSON report of the issue's shape", async () => {
    const key = secretKey({ hyphen: true });
    const stripe = stripeKey();
    const t = tree({ "config/app.json": `{\n  "roxels": "${key}",\n  "stripe": "${stripe}"\n}\n`, "b.txt": "nothing\n" });
    const { result, report } = await scanJson(t.dir, [], [key, stripe]);
    expect(result.code).toBe(1);
    expect(report.version).toBe(1);
    expect(report.findings).toEqual([
      { file: "config/app.json", line: 2, column: 14, kind: "roxels-secret", masked: `${key.slice(0, 7)}…${key.slice(-4)}`, fingerprint: fingerprintKey(key) },
      { file: "config/app.json", line: 3, column: 14, kind: "stripe-secret", masked: `${stripe.slice(0, 12)}…${stripe.slice(-4)}`, fingerprint: fingerprintKey(stripe) },
    ]);
    expect(report.stats.files).toBe(2);
    expect(report.stats.bytes).toBe(readFileSync(path.join(t.dir, "config/app.json")).length + 8);
    expect(report.stats.skipped).toBe(0);
  });

  it("writes SARIF 2.1.0 that validates against the OASIS schema", async () => {
    const key = secretKey();
    const t = tree({ "dir with space/ünï code.ts": `export const k = "${key}";\n` });
    const result = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expectNoKeyIn([result.stdout], [key]);
    const sarif = JSON.parse(result.stdout);
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["roxels-secret"]);
    const [only] = run.results;
    expect(only.ruleId).toBe("roxels-secret");
    expect(only.partialFingerprints).toEqual({ "roxelsGuardKey/v1": fingerprintKey(key) });
    expect(only.locations[0].physicalLocation.artifactLocation.uri).toBe("dir%20with%20space/%C3%BCn%C3%AF%20code.ts");
    expect(only.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 19, endLine: 1, endColumn: 19 + key.length });
  });

  it("writes the report to --output and a summary to stderr", async () => {
    const key = secretKey();
    const t = tree({ "a.yaml": `key: ${key}\n` });
    const result = await runCli(["scan", ".", "--format", "json", "--output", "report.json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("1 key found; report written to report.json");
    const report = JSON.parse(readFileSync(path.join(t.dir, "report.json"), "utf8")) as JsonReport;
    expect(report.findings.map((f) => f.file)).toEqual(["a.yaml"]);
    expectNoKeyIn([readFileSync(path.join(t.dir, "report.json"), "utf8")], [key]);
  });

  it("exits 2 with one line for a missing path, a bad format and an unknown option", async () => {
    const t = tree({ "a.txt": "x\n" });
    for (const args of [["scan", "nope"], ["scan", "--format", "xml"], ["scan", "--frobnicate"], ["frob"]]) {
      const result = await runCli(args, { cwd: t.dir });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr).toMatch(/^roxels-guard: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("reads a folder of binaries as bytes: scanned, not skipped", async () => {
    const t = tree({ "bin/blob.bin": Buffer.from([0, 1, 2, 3, 0, 0]) });
    const result = await runCli(["scan", "bin"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no keys found \(1 file, 6 B scanned\)/);
  });
});

describe("roxels-guard scan: awkward files", () => {
  it("searches binary files as bytes, as strings would, and counts them as scanned", async () => {
    const key = secretKey();
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(key)]);
    const t = tree({ "img.png": binary, "a.txt": "hello\n" });
    const { result, report } = await scanJson(t.dir, [], [key]);
    expect(result.code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.column])).toEqual([["img.png", 8]]);
    expect(report.stats.skippedBy.binary ?? 0).toBe(0);
    expect(report.stats.files).toBe(2);
  });

  it("finds a key in a file that is not valid UTF-8, with the column of the decoded line", async () => {
    const key = secretKey();
    const bytes = Buffer.concat([Buffer.from("é\xff\xfe = "), Buffer.from([0xc3, 0x28, 0xa0, 0x20]), Buffer.from(`${key}\n`)]);
    const t = tree({ "broken.txt": bytes });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.line).toBe(1);
    // "é" + "ÿþ" (as written, 2-byte sequences) + " = " + 3 invalid bytes (U+FFFD each) + "(" + " "
    const prefix = Buffer.concat([Buffer.from("é\xff\xfe = "), Buffer.from([0xc3, 0x28, 0xa0, 0x20])]).toString("utf8");
    expect(report.findings[0]!.column).toBe(prefix.length + 1);
  });

  it("finds keys in UTF-16 files with a byte-order mark, both byte orders", async () => {
    const key = secretKey();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\n$env:KEY = "${key}"\r\n`, "utf16le")]);
    const beBody = Buffer.from(`x\n  key=${key}\n`, "utf16le");
    beBody.swap16();
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]);
    const t = tree({ "le.ps1": le, "be.txt": be });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ["be.txt", 2, 7],
      ["le.ps1", 2, 13],
    ]);
  });

  it("scans file names with spaces, quotes and newlines", async () => {
    const key = secretKey();
    const t = tree({ "my file.js": `k="${key}"\n`, "it's \"quoted\".txt": `k=${key}\n`, "new\nline.env": `K=${key}\n` });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => f.file).sort()).toEqual(["it's \"quoted\".txt", "my file.js", "new\nline.env"]);
    const text = await runCli(["scan"], { cwd: t.dir });
    // A newline in a name is shown escaped, so it cannot forge a report line.
    expect(text.stdout).toContain('"new\\nline.env":1:3');
  });

  it("reads large files in chunks and keeps line and column numbers right across chunk edges", async () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    const line = `${"x".repeat(99)}\n`;
    // 4 MiB chunks: put keys just before, across and after the first edge, and near the end.
    const before = line.repeat(41_942); // 4,194,200 bytes
    const content = `${before}K=${keys[0]} ${"y".repeat(40)} ${keys[1]}\n${line.repeat(60_000)}end ${keys[2]}`;
    const t = tree({ "big.log": content });
    const { report } = await scanJson(t.dir, [], keys);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual([
      [41_943, 3],
      [41_943, 3 + keys[0]!.length + 42],
      [41_943 + 60_001, 5],
    ]);
  });

  it("finds a key in a minified line of 20 MB", async () => {
    const key = secretKey();
    const t = tree({ "bundle.min.js": `${"a=b(c);".repeat(3_000_000)}var k="${key}";` });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual([[1, 21_000_008]]);
  });

  it("does not follow a symlink out of the scanned folder", async () => {
    const key = secretKey();
    const outside = tree({ "secret.env": `KEY=${key}\n` });
    const t = tree({ "a.txt": "hello\n" });
    symlinkSync(path.join(outside.dir, "secret.env"), path.join(t.dir, "link.env"));
    symlinkSync(outside.dir, path.join(t.dir, "linked-dir"));
    const { result, report } = await scanJson(t.dir, [], [key]);
    expect(result.code).toBe(0);
    expect(report.stats.skippedBy.symlinks).toBe(2);
  });

  it("skips node_modules and .git, and honours .gitignore in a git work tree", async () => {
    const key = secretKey();
    const t = tree({
      "node_modules/pkg/index.js": `k="${key}"`,
      "build/out.js": `k="${key}"`,
      ".gitignore": "build/\n",
      "src/ok.js": "export {};\n",
    });
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    writeFileSync(path.join(t.dir, ".git/leak.txt"), `k=${key}`);
    const ignored = await scanJson(t.dir, [], [key]);
    expect(ignored.result.code).toBe(0);
    const all = await scanJson(t.dir, ["--no-ignore"], [key]);
    expect(all.report.findings.map((f) => f.file)).toEqual(["build/out.js"]);
  });
});

describe("roxels-guard scan: ignoring without storing keys", () => {
  it("honours an inline roxels-guard-ignore comment, with or without a reason", async () => {
    const [a, b, c] = [secretKey(), secretKey(), secretKey()];
    const t = tree({
      "a.js": [
        `const sandbox = "${a}"; // roxels-guard-ignore: sandbox org, revoked`,
        `const other = "${b}"; /* roxels-guard-ignore */`,
        "// roxels-guard-ignore-next-line",
        `const third = "${c}";`,
        "",
      ].join("\n"),
    });
    const { result, report } = await scanJson(t.dir, ["--explain"], [a, b, c]);
    expect(result.code).toBe(0);
    expect(report.suppressed!.filter((s) => s.reason === "ignore-comment").map((s) => [s.line, s.detail ?? ""])).toEqual([
      [1, "sandbox org, revoked"],
      [2, ""],
      [4, ""],
    ]);
  });

  it("honours .roxelsguardignore paths (gitignore syntax) and fingerprints", async () => {
    const [a, b, c] = [secretKey(), secretKey(), secretKey()];
    const t = tree({
      ".roxelsguardignore": `# test data\ntest/fixtures/*\n!test/fixtures/keep.txt\n${fingerprintKey(b)}\n`,
      "test/fixtures/x.env": `K=${a}\n`,
      "test/fixtures/keep.txt": `K=${c}\n`,
      "src/y.env": `K=${b}\n`,
    });
    const { report } = await scanJson(t.dir, ["--explain"], [a, b, c]);
    expect(report.findings.map((f) => f.file)).toEqual(["test/fixtures/keep.txt"]);
    expect(report.stats.skippedBy.ignored).toBe(1);
    expect(report.suppressed!.map((s) => [s.file, s.reason])).toEqual([["src/y.env", "ignore-file"]]);
  });

  it("scans a folder named on the command line even when the ignore file excludes it", async () => {
    const key = secretKey();
    const t = tree({ ".roxelsguardignore": "fixtures/\n", "fixtures/app/a.env": `K=${key}\n`, "src/a.js": "1\n" });
    expect((await scanJson(t.dir, [], [key])).report.findings).toEqual([]);
    expect((await scanJson(t.dir, ["fixtures/app"], [key])).report.findings.map((f) => f.file)).toEqual(["fixtures/app/a.env"]);
  });

  it("writes a sorted baseline without lines or timestamps, and reports only new keys against it", async () => {
    const [old1, old2, fresh] = [secretKey(), secretKey(), secretKey()];
    const t = tree({ "a.env": `A=${old1}\nB=${old2}\n` });
    const written = await runCli(["baseline", "--output", "baseline.json"], { cwd: t.dir });
    expect(written.code).toBe(0);
    const baselineText = readFileSync(path.join(t.dir, "baseline.json"), "utf8");
    expectNoKeyIn([baselineText, written.stderr], [old1, old2]);
    const baseline = JSON.parse(baselineText) as { version: number; findings: Array<Record<string, string>> };
    expect(baseline.version).toBe(1);
    const fps = baseline.findings.map((f) => f.fingerprint);
    expect(fps).toEqual([fingerprintKey(old1), fingerprintKey(old2)].sort());
    expect(Object.keys(baseline.findings[0]!).sort()).toEqual(["fingerprint", "kind", "masked"]);

    // Moving the old keys around does not bring them back; a new key is reported.
    writeFileSync(path.join(t.dir, "a.env"), `\n\nB=${old2}\nC=${fresh}\nA=${old1}\n`);
    const { result, report } = await scanJson(t.dir, ["--baseline", "baseline.json", "--explain"], [old1, old2, fresh]);
    expect(result.code).toBe(1);
    expect(report.findings.map((f) => f.fingerprint)).toEqual([fingerprintKey(fresh)]);
    expect(report.suppressed!.map((s) => s.reason)).toEqual(["baseline", "baseline"]);
  });

  it("explains placeholders it did not report", async () => {
    const t = tree({ "README.md": "Set ROXELS_API_KEY=sk_your_key_here, or sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n" });
    const result = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("suppressed README.md:1:20  sk_yo…  placeholder (placeholder-words)");
    expect(result.stdout).toContain("suppressed README.md:1:41  sk_xx…  placeholder (repetitive)");
  });

  it("reads roxels-guard.config.json and rejects a malformed one with one line", async () => {
    const [a, b] = [secretKey(), secretKey()];
    const stripe = stripeKey();
    const t = tree({
      "roxels-guard.config.json": JSON.stringify({ ignore: ["legacy/**"], allowFingerprints: [fingerprintKey(a)], kinds: ["roxels-secret"] }),
      "a.env": `A=${a}\nS=${stripe}\n`,
      "legacy/old.env": `B=${b}\n`,
    });
    const { report } = await scanJson(t.dir, [], [a, b, stripe]);
    expect(report.findings).toEqual([]);
    expect(report.stats.skippedBy.ignored).toBe(1);

    writeFileSync(path.join(t.dir, "roxels-guard.config.json"), '{"ignores": []}');
    const unknown = await runCli(["scan"], { cwd: t.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^roxels-guard: .*roxels-guard\.config\.json: unknown setting "ignores" \(known: .*\)\n$/);

    writeFileSync(path.join(t.dir, "roxels-guard.config.json"), '{"ignore": [1,');
    const broken = await runCli(["scan"], { cwd: t.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^roxels-guard: .*not valid JSON/);
    expect(broken.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rejects a malformed baseline with one line", async () => {
    const t = tree({ "a.txt": "x\n", "b.json": '{"version":2}' });
    const result = await runCli(["scan", "--baseline", "b.json"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('roxels-guard: b.json: not a roxels-guard baseline (expected {"version":1,"findings":[…]})\n');
  });
});

describe("the bundled sample apps", () => {
  it("finds every planted key in fixtures/leaky-app, masked", async () => {
    const result = await runCli(["scan", "fixtures/leaky-app", "--format", "json"], { cwd: REPO_ROOT });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const byFile = report.findings.map((f) => `${f.file}:${f.line} ${f.kind}${f.encoding ? ` ${f.encoding}` : ""}`);
    expect(byFile).toEqual([
      "fixtures/leaky-app/.env:4 roxels-secret",
      "fixtures/leaky-app/deploy/docker-config.json:4 roxels-secret base64",
      "fixtures/leaky-app/deploy/k8s-secret.yaml:7 roxels-secret base64",
      "fixtures/leaky-app/deploy/set-env.ps1:2 roxels-secret",
      "fixtures/leaky-app/docs/api.md:5 roxels-secret",
      "fixtures/leaky-app/public/assets/app.min.js:1 roxels-secret",
      "fixtures/leaky-app/server/index.js:5 roxels-secret",
      "fixtures/leaky-app/server/logging.js:5 roxels-secret",
      "fixtures/leaky-app/src/components/SupportChat.jsx:7 roxels-secret",
      "fixtures/leaky-app/src/payments.js:2 stripe-secret",
      "fixtures/leaky-app/src/payments.js:3 openai",
    ]);
    for (const f of report.findings) expect(f.masked).toMatch(/^[a-z_-]+[A-Za-z0-9]{4}…[A-Za-z0-9]{4}$/);
  });

  it("finds nothing in fixtures/clean-app, full of traps", async () => {
    const result = await runCli(["scan", "fixtures/clean-app"], { cwd: REPO_ROOT });
    expect(result.stdout).toMatch(/no keys found/);
    expect(result.code).toBe(0);
  });
});
