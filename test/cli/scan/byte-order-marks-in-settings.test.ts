/** Byte-order marks in the files a team writes by hand: config, ignore file, baseline. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey } from "../../support/keys.js";
import {  } from "./support.js";

const tree = useTempTrees();

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
