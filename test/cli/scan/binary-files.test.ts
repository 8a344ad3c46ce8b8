/**
 * `scan` on binaries and on text that looks binary (a stray NUL, UTF-16 without a mark),
 * and on file names and symlink targets on disk.
 */
import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { masked, secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

describe("binaries and text that looks binary", () => {
  it("finds a key after a stray NUL in a .js file, at its line", async () => {
    const key = secretKey();
    const t = tree();
    t.write("app.js", Buffer.concat([Buffer.from("const a = 1;\0\n"), Buffer.from(`const b = 2;\nconst key = "${key}";\n`)]));
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([["app.js", 3, 14]]);
  });

  it("finds keys in UTF-16LE and UTF-16BE text without a byte-order mark", async () => {
    const [le, be] = [secretKey(), secretKey()];
    const t = tree();
    t.write("le.txt", Buffer.from(`first line\r\nsecond\r\nkey=${le}\r\n`, "utf16le"));
    t.write("be.txt", Buffer.from(`one\ntwo=${be}\n`, "utf16le").swap16());
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`).sort()).toEqual(["be.txt:2:5", "le.txt:3:5"]);
  });

  it("searches binaries as bytes, ASCII and UTF-16 runs, as strings would", async () => {
    const [ascii, wide] = [secretKey(), secretKey()];
    const t = tree();
    const noise = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256));
    t.write("data.db", Buffer.concat([Buffer.from("SQLite format 3\0"), noise(5000), Buffer.from(`\0\x05${ascii}\0`), noise(3000), Buffer.from(`\0${wide}\0`, "utf16le"), noise(100)]));
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => f.masked).sort()).toEqual([ascii, wide].map((key) => masked(key)).sort());
    expect(report.stats.skippedBy.binary).toBe(0);
  });

  it("finds keys in a real SQLite database, glued to each record's serial-type byte", async () => {
    // python3's sqlite3 writes the file: the record layout is SQLite's own, not a copy of it.
    const keys = [secretKey(), secretKey({ length: 40 }), secretKey({ hyphen: true, length: 56 })];
    const t = tree();
    const script = [
      "import sqlite3, sys",
      "c = sqlite3.connect(sys.argv[1])",
      "c.execute('create table secrets (id integer primary key, owner text, value text)')",
      "for i, k in enumerate(sys.argv[2:]): c.execute('insert into secrets (owner, value) values (?, ?)', ('team' + str(i), k))",
      "c.commit()",
    ].join("\n");
    const made = spawnSync("python3", ["-c", script, path.join(t.dir, "app.db"), ...keys], { encoding: "utf8" });
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    const { report, stdout } = await scanJson(t.dir);
    // A key's end is where its token characters end: SQLite may put the next record's
    // bytes right after it (its payload length, a digit or a letter), which is then read
    // as part of it. Its start, kind and file are exact.
    expect(report.findings.map((f) => [f.file, f.kind, f.masked.slice(0, 7)]).sort()).toEqual(keys.map((key) => ["app.db", "roxels-secret", key.slice(0, 7)]).sort());
    expectNoKeyIn([stdout], keys);
  });

  it("scans file names and symlink targets on disk", async () => {
    const [named, linked] = [secretKey(), secretKey()];
    const t = tree();
    t.write(`backup/${named}.json`, "{}\n");
    t.write("plain.txt", "nothing\n");
    symlinkSync(`/srv/keys/${linked}`, path.join(t.dir, "current-key"));
    const { report, stdout } = await scanJson(t.dir);
    expect(report.findings.map((f) => [f.masked, f.place]).sort()).toEqual([[masked(named), "file-name"], [masked(linked), "symlink-target"]].sort());
    expect(report.findings.map((f) => f.file).sort()).toEqual([`backup/${masked(named)}.json`, "current-key"]);
    expectNoKeyIn([stdout], [named, linked]);
  });

  it("reports a symlink's key in a folder that holds nothing else, and refuses one with nothing to read", async () => {
    const key = secretKey();
    const t = tree();
    symlinkSync(key, path.join(t.dir, "current"));
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => [f.file, f.place, f.masked])).toEqual([["current", "symlink-target", masked(key)]]);
    const empty = tree();
    symlinkSync("/srv/app/config.json", path.join(empty.dir, "config.json"));
    const refused = await runCli(["scan"], { cwd: empty.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("roxels-guard: 0 files scanned in . (skipped: 1 symlink not followed)\n");
  });
});
