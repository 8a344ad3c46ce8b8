/**
 * Archives and binaries in the index and in history: a staged zip is opened from the
 * index (not the work tree), a committed tgz from its blob.
 */
import { afterAll, expect, it } from "vitest";
import { secretKey } from "../../support/keys.js";
import { makeTar, makeZip } from "../../support/archives.js";
import { cleanupTempDirs, expectNoKey, Repo } from "../../support/repo.js";

afterAll(cleanupTempDirs);

interface Finding {
  file: string;
  line: number;
  commit?: string;
}

it("opens a staged zip from the index, and a committed tgz in --history", () => {
  const [zipped, tarred, wide] = [secretKey(), secretKey(), secretKey()];
  const repo = new Repo();
  repo.write("README.md", "hello\n");
  repo.commitAll("init");
  repo.write("release/app.zip", makeZip([{ name: "config/.env", data: `A=1\nB=2\nROXELS_API_KEY=${zipped}\n` }]));
  repo.write("vendor/pkg.tgz", makeTar({ "package/lib/index.js": `\nmodule.exports = "${tarred}";\n` }, true));
  repo.write("bin/tool.exe", Buffer.concat([Buffer.from("MZ\0\0\x90\0"), Buffer.from(`\0${wide}\0`, "utf16le")]));
  repo.git("add", "-A");
  // The work tree's copy no longer holds the key: the index's does.
  repo.write("release/app.zip", makeZip([{ name: "config/.env", data: "A=1\n" }]));
  const staged = repo.cli(["scan", "--staged", "--format", "json"]);
  expectNoKey(staged.all, [zipped, tarred, wide]);
  const stagedFindings = (JSON.parse(staged.stdout) as { findings: Finding[] }).findings;
  expect(stagedFindings.map((f) => `${f.file}:${f.line}`).sort()).toEqual(["bin/tool.exe:1", "release/app.zip!/config/.env:3", "vendor/pkg.tgz!/package/lib/index.js:2"]);

  repo.git("commit", "-q", "--no-verify", "-m", "release");
  const sha = repo.head();
  const history = repo.cli(["scan", "--history", "--format", "json"]);
  const historyFindings = (JSON.parse(history.stdout) as { findings: Finding[] }).findings;
  expect(historyFindings.map((f) => [`${f.file}:${f.line}`, f.commit]).sort()).toEqual([
    ["bin/tool.exe:1", sha],
    ["release/app.zip!/config/.env:3", sha],
    ["vendor/pkg.tgz!/package/lib/index.js:2", sha],
  ]);
});
