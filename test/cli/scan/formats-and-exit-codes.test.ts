/**
 * `roxels-guard scan`: text, JSON and SARIF output, --output, and the exit codes 0, 1 and 2.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, REPO_ROOT, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey, stripeKey } from "../../support/keys.js";
import { scanJson, type JsonReport } from "./support.js";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const tree = useTempTrees();

describe("roxels-guard scan: formats and exit codes", () => {
  it("prints text findings with masked keys and exits 1", async () => {
    const key = secretKey();
    const t = tree({ "src/app.js": `const a = 1;\nconst key = "${key}";\n` });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`src/app.js:2:14  roxels-secret  ${masked(key)}  ${fingerprintKey(key)}`);
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
      { file: "config/app.json", line: 2, column: 14, kind: "roxels-secret", masked: masked(key), fingerprint: fingerprintKey(key) },
      { file: "config/app.json", line: 3, column: 14, kind: "stripe-secret", masked: masked(stripe, "sk_live_".length), fingerprint: fingerprintKey(stripe) },
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
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "test/reporters/schemas/sarif-schema-2.1.0.json"), "utf8"));
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
