/**
 * The baseline module, called directly: the text `formatBaseline` writes (sorted, one
 * entry a line, no lines or dates), reading it back whole or through git's conflict
 * markers and merge=union, and what `loadBaseline` does with a file that is missing or
 * is not a baseline.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintKey, maskKey, Secret, UsageError } from "@roxels-guard/core";
import { formatBaseline, loadBaseline, type Finding } from "@roxels-guard/scanner";
import { NotABaselineError, parseBaseline, readBaselineForUpdate } from "../../packages/scanner/dist/baseline.js";
import { streamBaselineFingerprints } from "../../packages/scanner/dist/baseline-lines.js";
import { expectNoKeyIn } from "../support/cli.js";
import { secretKey } from "../support/keys.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-baseline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function finding(key: string, file = "a.js", line = 1): Finding {
  return { file, line, column: 1, endColumn: 1 + key.length, kind: "roxels-secret", masked: maskKey(key), fingerprint: fingerprintKey(key), secret: new Secret(key), encoding: "plain" };
}

/** The line formatBaseline writes for `key`, as it stands in the file. */
function entryLine(key: string): string {
  return formatBaseline([finding(key)]).split("\n")[3]!.trim();
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("formatBaseline", () => {
  it("writes one entry per key, sorted by fingerprint, with no file, line or date", () => {
    const keys = Array.from({ length: 5 }, () => secretKey());
    // The same key twice (two files) is one entry.
    const text = formatBaseline([...keys.map((k, i) => finding(k, `f${i}.js`, i + 1)), finding(keys[0]!, "other.js", 9)]);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["{", '  "version": 1,', '  "findings": [']);
    const entries = lines.slice(3, 3 + keys.length).map((line) => JSON.parse(line.trim().replace(/,$/, "")) as Record<string, string>);
    expect(entries.map((e) => e.fingerprint)).toEqual(keys.map(fingerprintKey).sort());
    for (const entry of entries) expect(Object.keys(entry)).toEqual(["fingerprint", "kind", "masked"]);
    expect(lines.slice(3 + keys.length)).toEqual(["  ]", "}", ""]);
    expectNoKeyIn([text], keys);
  });

  it("keeps the entries of the previous baseline, and masks a key an edited entry holds", () => {
    const kept = secretKey();
    const pasted = secretKey();
    const text = formatBaseline([finding(secretKey())], [{ fingerprint: fingerprintKey(kept), kind: "roxels-secret", masked: pasted }]);
    expect(text).toContain(`"fingerprint":"${fingerprintKey(kept)}"`);
    expect(text).toContain(maskKey(pasted));
    expectNoKeyIn([text], [kept, pasted]);
  });

  it("reads back as what it wrote", () => {
    const keys = [secretKey(), secretKey()];
    const { entries, merged } = parseBaseline(formatBaseline(keys.map((k) => finding(k))));
    expect(merged).toBeNull();
    expect(entries.map((e) => e.fingerprint).sort()).toEqual(keys.map(fingerprintKey).sort());
  });
});

describe("parseBaseline", () => {
  const [a, b, c] = [entryLine(secretKey()), entryLine(secretKey()), entryLine(secretKey())];
  const fp = (line: string) => (JSON.parse(line) as { fingerprint: string }).fingerprint;

  it("reads a conflict as the union of both sides, dropping diff3's base", () => {
    const text = `{\n  "version": 1,\n  "findings": [\n<<<<<<< ours\n    ${a}\n||||||| base\n    ${c}\n=======\n    ${b}\n>>>>>>> theirs\n  ]\n}\n`;
    const { entries, merged } = parseBaseline(text);
    expect(merged).toBe("conflict");
    expect(entries.map((e) => e.fingerprint).sort()).toEqual([fp(a), fp(b)].sort());
  });

  it("reads what merge=union leaves: entries without a comma between them, or with one too many", () => {
    const text = `{\n  "version": 1,\n  "findings": [\n    ${a}\n    ${b},\n    ${c},\n  ]\n}\n`;
    const { entries, merged } = parseBaseline(text);
    expect(merged).toBe("union");
    expect(entries.map((e) => e.fingerprint)).toEqual([fp(a), fp(b), fp(c)]);
  });

  it.each([
    ["{", /^not valid JSON/],
    ['{"version":2,"findings":[]}', /^not a roxels-guard baseline \(expected/],
    ['{"version":1,"findings":[{"fingerprint":"xyz"}]}', /^an entry has no valid fingerprint$/],
    ['{"version":1,"findings":[\n<<<<<<< ours\n]}\n', /unbalanced git conflict markers at line/],
  ])("refuses %j", (text, expected) => {
    expect(() => parseBaseline(text)).toThrow(NotABaselineError);
    expect(() => parseBaseline(text)).toThrow(expected);
  });
});

describe("loadBaseline", () => {
  it("gives the fingerprints of the file", () => {
    const keys = [secretKey(), secretKey()];
    const file = write("ok.json", formatBaseline(keys.map((k) => finding(k))));
    expect([...loadBaseline(file)].sort()).toEqual(keys.map(fingerprintKey).sort());
  });

  it("is an error for a missing file named with --baseline, and a warning for one the config names", () => {
    const missing = path.join(dir, "missing.json");
    expect(() => loadBaseline(missing, "missing.json")).toThrow(/^cannot read baseline missing\.json: ENOENT \(`roxels-guard baseline --output missing\.json` writes one\)$/);
    const warnings: string[] = [];
    expect(loadBaseline(missing, "missing.json", { missing: "warn", namedIn: "roxels-guard.config.json", onWarning: (w) => warnings.push(w) }).size).toBe(0);
    expect(warnings).toEqual(["baseline missing.json (named in roxels-guard.config.json) does not exist yet, so none is used: `roxels-guard baseline` writes it"]);
  });

  it("warns that a conflicted baseline was read as a union", () => {
    const [a, b] = [entryLine(secretKey()), entryLine(secretKey())];
    const file = write("conflict.json", `{\n  "version": 1,\n  "findings": [\n<<<<<<< HEAD\n    ${a}\n=======\n    ${b}\n>>>>>>> other\n  ]\n}\n`);
    const warnings: string[] = [];
    expect(loadBaseline(file, "b.json", { onWarning: (w) => warnings.push(w) }).size).toBe(2);
    expect(warnings).toEqual(["baseline b.json holds git conflict markers: read as the union of both sides; `roxels-guard baseline` writes it back clean"]);
  });

  it("names the file in one line for text that is not a baseline", () => {
    const file = write("package.json", '{"name": "app"}');
    expect(() => loadBaseline(file, "package.json")).toThrow(UsageError);
    expect(() => loadBaseline(file, "package.json")).toThrow(/^package\.json: not a roxels-guard baseline \(expected/);
  });
});

describe("the line-by-line reader (large baselines)", () => {
  it("agrees with the whole-text reader on the written layout, a conflict and a union merge", () => {
    const lines = [entryLine(secretKey()), entryLine(secretKey()), entryLine(secretKey())];
    const texts = {
      written: formatBaseline([secretKey(), secretKey()].map((k) => finding(k))),
      conflict: `{\n  "version": 1,\n  "findings": [\n<<<<<<< HEAD\n    ${lines[0]}\n||||||| base\n    ${lines[2]}\n=======\n    ${lines[1]}\n>>>>>>> other\n  ]\n}\n`,
      union: `{\n  "version": 1,\n  "findings": [\n    ${lines[0]}\n    ${lines[1]},\n    ${lines[2]},\n  ]\n}\n`,
    };
    for (const [name, text] of Object.entries(texts)) {
      const streamed = streamBaselineFingerprints(write(`${name}.json`, text));
      const whole = parseBaseline(text);
      expect(streamed, name).not.toBeNull();
      expect([...streamed!.fingerprints].sort(), name).toEqual(whole.entries.map((e) => e.fingerprint).sort());
      expect(streamed!.merged, name).toBe(whole.merged);
    }
  });

  it("leaves any other layout to the whole-text reader", () => {
    const minified = JSON.stringify({ version: 1, findings: [{ fingerprint: fingerprintKey(secretKey()) }] });
    expect(streamBaselineFingerprints(write("minified.json", minified))).toBeNull();
    expect(streamBaselineFingerprints(write("other.json", '{"name": "app"}'))).toBeNull();
  });
});

describe("readBaselineForUpdate", () => {
  it("starts from nothing for a missing or empty file, and from nothing with --replace", () => {
    expect(readBaselineForUpdate(path.join(dir, "new.json"), "new.json", false).entries).toEqual([]);
    expect(readBaselineForUpdate(write("empty.json", "\n"), "empty.json", false).entries).toEqual([]);
    expect(readBaselineForUpdate(write("pkg.json", '{"name":"x"}'), "pkg.json", true).entries).toEqual([]);
  });

  it("refuses to overwrite a file that is not a baseline, or a folder", () => {
    expect(() => readBaselineForUpdate(write("pkg2.json", '{"name":"x"}'), "pkg2.json", false)).toThrow(/^pkg2\.json is not a roxels-guard baseline \(expected .*\); --replace overwrites it$/);
    expect(() => readBaselineForUpdate(dir, "dir", false)).toThrow(/^dir is a folder, not a baseline file$/);
  });
});
