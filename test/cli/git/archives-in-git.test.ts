/**
 * Archives and binaries in the index and in history: a staged zip is opened from the
 * index (not the work tree), a committed tgz from its blob.
 */
import { afterAll, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
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

it("opens archives nested two deep in the index and in history, and turns a bomb and deep nesting into warnings", () => {
  const [jarZip, whlTgz, tarZip, named] = [secretKey(), secretKey(), secretKey(), secretKey()];
  const repo = new Repo();
  repo.write("README.md", "hello\n");
  repo.commitAll("init");
  repo.write("lib/app.jar", makeZip([{ name: "lib/inner.zip", data: makeZip([{ name: "config/.env", data: `A=1\nKEY=${jarZip}\n` }]) }]));
  repo.write("dist/pkg.whl", makeZip([{ name: "pkg/data.tgz", data: makeTar({ "x/settings.py": `\n\nK = '${whlTgz}'\n` }, true) }]));
  repo.write("ship/bundle.tar.gz", makeTar({ "inner/app.zip": makeZip([{ name: "c.json", data: `{"k":"${tarZip}"}` }]) }, true));
  repo.write("ship/names.zip", makeZip([{ name: `keys/${named}.txt`, data: "nothing" }]));
  repo.write("ship/bomb.zip", makeZip([{ name: "zeros.bin", data: Buffer.alloc(24 * 1024 * 1024), declaredSize: 1024 }]));
  let deep = makeZip([{ name: "deep.env", data: `K=${secretKey()}\n` }]);
  for (let level = 0; level < 6; level++) deep = makeZip([{ name: `level${level}.zip`, data: deep }]);
  repo.write("ship/deep.zip", deep);
  repo.git("add", "-A");
  const expected = [
    "dist/pkg.whl!/pkg/data.tgz!/x/settings.py:3",
    "lib/app.jar!/lib/inner.zip!/config/.env:2",
    "ship/bundle.tar.gz!/inner/app.zip!/c.json:1",
    `ship/names.zip!/keys/${masked(named)}.txt:1`,
  ];
  const staged = repo.cli(["scan", "--staged", "--format", "json"]);
  expectNoKey(staged.all, [jarZip, whlTgz, tarZip, named]);
  expect((JSON.parse(staged.stdout) as { findings: Finding[] }).findings.map((f) => `${f.file}:${f.line}`).sort()).toEqual(expected);
  expect(staged.stderr).toMatch(/ship\/bomb\.zip!\/zeros\.bin: it expands far more than its stored size \(a zip bomb\?\): not read/);
  expect(staged.stderr).toMatch(/ship\/deep\.zip!.*: archives nested deeper than 5: not opened/);

  const sha = repo.commitAll("release");
  const history = repo.cli(["scan", "--history", "--format", "json"]);
  expectNoKey(history.all, [jarZip, whlTgz, tarZip, named]);
  const found = (JSON.parse(history.stdout) as { findings: Finding[] }).findings;
  expect(found.map((f) => `${f.file}:${f.line}`).sort()).toEqual(expected);
  expect(new Set(found.map((f) => f.commit))).toEqual(new Set([sha]));
  expect(history.stderr).toMatch(/zip bomb/);
});
