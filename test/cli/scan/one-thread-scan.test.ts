/**
 * A scan with no worker thread (scan-files.ts): each file is pre-filtered as the listing
 * finds it and let go once cleared, and only what the pre-filter cannot clear is scanned
 * in full. The report must be the one the worker path gives: keys in contents and in
 * names (a cleared file whose name holds a key is still reported), binaries, UTF-16,
 * a file larger than a read chunk, ignored files, and the counts.
 */
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";

const tree = useTempTrees();

interface Report {
  findings: Array<{ file: string; line: number; column: number; fingerprint: string; place?: string }>;
  stats: { files: number; bytes: number; skipped: number };
}

describe("a scan on the main thread alone", () => {
  it("reports what the worker path reports, and scans in full only the files the pre-filter cannot clear", async () => {
    const keys = Array.from({ length: 6 }, () => secretKey());
    const [inName, inText, inUtf16, inTail, inBinary, ignored] = keys as [string, string, string, string, string, string];
    const files: Record<string, string | Buffer> = {
      [`names/${inName}.txt`]: "nothing to see\n",
      "src/config.js": `export const key = "${inText}";\n`,
      "config/app.ini": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`key=${inUtf16}\n`, "utf16le")]),
      "logs/big.log": `${"GET /v1/templates 200 ok\n".repeat(200_000)}token ${inTail}\n`,
      "assets/blob.bin": Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.from(`\0${inBinary}\0`)]),
      "vendor/lib.js": `const k = "${ignored}";\n`,
      ".roxelsguardignore": "vendor/\n",
    };
    for (let i = 0; i < 300; i++) files[`src/clean/${i}.js`] = `export const v${i} = ${i}; // disk_usage task_sk_id\n`;
    const t = tree(files);
    const scan = async (workers: string) => {
      const result = await runCli(["scan", ".", "--format", "json", "--no-ignore", "--debug"], { cwd: t.dir, env: { ROXELS_GUARD_TEST_PREFILTER_WORKERS: workers } });
      expectNoKeyIn([result.stdout, result.stderr], keys);
      expect(result.code, result.stderr).toBe(1);
      return { report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
    };
    const alone = await scan("0");
    const worker = await scan("1");
    // 300 clean files, the named one, the ini, the log, the binary, the ignore file.
    const total = 300 + 5 + 1;
    // Only the four whose content may hold a key (UTF-16 is never cleared undecoded) were scanned in full.
    expect(alone.stderr).toContain(`pre-filtered ${total} files: ${total} on the main thread; 4 scanned in full`);
    expect(worker.stderr).toMatch(new RegExp(`pre-filtered ${total} files: 0 on the main thread, ${total} on worker 1;`));
    expect(alone.report).toEqual(worker.report);
    const findings = alone.report.findings;
    expect(findings.map((f) => [f.file.replace(/sk[_-][^/]*…[^/]*\.txt$/, "<masked>.txt"), f.place ?? "content"])).toEqual([
      ["assets/blob.bin", "content"],
      ["config/app.ini", "content"],
      ["logs/big.log", "content"],
      ["names/<masked>.txt", "file-name"],
      ["src/config.js", "content"],
    ]);
    expect(findings.find((f) => f.file === "logs/big.log")!.line).toBe(200_001);
    expect(alone.report.stats.files).toBe(total);
    expect(alone.report.stats.skipped).toBe(1); // vendor/lib.js, ignored
  });
});
