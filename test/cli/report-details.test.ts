/**
 * Details of the reports found by black-box QA: where SARIF paths are rooted, what the
 * `kinds` setting does to --explain, FORCE_COLOR, the SARIF rules' wording, and what the
 * text summary says about keys that were suppressed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { fingerprintKey } from "@roxels-guard/core";
import { CLI_BIN, cleanEnv, expectNoKeyIn, REPO_ROOT, runCli } from "../support/cli.js";
import { useTempTrees } from "../support/trees.js";
import { anthropicKey, embedKey, openaiProjectKey, secretKey, stripeKey } from "../support/keys.js";
import { cleanupTempDirs, Repo, tempDir } from "../git/support/repo.js";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const tree = useTempTrees();
afterAll(cleanupTempDirs);

const ESC = "\x1b[";

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
}
interface SarifLog {
  runs: Array<{
    originalUriBaseIds?: Record<string, { uri: string }>;
    tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string } }> } };
    results: Array<{ message: { text: string }; locations: SarifLocation[] }>;
  }>;
}

function validSarif(text: string): SarifLog {
  const sarif = JSON.parse(text) as SarifLog;
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  return sarif;
}

function locations(sarif: SarifLog): Array<{ uri: string; uriBaseId?: string }> {
  return sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
}

/** `file:///…/` of a folder, as SARIF's originalUriBaseIds want it. */
function folderUri(dir: string): string {
  return pathToFileURL(`${realpathSync(dir)}/`).href;
}

describe("SARIF paths are relative to the work tree's root, which %SRCROOT% names", () => {
  function repoWithKeys(): { repo: Repo; keys: string[] } {
    const keys = [secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("src/a/one.js", `export const k = "${keys[0]}";\n`).write("lib/two.sh", `KEY=${keys[1]}\n`);
    return { repo, keys };
  }

  it("from a subfolder, a folder scan of .. gives root-relative URIs, never ../", () => {
    const { repo, keys } = repoWithKeys();
    const run = repo.cli(["scan", "--format", "sarif", ".."], { cwd: repo.path("src") });
    expect(run.status, run.stderr).toBe(1);
    expectNoKeyIn([run.all], keys);
    const sarif = validSarif(run.stdout);
    expect(locations(sarif)).toEqual([
      { uri: "lib/two.sh", uriBaseId: "%SRCROOT%" },
      { uri: "src/a/one.js", uriBaseId: "%SRCROOT%" },
    ]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("JSON output stays relative to the current folder", () => {
    const { repo } = repoWithKeys();
    const run = repo.cli(["scan", "--format", "json", ".."], { cwd: repo.path("src") });
    expect(run.status, run.stderr).toBe(1);
    const files = (JSON.parse(run.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file);
    expect(files).toEqual(["../lib/two.sh", "a/one.js"]);
  });

  it("--history and --staged from a subfolder give root-relative URIs", () => {
    const { repo, keys } = repoWithKeys();
    repo.commitAll("keys");
    const history = repo.cli(["scan", "--history", "--format", "sarif"], { cwd: repo.path("src/a") });
    expect(history.status, history.stderr).toBe(1);
    expectNoKeyIn([history.all], keys);
    const fromHistory = validSarif(history.stdout);
    expect(locations(fromHistory).map((l) => l.uri).sort()).toEqual(["lib/two.sh", "src/a/one.js"]);
    expect(locations(fromHistory).every((l) => l.uriBaseId === "%SRCROOT%")).toBe(true);
    expect(fromHistory.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });

    const more = secretKey();
    repo.write("lib/three.py", `KEY = "${more}"\n`);
    repo.git("add", "lib/three.py");
    const staged = repo.cli(["scan", "--staged", "--format", "sarif"], { cwd: repo.path("src") });
    expect(staged.status, staged.stderr).toBe(1);
    expectNoKeyIn([staged.all], [more]);
    const fromStaged = validSarif(staged.stdout);
    expect(locations(fromStaged)).toEqual([{ uri: "lib/three.py", uriBaseId: "%SRCROOT%" }]);
    expect(fromStaged.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("a repository scanned from outside it is rooted at its own top folder", () => {
    const { repo } = repoWithKeys();
    const outside = tempDir("rg-outside-");
    const run = repo.cli(["scan", "--format", "sarif", repo.path("src")], { cwd: outside });
    expect(run.status, run.stderr).toBe(1);
    const sarif = validSarif(run.stdout);
    expect(locations(sarif)).toEqual([{ uri: "src/a/one.js", uriBaseId: "%SRCROOT%" }]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("outside git, the root is the current folder; a file outside it gets an absolute URI", async () => {
    const key = secretKey();
    const other = secretKey();
    const t = tree({ "here/x y.js": `k = "${key}"\n`, "there/y.js": `k = "${other}"\n` });
    const result = await runCli(["scan", "--format", "sarif", ".", "../there"], { cwd: path.join(t.dir, "here") });
    expect(result.code, result.stderr).toBe(1);
    const sarif = validSarif(result.stdout);
    expect(locations(sarif)).toEqual([
      { uri: "x%20y.js", uriBaseId: "%SRCROOT%" },
      { uri: pathToFileURL(path.join(realpathSync(t.dir), "there/y.js")).href },
    ]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(path.join(t.dir, "here")) } });
  });
});

describe('the "kinds" setting', () => {
  it("lists a key of a kind left out as suppressed by the config in --explain", async () => {
    const roxels = secretKey();
    const stripe = stripeKey();
    const t = tree({
      "roxels-guard.config.json": JSON.stringify({ kinds: ["roxels-secret"] }),
      "a.env": `ROXELS=${roxels}\nSTRIPE=${stripe}\n`,
    });
    const json = await runCli(["scan", "--explain", "--format", "json"], { cwd: t.dir });
    expect(json.code, json.stderr).toBe(1);
    expectNoKeyIn([json.stdout, json.stderr], [roxels, stripe]);
    const report = JSON.parse(json.stdout) as { findings: Array<{ kind: string }>; suppressed: unknown[] };
    expect(report.findings.map((f) => f.kind)).toEqual(["roxels-secret"]);
    expect(report.suppressed).toEqual([
      { file: "a.env", line: 2, column: 8, masked: `${stripe.slice(0, 12)}…${stripe.slice(-4)}`, reason: "config", detail: "kinds" },
    ]);

    const text = await runCli(["scan", "--explain", "--no-color"], { cwd: t.dir });
    expect(text.stdout).toContain(`suppressed a.env:2:8  ${stripe.slice(0, 12)}…${stripe.slice(-4)}  config (kinds)`);
  });

  it("does the same for a staged key", () => {
    const stripe = stripeKey();
    const repo = new Repo();
    repo.write("roxels-guard.config.json", JSON.stringify({ kinds: ["roxels-secret"] }));
    repo.write("pay.js", `const s = "${stripe}";\n`);
    repo.git("add", "-A");
    const run = repo.cli(["scan", "--staged", "--explain", "--format", "json"]);
    expect(run.status, run.stderr).toBe(0);
    expectNoKeyIn([run.all], [stripe]);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; suppressed: Array<{ file: string; reason: string; detail?: string }> };
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.file, s.reason, s.detail])).toEqual([["pay.js", "config", "kinds"]]);
  });

  it("an empty list is a one-line config error, exit 2", async () => {
    const t = tree({ "roxels-guard.config.json": JSON.stringify({ kinds: [] }), "a.env": `K=${secretKey()}\n` });
    const result = await runCli(["scan"], { cwd: t.dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^roxels-guard: .*roxels-guard\.config\.json: "kinds" .*empty/);
  });
});

describe("colours", () => {
  it("decides from the flags, NO_COLOR, FORCE_COLOR and the terminal, in that order", async () => {
    const { useColor } = (await import(path.join(REPO_ROOT, "packages/cli/dist/io.js"))) as {
      useColor(io: { env: NodeJS.ProcessEnv }, isTTY: boolean): boolean;
    };
    const decide = (env: NodeJS.ProcessEnv, tty: boolean) => useColor({ env }, tty);
    expect(decide({}, true)).toBe(true);
    expect(decide({}, false)).toBe(false);
    expect(decide({ TERM: "dumb" }, true)).toBe(false);
    for (const off of ["0", "false"]) expect(decide({ FORCE_COLOR: off }, true), off).toBe(false);
    for (const on of ["1", "2", "3", "true", ""]) expect(decide({ FORCE_COLOR: on }, false), JSON.stringify(on)).toBe(true);
    expect(decide({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(decide({ NO_COLOR: "", FORCE_COLOR: "0" }, true)).toBe(false);
  });

  it("FORCE_COLOR=1 colours a pipe, FORCE_COLOR=0 does not, and --color beats NO_COLOR", async () => {
    const t = tree({ "a.env": `K=${secretKey()}\n` });
    const forced = await runCli(["scan"], { cwd: t.dir, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(ESC);
    const off = await runCli(["scan"], { cwd: t.dir, env: { FORCE_COLOR: "0" } });
    expect(off.stdout).not.toContain(ESC);
    const flag = await runCli(["scan", "--color"], { cwd: t.dir, env: { NO_COLOR: "1" } });
    expect(flag.stdout).toContain(ESC);
    const noFlag = await runCli(["scan", "--no-color"], { cwd: t.dir, env: { FORCE_COLOR: "1" } });
    expect(noFlag.stdout).not.toContain(ESC);
  });

  const hasScript = existsSync("/usr/bin/script") || existsSync("/bin/script");
  it.skipIf(!hasScript)("FORCE_COLOR=0 and FORCE_COLOR=false turn colours off on a terminal", () => {
    const t = tree({ "a.env": `K=${secretKey()}\n` });
    // util-linux script(1) runs the CLI on a pseudo-terminal.
    const onTty = (env: Record<string, string | undefined>) =>
      spawnSync("script", ["-qec", `"${process.execPath}" "${CLI_BIN}" scan`, "/dev/null"], {
        cwd: t.dir,
        env: cleanEnv({ TERM: "xterm-256color", ...env }),
        encoding: "utf8",
      }).stdout;
    expect(onTty({})).toContain(ESC);
    expect(onTty({ FORCE_COLOR: "0" })).not.toContain(ESC);
    expect(onTty({ FORCE_COLOR: "false" })).not.toContain(ESC);
    expect(onTty({ NO_COLOR: "1" })).not.toContain(ESC);
  });
});

describe("SARIF rule text", () => {
  it('says "A" or "An" as each kind needs', async () => {
    const keys = [secretKey(), stripeKey(), stripeKey("live", true), openaiProjectKey(), anthropicKey(), embedKey()];
    const t = tree({ "all.env": keys.map((k, i) => `K${i}=${k}`).join("\n") + "\n" });
    const result = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expectNoKeyIn([result.stdout], keys);
    const rules = validSarif(result.stdout).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(["anthropic", "openai", "roxels-secret", "stripe-restricted", "stripe-secret"]);
    const full = Object.fromEntries(rules.map((r) => [r.id, r.fullDescription.text]));
    expect(full.openai).toMatch(/^An OpenAI API key appears/);
    expect(full.anthropic).toMatch(/^An Anthropic API key appears/);
    expect(full["roxels-secret"]).toMatch(/^A Roxels secret key appears/);
    for (const rule of rules) expect(rule.fullDescription.text).toMatch(/^(?:A [^AEIOUaeiou]|An [AEIOUaeiou])/);
  });
});

describe("the text summary counts suppressed keys without listing them", () => {
  it("says how many the baseline suppressed", async () => {
    const keys = [secretKey(), secretKey(), stripeKey()];
    const t = tree({ "a.env": keys.map((k, i) => `K${i}=${k}`).join("\n") + "\n" });
    const baseline = await runCli(["baseline"], { cwd: t.dir });
    expect(baseline.code, baseline.stderr).toBe(0);
    const result = await runCli(["scan", "--baseline", ".roxelsguard-baseline.json", "--no-color"], { cwd: t.dir });
    expect(result.code, result.stderr).toBe(0);
    expectNoKeyIn([result.stdout, result.stderr], keys);
    expect(result.stdout.trim()).toMatch(/^no keys found \(2 files, [\d.]+ \w?B scanned; 3 suppressed by the baseline\)$/);
  });

  it("names each kind of suppression, and still counts them when keys are found", async () => {
    const [comment, file, allowed, left, found] = [secretKey(), secretKey(), secretKey(), stripeKey(), secretKey()];
    const t = tree({
      "a.js": [`a = "${comment}"; // roxels-guard-ignore: sandbox`, `b = "${file}"`, `c = "${allowed}"`, `d = "${left}"`].join("\n") + "\n",
      "roxels-guard.config.json": JSON.stringify({ kinds: ["roxels-secret"], allowFingerprints: [fingerprintKey(allowed)] }),
      ".roxelsguardignore": `${fingerprintKey(file)}\n`,
    });
    const clean = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(clean.code, clean.stderr).toBe(0);
    const summary = clean.stdout.trim().split("\n").at(-1);
    expect(summary).toMatch(/^no keys found \(3 files, .* scanned; 4 suppressed: 1 by an ignore comment, 1 by the ignore file, 2 by the config\)$/);
    expect(clean.stdout.trim().split("\n")).toHaveLength(1); // counted, not listed

    writeFileSync(path.join(t.dir, "b.js"), `e = "${found}"\n`);
    const dirty = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(dirty.code).toBe(1);
    expect(dirty.stdout.trim().split("\n").at(-1)).toMatch(/^1 key found \(4 files, .* scanned; 4 suppressed: /);
    expectNoKeyIn([clean.stdout, dirty.stdout], [comment, file, allowed, left, found]);
  });

  it("does not count placeholders and names in code, which are not keys", async () => {
    const t = tree({ "a.js": `a = "sk_your_key_here";\nb = sk_customerSubscriptionIdentifier;\n` });
    const result = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^no keys found \(1 file, [\d.]+ \w?B scanned\)$/);
  });
});
