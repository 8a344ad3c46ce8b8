/**
 * A folder large enough for the scan to read on several threads (scan-files.ts,
 * prefilter-pool.ts): every key found whichever thread read its file (names that are not
 * UTF-8 included), the report in path order whatever order the file system lists, and
 * stats that add up to the tree.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli, tempTree } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";

interface Report {
  findings: Array<{ file: string; line: number; column: number; fingerprint: string }>;
  stats: { files: number; bytes: number; skipped: number };
}

const t = tempTree();
afterAll(() => t.cleanup());

const keys: string[] = [];
const expectedFiles: string[] = [];
let textBytes = 0;
const write = (name: string, content: string | Buffer, text = true): void => {
  t.write(name, content);
  if (text) textBytes += Buffer.byteLength(content);
};
/** A file whose name ends in a byte that is not UTF-8 (0xff), shown as `\xff`. */
const writeOdd = (name: string, content: string): string => {
  mkdirSync(path.dirname(path.join(t.dir, name)), { recursive: true });
  writeFileSync(Buffer.concat([Buffer.from(path.join(t.dir, name)), Buffer.from([0xff])]), content);
  textBytes += Buffer.byteLength(content);
  return `${name}\\xff`;
};

// 1,500 files of ~24 KB in nested folders, every 15th with a key, written in an order
// unlike the sorted one: enough reading for the worker thread to take its share before
// the main thread is through.
const FILES = 1500;
const padding = "export function add(a, b) {\n  return a + b; // disk_usage task_sk_id\n}\n".repeat(320);
for (let i = FILES - 1; i >= 0; i--) {
  const name = `pkg-${i % 7}/src/deep/${String(i).padStart(3, "0")}-${i % 2 === 0 ? "a" : "B"}.js`;
  // Every third name is not UTF-8: the worker takes such paths as bytes.
  const put = (content: string) => (i % 3 === 0 ? writeOdd(name, content) : (write(name, content), name));
  if (i % 15 === 0) {
    const key = secretKey();
    keys.push(key);
    expectedFiles.push(put(`${padding}const key = "${key}";\n`));
  } else {
    put(`${padding}export const v${i} = ${i};\n`);
  }
}
// An encoded key, a UTF-16 file, a file larger than one 4 MiB chunk with its key at the end.
const encoded = secretKey();
keys.push(encoded);
expectedFiles.push("deploy/secret.yaml");
write("deploy/secret.yaml", `data:\n  key: ${Buffer.from(`bot:${encoded}`).toString("base64")}\n`);
const utf16 = secretKey();
keys.push(utf16);
expectedFiles.push("config/app.ini");
write("config/app.ini", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[api]\nkey=${utf16}\n`, "utf16le")]));
const tail = secretKey();
keys.push(tail);
expectedFiles.push("logs/big.log");
write("logs/big.log", `${"GET /v1/templates 200 ok\n".repeat(200_000)}token ${tail}\n`);
// Binary files are read as bytes (25, no key in them); skipped: 30 files under an ignored folder.
const binaryBytes = 25 * 10;
for (let i = 0; i < 25; i++) write(`assets/img-${i}.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, i, 1, 2, 3]), false);
for (let i = 0; i < 30; i++) write(`vendor/lib-${i}.js`, `const k = "${secretKey()}";\n`, false);
write(".roxelsguardignore", "vendor/\n");
expectedFiles.sort();

describe("a scan of a folder read on several threads", () => {
  it("finds every key, reports in path order, and counts what it read and skipped", async () => {
    const reports: Report[] = [];
    const notes: string[] = [];
    const scan = async (env: Record<string, string>) => {
      const result = await runCli(["scan", ".", "--format", "json", "--no-ignore", "--debug"], { cwd: t.dir, env, timeoutMs: 120_000 });
      expectNoKeyIn([result.stdout, result.stderr], keys);
      expect(result.code, result.stderr).toBe(1);
      return { report: JSON.parse(result.stdout) as Report, note: result.stderr };
    };
    // Two workers read every file (the scanner's test seam keeps the main thread out), so
    // the worker path is exercised whatever the scheduling; the second scan runs as users
    // get it, the main thread and any workers sharing the files as timing decides.
    const workers = await scan({ ROXELS_GUARD_TEST_PREFILTER_WORKERS: "2" });
    reports.push(workers.report);
    notes.push(workers.note);
    const jitless = await scan({ NODE_OPTIONS: "--jitless" });
    reports.push(jitless.report);
    notes.push(jitless.note);
    // Between them the workers read every file once, each taking from the same counter.
    const threads = /pre-filtered (\d+) files: (\d+) on the main thread, (\d+) on worker 1, (\d+) on worker 2;/.exec(notes[0]!);
    expect(threads, notes[0]).not.toBeNull();
    const [, total, main, first, second] = threads!.map(Number) as [number, number, number, number, number];
    expect(total).toBe(FILES + 3 + 1 + 25); // the text files, the ignore file, the binary files
    expect(main).toBe(0);
    expect(first + second).toBe(total);

    // Nothing went unread: the worker opened the paths it took as bytes too.
    expect(notes[0]!.split("\n").filter((line) => line !== "" && !line.startsWith("roxels-guard: debug:"))).toEqual([]);

    const [report, portable] = reports as [Report, Report];
    // Workers start only for idle cores (prefilter-pool.ts workersThatPay): on a busy
    // machine the main thread reads alone.
    expect(notes[1]).toMatch(/pre-filtered \d+ files: \d+ on the main thread|read \d+ files on the main thread/);
    expect(report.findings.map((f) => f.file)).toEqual(expectedFiles);
    expect(report.stats.files).toBe(FILES + 3 + 1 + 25); // + the ignore file itself, + the binaries
    expect(report.stats.bytes).toBe(textBytes + binaryBytes);
    expect(report.stats.skipped).toBe(30); // ignored
    // Without WebAssembly (the portable pre-filter, on every thread) and with the main
    // thread reading as well: the same report.
    expect(portable).toEqual(report);
  });
});
