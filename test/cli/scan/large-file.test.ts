import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { CLI_BIN, cleanEnv, expectNoKeyIn, runCli, tempTree } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";

const t = tempTree();
afterAll(() => t.cleanup());

// Functional only: that a 100 MB file is scanned to its end with exact positions. Its
// memory and speed are measured in bench/scan.mjs, not here.
it("scans a 100 MB file to the end with exact line numbers", async () => {
  const keys = [secretKey(), secretKey()];
  const file = path.join(t.dir, "huge.log");
  const fd = openSync(file, "w");
  const block = `${"2026-11-26T10:00:00Z GET /v1/templates 200 12ms request-id=abcdef0123456789\n".repeat(13_000)}`;
  const linesPerBlock = 13_000;
  let lines = 0;
  let bytes = 0;
  writeSync(fd, `token ${keys[0]}\n`);
  lines++;
  while (bytes < 100 * 1024 * 1024) {
    bytes += writeSync(fd, block);
    lines += linesPerBlock;
  }
  writeSync(fd, `last line holds ${keys[1]}`);
  closeSync(fd);

  const result = await runCli(["scan", "huge.log", "--format", "json"], { cwd: t.dir, timeoutMs: 120_000 });
  expectNoKeyIn([result.stdout, result.stderr], keys);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; column: number }>; stats: { bytes: number } };
  expect(report.findings.map((f) => [f.line, f.column])).toEqual([
    [1, 7],
    [lines + 1, 17],
  ]);
  expect(report.stats.bytes).toBeGreaterThan(100 * 1024 * 1024);
});

it("carries lines and columns across chunks through a long line of non-ASCII text, with the SIMD kernel and without", async () => {
  const keys = [secretKey(), secretKey()];
  // 3M two-byte characters after one ASCII one: a 6 MB line whose characters straddle the
  // reader's 4 MiB chunk boundaries.
  const wide = "\u00fc".repeat(3_000_000);
  t.write("wide.min.js", `=${wide} ${keys[0]}\n${"x\n".repeat(2_000_000)}\u20ac ${keys[1]}\n`);
  const expected = [
    [1, 3_000_003],
    [2_000_002, 3],
  ];
  for (const env of [{}, { NODE_OPTIONS: "--jitless" }]) {
    const result = await runCli(["scan", "wide.min.js", "--format", "json"], { cwd: t.dir, env, timeoutMs: 120_000 });
    expectNoKeyIn([result.stdout, result.stderr], keys);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; column: number }> };
    expect(report.findings.map((f) => [f.line, f.column]), JSON.stringify(env)).toEqual(expected);
  }
});

// A key cut out of a long line used to keep that whole line alive for as long as its
// finding lived (V8 keeps a slice as a view into its parent): a megabyte per file.
it("does not keep each file's text alive through its findings", async () => {
  const dir = path.join(t.dir, "many-long-lines");
  mkdirSync(dir);
  const keys: string[] = [];
  for (let i = 0; i < 120; i++) {
    keys.push(secretKey());
    // Under 1 MB, so that Node keeps the decoded text on the V8 heap (larger strings live
    // outside it, where a heap limit would not catch them).
    writeFileSync(path.join(dir, `bundle-${i}.min.js`), `const k="${keys[i]}";${"x=1;".repeat(200 * 1024)}\n`);
  }
  // 120 files of 800 KiB each: held alive, they would not fit in this heap.
  const result = await runCli(["scan", "many-long-lines", "--format", "json"], {
    cwd: t.dir,
    env: { NODE_OPTIONS: "--max-old-space-size=64" },
    timeoutMs: 120_000,
  });
  expectNoKeyIn([result.stdout, result.stderr], keys);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: unknown[] };
  expect(report.findings).toHaveLength(120);
});

// A file's findings were spread into push(), which overflows the stack past some 120,000
// of them on a default stack; a smaller stack shows the same with fewer keys.
it("reports a file holding tens of thousands of keys", () => {
  const keys = Array.from({ length: 30_000 }, () => secretKey());
  writeFileSync(path.join(t.dir, "many.env"), keys.map((key, i) => `K${i}=${key}\n`).join(""));
  const result = spawnSync(process.execPath, ["--stack-size=200", CLI_BIN, "scan", "many.env", "--format", "json"], {
    cwd: t.dir,
    env: cleanEnv(),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: Array<{ line: number }> };
  expect(report.findings).toHaveLength(30_000);
  expect(report.findings[29_999]!.line).toBe(30_000);
  // No key in full anywhere (checked by shape: 30,000 keys one by one would be slow).
  expect(result.stdout).not.toMatch(/sk_[A-Za-z0-9]{24}/);
});
