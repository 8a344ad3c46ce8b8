/**
 * JSON and SARIF reports are written piece by piece as they are made: a scan with tens
 * of thousands of findings never holds its report as one string, nor as one object tree.
 * Under a 64 MB heap, where building the report whole aborted, both formats are written
 * in full. The figures for 300,000 findings are in bench/memory.mjs.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { runCli, tempTree } from "../../support/cli.js";
import { randomBody } from "../../support/keys.js";

const t = tempTree();
afterAll(() => t.cleanup());

const COUNT = 60_000;

it.each(["sarif", "json"])("writes %s for 60,000 findings under a 64 MB heap", async (format) => {
  const file = path.join(t.dir, "keys.txt");
  const fd = openSync(file, "w");
  let batch = "";
  const first = `sk_${randomBody()}`;
  batch += `k=${first}\n`;
  for (let i = 1; i < COUNT; i++) {
    batch += `k=sk_${randomBody()}\n`;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = "";
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
  const result = await runCli(["scan", "keys.txt", "--format", format, "-o", `report.${format}`], {
    cwd: t.dir,
    env: { NODE_OPTIONS: "--max-old-space-size=64" },
    timeoutMs: 120_000,
  });
  expect(result.stderr).toBe(`roxels-guard: ${COUNT} keys found; report written to report.${format}\n`);
  expect(result.code).toBe(1);
  const text = readFileSync(path.join(t.dir, `report.${format}`), "utf8");
  expect(text.includes(first)).toBe(false);
  const report = JSON.parse(text) as { findings?: Array<{ line: number }>; runs?: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
  const lines = format === "json" ? report.findings!.map((f) => f.line) : report.runs![0]!.results.map((r) => r.locations[0]!.physicalLocation.region.startLine);
  expect(lines.length).toBe(COUNT);
  expect(lines[0]).toBe(1);
  expect(lines[COUNT - 1]).toBe(COUNT);
});
