/**
 * `scan` on awkward files: binaries, invalid UTF-8, UTF-16, odd names, large files and lines,
 * symlinks, node_modules and .gitignore.
 */
import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

describe("roxels-guard scan: awkward files", () => {
  it("searches binary files as bytes, as strings would, and counts them as scanned", async () => {
    const key = secretKey();
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(key)]);
    const t = tree({ "img.png": binary, "a.txt": "hello\n" });
    const { result, report } = await scanJson(t.dir, [], [key]);
    expect(result.code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.column])).toEqual([["img.png", 8]]);
    expect(report.stats.skippedBy.binary ?? 0).toBe(0);
    expect(report.stats.files).toBe(2);
  });

  it("finds a key in a file that is not valid UTF-8, with the column of the decoded line", async () => {
    const key = secretKey();
    const bytes = Buffer.concat([Buffer.from("é\xff\xfe = "), Buffer.from([0xc3, 0x28, 0xa0, 0x20]), Buffer.from(`${key}\n`)]);
    const t = tree({ "broken.txt": bytes });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.line).toBe(1);
    // "é" + "ÿþ" (as written, 2-byte sequences) + " = " + 3 invalid bytes (U+FFFD each) + "(" + " "
    const prefix = Buffer.concat([Buffer.from("é\xff\xfe = "), Buffer.from([0xc3, 0x28, 0xa0, 0x20])]).toString("utf8");
    expect(report.findings[0]!.column).toBe(prefix.length + 1);
  });

  it("finds keys in UTF-16 files with a byte-order mark, both byte orders", async () => {
    const key = secretKey();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\n$env:KEY = "${key}"\r\n`, "utf16le")]);
    const beBody = Buffer.from(`x\n  key=${key}\n`, "utf16le");
    beBody.swap16();
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]);
    const t = tree({ "le.ps1": le, "be.txt": be });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ["be.txt", 2, 7],
      ["le.ps1", 2, 13],
    ]);
  });

  it("scans file names with spaces, quotes and newlines", async () => {
    const key = secretKey();
    const t = tree({ "my file.js": `k="${key}"\n`, "it's \"quoted\".txt": `k=${key}\n`, "new\nline.env": `K=${key}\n` });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => f.file).sort()).toEqual(["it's \"quoted\".txt", "my file.js", "new\nline.env"]);
    const text = await runCli(["scan"], { cwd: t.dir });
    // A newline in a name is shown escaped, so it cannot forge a report line.
    expect(text.stdout).toContain('"new\\nline.env":1:3');
  });

  it("reads large files in chunks and keeps line and column numbers right across chunk edges", async () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    const line = `${"x".repeat(99)}\n`;
    // 4 MiB chunks: put keys just before, across and after the first edge, and near the end.
    const before = line.repeat(41_942); // 4,194,200 bytes
    const content = `${before}K=${keys[0]} ${"y".repeat(40)} ${keys[1]}\n${line.repeat(60_000)}end ${keys[2]}`;
    const t = tree({ "big.log": content });
    const { report } = await scanJson(t.dir, [], keys);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual([
      [41_943, 3],
      [41_943, 3 + keys[0]!.length + 42],
      [41_943 + 60_001, 5],
    ]);
  });

  it("finds a key in a minified line of 20 MB", async () => {
    const key = secretKey();
    const t = tree({ "bundle.min.js": `${"a=b(c);".repeat(3_000_000)}var k="${key}";` });
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => [f.line, f.column])).toEqual([[1, 21_000_008]]);
  });

  it("does not follow a symlink out of the scanned folder", async () => {
    const key = secretKey();
    const outside = tree({ "secret.env": `KEY=${key}\n` });
    const t = tree({ "a.txt": "hello\n" });
    symlinkSync(path.join(outside.dir, "secret.env"), path.join(t.dir, "link.env"));
    symlinkSync(outside.dir, path.join(t.dir, "linked-dir"));
    const { result, report } = await scanJson(t.dir, [], [key]);
    expect(result.code).toBe(0);
    expect(report.stats.skippedBy.symlinks).toBe(2);
  });

  it("skips node_modules and .git, and honours .gitignore in a git work tree", async () => {
    const key = secretKey();
    const t = tree({
      "node_modules/pkg/index.js": `k="${key}"`,
      "build/out.js": `k="${key}"`,
      ".gitignore": "build/\n",
      "src/ok.js": "export {};\n",
    });
    execFileSync("git", ["init", "-q"], { cwd: t.dir });
    writeFileSync(path.join(t.dir, ".git/leak.txt"), `k=${key}`);
    const ignored = await scanJson(t.dir, [], [key]);
    expect(ignored.result.code).toBe(0);
    const all = await scanJson(t.dir, ["--no-ignore"], [key]);
    expect(all.report.findings.map((f) => f.file)).toEqual(["build/out.js"]);
  });
});
