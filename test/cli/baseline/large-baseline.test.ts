/**
 * A baseline of hundreds of thousands of keys is read line by line: only the fingerprints
 * are kept, never the file's text nor an object per entry. Under a 64 MB heap, where
 * reading it whole aborted, the scan must still hide every baselined key and report the
 * one that is not. The memory figure of a 1,000,000-entry baseline is in bench/memory.mjs.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, runCli, tempTree } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";

const t = tempTree();
afterAll(() => t.cleanup());

const ENTRIES = 200_000;

/** Entries as `roxels-guard baseline` writes them, streamed to disk; `extra` among the made-up ones. */
function writeBaseline(file: string, extra: readonly string[]): void {
  const fd = openSync(file, "w");
  writeSync(fd, '{\n  "version": 1,\n  "findings": [\n');
  let batch = "";
  for (let i = 0; i < ENTRIES; i++) {
    // Made-up fingerprints (hex of the counter, spread out); the real ones go in the middle.
    const fingerprint = i === ENTRIES / 2 ? fingerprintKey(extra[0]!) : `${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, "0")}${i.toString(16).padStart(8, "0")}`;
    batch += `    {"fingerprint":"${fingerprint}","kind":"roxels-secret","masked":"sk_AbCd…${fingerprint.slice(0, 4)}"}${i + 1 < ENTRIES ? "," : ""}\n`;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = "";
    }
  }
  writeSync(fd, `${batch}  ]\n}\n`);
  closeSync(fd);
}

it("hides the baselined key and reports the other under a 64 MB heap, with 200,000 entries", async () => {
  const baselined = secretKey();
  const fresh = secretKey();
  t.write("app.js", `const a = "${baselined}";\nconst b = "${fresh}";\n`);
  writeBaseline(path.join(t.dir, "baseline.json"), [baselined]);
  const result = await runCli(["scan", "app.js", "--baseline", "baseline.json", "--format", "json"], {
    cwd: t.dir,
    env: { NODE_OPTIONS: "--max-old-space-size=64" },
    timeoutMs: 120_000,
  });
  expectNoKeyIn([result.stdout, result.stderr], [baselined, fresh]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; fingerprint: string }> };
  expect(report.findings.map((f) => [f.line, f.fingerprint])).toEqual([[2, fingerprintKey(fresh)]]);
});
