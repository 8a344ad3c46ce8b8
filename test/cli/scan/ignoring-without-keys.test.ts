/**
 * Ignoring a key without storing it: inline comments, .roxelsguardignore paths and
 * fingerprints, baselines, placeholders, the config file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey, stripeKey } from "../../support/keys.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

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
