/**
 * parseIgnoreFile, called directly: which lines of .roxelsguardignore are fingerprints,
 * which are gitignore paths, and which are mistakes named by file and line (a fingerprint
 * with digits missing, a key pasted where its fingerprint belongs, shown masked).
 */
import { describe, expect, it } from "vitest";
import { fingerprintKey, maskKey, UsageError } from "@roxels-guard/core";
import { FingerprintSuppressions, parseIgnoreFile } from "@roxels-guard/scanner";
import { expectNoKeyIn } from "../support/cli.js";
import { secretKey } from "../support/keys.js";

describe("parseIgnoreFile", () => {
  it("reads fingerprints in any case, after fingerprint: or alone, with or without a note", () => {
    const [a, b, c, d] = Array.from({ length: 4 }, () => fingerprintKey(secretKey()));
    const file = parseIgnoreFile(`# keys we know\n${a!.toUpperCase()}\nfingerprint: ${b} # staging\nFINGERPRINT :${c}#no space\n  ${d}  \n`);
    expect([...file.fingerprints].sort()).toEqual([a, b, c, d].sort());
    expect(file.hasPathRules).toBe(false);
  });

  it("takes every other line as a gitignore path rule, blank lines and comments aside", () => {
    const file = parseIgnoreFile("\ufeffdist/\n\n# generated\n*.snap\n!keep.snap\ncafe\n");
    expect(file.fingerprints.size).toBe(0);
    expect(file.hasPathRules).toBe(true);
    expect(file.paths.ignores("dist", true)).toBe(true);
    expect(file.paths.ignores("test/a.snap", false)).toBe(true);
    expect(file.paths.ignores("keep.snap", false)).toBe(false);
    // Hex letters alone, too short to be a fingerprint gone wrong: a name.
    expect(file.paths.ignores("cafe", false)).toBe(true);
  });

  it("reads CRLF line endings", () => {
    const fp = fingerprintKey(secretKey());
    const file = parseIgnoreFile(`build/\r\n${fp}\r\n`);
    expect([...file.fingerprints]).toEqual([fp]);
    expect(file.paths.ignores("build/x", false)).toBe(true);
  });

  it.each([
    ["fingerprint: not-hex", /^team\.ignore:2: "fingerprint:" must be followed by a fingerprint/],
    ["9e9819d5ad4344", /^team\.ignore:2: 14 hex digits: a fingerprint has 16/],
    ["9e9819d5ad43444501", /^team\.ignore:2: 18 hex digits/],
  ])("stops on %j with the file and line", (line, message) => {
    expect(() => parseIgnoreFile(`ok/\n${line}\n`, "team.ignore")).toThrow(UsageError);
    expect(() => parseIgnoreFile(`ok/\n${line}\n`, "team.ignore")).toThrow(message);
  });

  it("stops on a key, even in a comment, naming it masked with the fingerprint to write instead", () => {
    const key = secretKey();
    let error: unknown;
    try {
      parseIgnoreFile(`dist/\n# old: ${key}\n`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain(`.roxelsguardignore:2: holds a key (${maskKey(key)})`);
    expect(message).toContain(`write ${fingerprintKey(key)} there instead`);
    expectNoKeyIn([message], [key]);
  });
});

describe("FingerprintSuppressions", () => {
  it("keeps the first reason a fingerprint was added with", () => {
    const fp = fingerprintKey(secretKey());
    const other = fingerprintKey(secretKey());
    const suppressions = new FingerprintSuppressions();
    suppressions.add([fp], "ignore-file");
    suppressions.add([fp, other], "baseline");
    expect(suppressions.reasonFor(fp)).toBe("ignore-file");
    expect(suppressions.reasonFor(other)).toBe("baseline");
    expect(suppressions.reasonFor(fingerprintKey(secretKey()))).toBeNull();
    expect(suppressions.size).toBe(2);
  });
});
