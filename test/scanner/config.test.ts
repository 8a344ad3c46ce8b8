/**
 * The config file, called directly (parseConfig, loadConfig): what each setting accepts,
 * and a one-line UsageError naming the file for what it does not, never the file's text.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintKey, maskKey, UsageError } from "@roxels-guard/core";
import { loadConfig, parseConfig } from "@roxels-guard/scanner";
import { expectNoKeyIn } from "../support/cli.js";
import { secretKey } from "../support/keys.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no error was thrown");
}

describe("parseConfig", () => {
  it("reads every setting, fingerprints in lower case, and the folder the file is in", () => {
    const fp = fingerprintKey(secretKey());
    const config = parseConfig(
      { ignore: ["dist/"], allowFingerprints: [fp.toUpperCase()], baseline: ".roxels-baseline.json", kinds: ["roxels-secret"], maxFileSizeMB: 2.5 },
      "/repo/sub/roxels-guard.config.json",
    );
    expect(config).toEqual({
      ignore: ["dist/"],
      allowFingerprints: [fp],
      baseline: ".roxels-baseline.json",
      kinds: ["roxels-secret"],
      maxFileSizeMB: 2.5,
      directory: path.resolve("/repo/sub"),
    });
  });

  it("reports every kind and no limit when the settings are left out", () => {
    const config = parseConfig({}, "c.json");
    expect(config.kinds).toContain("roxels-secret");
    expect(config.kinds.length).toBeGreaterThan(1);
    expect(config.maxFileSizeMB).toBeNull();
    expect(config.baseline).toBeNull();
  });

  it.each([
    [[], "must be a JSON object"],
    ["x", "must be a JSON object"],
    [{ ignores: [] }, 'unknown setting "ignores" (known: '],
    [{ ignore: "dist/" }, '"ignore" must be an array of strings'],
    [{ allowFingerprints: ["abc"] }, '"allowFingerprints" entry "abc…" is not a 16-hex-digit fingerprint'],
    [{ baseline: "" }, '"baseline" must be a file path'],
    [{ kinds: [] }, '"kinds" must not be empty (leave it out to report every kind: '],
    [{ kinds: ["roxels-embed"] }, '"kinds" entry "roxels-embed" is not one of '],
    [{ maxFileSizeMB: 0 }, '"maxFileSizeMB" must be a positive number'],
    [{ maxFileSizeMB: "5" }, '"maxFileSizeMB" must be a positive number'],
  ])("refuses %j with one line naming the file", (data, expected) => {
    const text = message(() => parseConfig(data, "conf/roxels-guard.config.json"));
    expect(text.startsWith(`conf/roxels-guard.config.json: ${expected}`)).toBe(true);
    expect(text).not.toContain("\n");
  });

  it("refuses a key in allowFingerprints, shown masked with its fingerprint", () => {
    const key = secretKey();
    const text = message(() => parseConfig({ allowFingerprints: [key] }, "c.json"));
    expect(text).toBe(`c.json: "allowFingerprints" entry ${maskKey(key)} is a key, not a fingerprint: write ${fingerprintKey(key)} instead`);
    expectNoKeyIn([text], [key]);
  });
});

describe("loadConfig", () => {
  it("returns null for a missing file unless the file is required", () => {
    const missing = path.join(dir, "none.json");
    expect(loadConfig(missing, false)).toBeNull();
    expect(() => loadConfig(missing, true)).toThrow(UsageError);
  });

  it("says where malformed JSON stops without echoing the text, which may hold a key", () => {
    const key = secretKey();
    const file = path.join(dir, "bad.json");
    writeFileSync(file, `{"ignore": ["a"], "note": "${key}" oops}`);
    const text = message(() => loadConfig(file, true));
    expect(text).toMatch(/at character \d+/);
    expect(text).not.toContain("oops");
    expectNoKeyIn([text], [key]);
  });

  it("reads a file with a UTF-8 byte-order mark", () => {
    const file = path.join(dir, "bom.json");
    writeFileSync(file, `\ufeff{"ignore": ["vendor/"]}`);
    expect(loadConfig(file, true)?.ignore).toEqual(["vendor/"]);
  });
});
