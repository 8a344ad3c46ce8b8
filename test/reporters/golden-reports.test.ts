/**
 * Each reporter renders one fixed set of findings (file and archive paths, base64, a key
 * in a file name, build output with its import chain, history commits, every kind of
 * suppression) exactly as the files under test/reporters/golden/ hold it. A change to a
 * report shows in review as a diff of those files: `UPDATE_GOLDEN=1 npx vitest run
 * test/reporters/golden-reports.test.ts` rewrites them. The keys come from a fixed seed,
 * so the files are the same on every run, and only their masked forms and fingerprints
 * are ever rendered.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { fingerprintKey, maskKey, Secret, type KeyKind } from "@roxels-guard/core";
import { formatJson, formatSarif, formatText, jsonReport, sarifReport } from "@roxels-guard/reporters";
import type { Finding, ScanResult, Suppressed } from "@roxels-guard/scanner";
import { expectNoKeyIn } from "../support/cli.js";
import { keysFromSeed } from "../support/keys.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(here, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

// CommonJS packages: under NodeNext their default import is the whole module.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

/** Fixed, so the golden files do not move with the run's seed. */
const keys = keysFromSeed(20261203);
const roxels = keys.secretKey();
const roxelsHyphen = keys.secretKey({ hyphen: true });
const inArchive = keys.secretKey();
const encoded = keys.secretKey();
const inName = keys.secretKey();
const inBuild = keys.secretKey();
const stripe = keys.stripeKey();
const openai = keys.openaiProjectKey();
const committed = keys.secretKey();
const inMessage = keys.secretKey();
const ignored = keys.secretKey();
const baselined = keys.secretKey();
const allowed = keys.secretKey();
const ALL_KEYS = [roxels, roxelsHyphen, inArchive, encoded, inName, inBuild, stripe, openai, committed, inMessage, ignored, baselined, allowed];

function finding(key: string, kind: KeyKind, file: string, line: number, column: number, extra: Partial<Finding> = {}): Finding {
  return {
    file,
    line,
    column,
    endColumn: column + key.length,
    kind,
    masked: maskKey(key),
    fingerprint: fingerprintKey(key),
    secret: new Secret(key),
    encoding: "plain",
    ...extra,
  };
}

function suppressed(key: string, file: string, line: number, reason: Suppressed["reason"], detail?: string): Suppressed {
  return {
    file,
    line,
    column: 7,
    masked: maskKey(key),
    reason,
    ...(detail !== undefined ? { detail } : {}),
    key: { secret: new Secret(key), kind: "roxels-secret" },
  };
}

/** A file scan: what `roxels-guard scan` hands the reporters. */
const filesScan: ScanResult = {
  findings: [
    finding(roxels, "roxels-secret", "src/config.ts", 3, 15),
    finding(roxelsHyphen, "roxels-secret", ".env", 1, 16),
    finding(inArchive, "roxels-secret", "vendor/a.zip!/x/.env", 2, 9),
    finding(encoded, "roxels-secret", "deploy/values.yaml", 12, 11, { encoding: "base64", endColumn: 71 }),
    finding(inName, "roxels-secret", `notes/${maskKey(inName)}.txt`, 1, 7, { place: "file-name" }),
    finding(inBuild, "roxels-secret", "dist/assets/index-4f2a.js", 1, 20417, {
      source: { file: "src/lib/api.ts", line: 4, column: 22, importChain: ["src/main.tsx", "src/App.tsx"] },
    }),
    finding(stripe, "stripe-secret", "my docs/billing notes.md", 40, 3),
    finding(openai, "openai", "scripts/seed.py", 7, 18),
  ],
  suppressed: [
    suppressed(ignored, "test/fixtures.ts", 9, "ignore-comment", "sandbox key, revoked"),
    suppressed(baselined, "legacy/old.js", 2, "baseline"),
    suppressed(allowed, "docs/example.md", 5, "config"),
    { file: "README.md", line: 30, column: 5, masked: "sk_your…", reason: "placeholder", detail: "a template placeholder" },
  ],
  stats: { files: 12, bytes: 48_213, skipped: { binary: 1, ignored: 3, unreadable: 0, symlinks: 1, tooLarge: 0 } },
  warnings: [],
};

const COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const LATER = "9c3e1f7a2b5d4e6f8a0b1c2d3e4f5a6b7c8d9e0f";

/** A history scan: findings carry the commit that added them. */
const historyScan: ScanResult = {
  findings: [
    finding(committed, "roxels-secret", "server/keys.js", 2, 14, { commit: COMMIT, author: "dev@example.com", date: "2026-11-02T09:15:00+01:00", occurrences: 3 }),
    finding(inMessage, "roxels-secret", "server/keys.js", 1, 31, { commit: LATER, author: "ops@example.com", date: "2026-11-20T17:40:12Z", place: "commit-message", occurrences: 1 }),
  ],
  suppressed: [suppressed(baselined, "legacy/old.js", 2, "baseline")],
  stats: { files: 0, bytes: 9_731, skipped: { binary: 0, ignored: 0, unreadable: 0, symlinks: 0, tooLarge: 0 }, commits: 17 },
  warnings: [],
};

/** The work tree the SARIF URIs are rooted at; fixed, so the file URI in the log is too. */
const SARIF = { toolVersion: "0.0.0-golden", root: "/work/project", cwd: "/work/project" } as const;

const outputs: Record<string, () => string> = {
  "files.txt": () => formatText(filesScan, { color: false }),
  "files-explain.txt": () => formatText(filesScan, { color: false, explain: true }),
  "history.txt": () => formatText(historyScan, { color: false }),
  "files-explain.json": () => formatJson(filesScan, { explain: true }),
  "history.json": () => formatJson(historyScan),
  "files.sarif": () => formatSarif(filesScan, SARIF),
  "history.sarif": () => formatSarif(historyScan, SARIF),
};

describe("golden reports", () => {
  for (const [name, render] of Object.entries(outputs)) {
    it(`${name} is what the reporter writes`, () => {
      const actual = render();
      expectNoKeyIn([actual], ALL_KEYS);
      const file = path.join(GOLDEN, name);
      if (UPDATE) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, actual);
      }
      if (!existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is missing: run UPDATE_GOLDEN=1 npx vitest run ${path.relative(process.cwd(), fileURLToPath(import.meta.url))}`);
      expect(actual).toBe(readFileSync(file, "utf8"));
    });
  }
});

describe("the text report", () => {
  const text = formatText(filesScan, { color: false });

  it("prints one line a finding, in the order found, each with its masked key and fingerprint", () => {
    // Build output adds indented lines (from …, imported by …) under its finding.
    const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith(" ")).slice(0, filesScan.findings.length);
    expect(lines.map((line) => line.split("  ")[0])).toEqual([
      "src/config.ts:3:15",
      ".env:1:16",
      "vendor/a.zip!/x/.env:2:9",
      "deploy/values.yaml:12:11",
      `notes/${maskKey(inName)}.txt:1:7`,
      "dist/assets/index-4f2a.js:1:20417",
      "my docs/billing notes.md:40:3",
      "scripts/seed.py:7:18",
    ]);
    filesScan.findings.forEach((f, i) => expect(lines[i]).toContain(`${f.masked}  ${f.fingerprint}`));
  });

  it("shows where build output came from: the source line and the imports that pulled it in", () => {
    expect(text).toContain("dist/assets/index-4f2a.js:1:20417");
    expect(text).toContain("\n  from src/lib/api.ts:4:22\n  imported by src/main.tsx -> src/App.tsx\n");
  });

  it("gives one hint per kind found, and counts suppressed keys by what suppressed them without listing them", () => {
    expect(text.match(/^hint /gm)).toHaveLength(4);
    expect(text).not.toContain("suppressed ");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "8 keys found (12 files, 47.1 KB scanned; skipped: 1 binary, 3 ignored, 1 symlink not followed; 3 suppressed: 1 by an ignore comment, 1 by the config, 1 by the baseline)",
    );
  });

  it("lists each suppressed match with its reason under --explain", () => {
    const explained = formatText(filesScan, { color: false, explain: true });
    expect(explained).toContain(`suppressed test/fixtures.ts:9:7  ${maskKey(ignored)}  ignore-comment (sandbox key, revoked)`);
    expect(explained).toContain("suppressed README.md:30:5  sk_your…  placeholder (a template placeholder)");
  });

  it("names the commit by its first 12 characters, with author, day and how many more commits added the key", () => {
    expect(formatText(historyScan, { color: false })).toContain(`server/keys.js:2:14  roxels-secret  ${maskKey(committed)}  ${fingerprintKey(committed)}  4b825dc642cb dev@example.com 2026-11-02 (+2 more commits)`);
  });
});

describe("the JSON report", () => {
  it("is the same whether written in pieces or as one string", () => {
    expect([...jsonReport(filesScan, { explain: true })].join("")).toBe(formatJson(filesScan, { explain: true }));
  });

  it("never carries the key behind a suppressed match, nor a finding's secret", () => {
    const report = JSON.parse(formatJson(filesScan, { explain: true })) as { findings: object[]; suppressed: object[] };
    expect(report.findings.every((f) => !("secret" in f))).toBe(true);
    expect(report.suppressed).toHaveLength(4);
    expect(report.suppressed.every((s) => !("key" in s))).toBe(true);
  });

  it("leaves suppressed out unless --explain, and says plain encoding by leaving it out", () => {
    const report = JSON.parse(formatJson(filesScan)) as { findings: Array<{ encoding?: string }>; suppressed?: unknown };
    expect(report.suppressed).toBeUndefined();
    expect(report.findings.map((f) => f.encoding ?? "plain")).toEqual(["plain", "plain", "plain", "base64", "plain", "plain", "plain", "plain"]);
  });
});

describe("the SARIF report", () => {
  const schema = JSON.parse(readFileSync(path.join(here, "schemas/sarif-schema-2.1.0.json"), "utf8")) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  interface Log {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string }> } };
      results: Array<{ ruleId: string; ruleIndex: number; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    }>;
  }

  for (const [name, result] of [["a file scan", filesScan], ["a history scan", historyScan]] as const) {
    it(`validates against the SARIF 2.1.0 schema for ${name}`, () => {
      const log: unknown = JSON.parse(formatSarif(result, SARIF));
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it("is the same whether written in pieces or as one string", () => {
    expect([...sarifReport(filesScan, SARIF)].join("")).toBe(formatSarif(filesScan, SARIF));
  });

  it("has one rule per kind found, each result pointing at its own, with the key's fingerprint to track it", () => {
    const run = (JSON.parse(formatSarif(filesScan, SARIF)) as Log).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["openai", "roxels-secret", "stripe-secret"]);
    run.results.forEach((r, i) => {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.partialFingerprints["roxelsGuardKey/v1"]).toBe(filesScan.findings[i]!.fingerprint);
    });
  });

  it("percent-encodes what a URI cannot hold raw, and keeps an archive entry's path whole", () => {
    const uris = (JSON.parse(formatSarif(filesScan, SARIF)) as Log).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain("vendor/a.zip!/x/.env");
    expect(uris).toContain("my%20docs/billing%20notes.md");
    expect(uris).toContain(`notes/${encodeURIComponent(maskKey(inName))}.txt`);
  });
});
