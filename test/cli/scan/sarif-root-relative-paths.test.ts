/**
 * SARIF paths are relative to the work tree's root, which %SRCROOT% names; JSON's stay
 * relative to the current folder.
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";
import { cleanupTempDirs, Repo, tempDir } from "../../support/repo.js";
import { folderUri, locations, validSarif } from "./support.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

describe("SARIF paths are relative to the work tree's root, which %SRCROOT% names", () => {
  function repoWithKeys(): { repo: Repo; keys: string[] } {
    const keys = [secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("src/a/one.js", `export const k = "${keys[0]}";\n`).write("lib/two.sh", `KEY=${keys[1]}\n`);
    return { repo, keys };
  }

  it("from a subfolder, a folder scan of .. gives root-relative URIs, never ../", () => {
    const { repo, keys } = repoWithKeys();
    const run = repo.cli(["scan", "--format", "sarif", ".."], { cwd: repo.path("src") });
    expect(run.status, run.stderr).toBe(1);
    expectNoKeyIn([run.all], keys);
    const sarif = validSarif(run.stdout);
    expect(locations(sarif)).toEqual([
      { uri: "lib/two.sh", uriBaseId: "%SRCROOT%" },
      { uri: "src/a/one.js", uriBaseId: "%SRCROOT%" },
    ]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("JSON output stays relative to the current folder", () => {
    const { repo } = repoWithKeys();
    const run = repo.cli(["scan", "--format", "json", ".."], { cwd: repo.path("src") });
    expect(run.status, run.stderr).toBe(1);
    const files = (JSON.parse(run.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file);
    expect(files).toEqual(["../lib/two.sh", "a/one.js"]);
  });

  it("--history and --staged from a subfolder give root-relative URIs", () => {
    const { repo, keys } = repoWithKeys();
    repo.commitAll("keys");
    const history = repo.cli(["scan", "--history", "--format", "sarif"], { cwd: repo.path("src/a") });
    expect(history.status, history.stderr).toBe(1);
    expectNoKeyIn([history.all], keys);
    const fromHistory = validSarif(history.stdout);
    expect(locations(fromHistory).map((l) => l.uri).sort()).toEqual(["lib/two.sh", "src/a/one.js"]);
    expect(locations(fromHistory).every((l) => l.uriBaseId === "%SRCROOT%")).toBe(true);
    expect(fromHistory.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });

    const more = secretKey();
    repo.write("lib/three.py", `KEY = "${more}"\n`);
    repo.git("add", "lib/three.py");
    const staged = repo.cli(["scan", "--staged", "--format", "sarif"], { cwd: repo.path("src") });
    expect(staged.status, staged.stderr).toBe(1);
    expectNoKeyIn([staged.all], [more]);
    const fromStaged = validSarif(staged.stdout);
    expect(locations(fromStaged)).toEqual([{ uri: "lib/three.py", uriBaseId: "%SRCROOT%" }]);
    expect(fromStaged.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("a repository scanned from outside it is rooted at its own top folder", () => {
    const { repo } = repoWithKeys();
    const outside = tempDir("roxels-outside-");
    const run = repo.cli(["scan", "--format", "sarif", repo.path("src")], { cwd: outside });
    expect(run.status, run.stderr).toBe(1);
    const sarif = validSarif(run.stdout);
    expect(locations(sarif)).toEqual([{ uri: "src/a/one.js", uriBaseId: "%SRCROOT%" }]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(repo.dir) } });
  });

  it("outside git, the root is the current folder; a file outside it gets an absolute URI", async () => {
    const key = secretKey();
    const other = secretKey();
    const t = tree({ "here/x y.js": `k = "${key}"\n`, "there/y.js": `k = "${other}"\n` });
    const result = await runCli(["scan", "--format", "sarif", ".", "../there"], { cwd: path.join(t.dir, "here") });
    expect(result.code, result.stderr).toBe(1);
    const sarif = validSarif(result.stdout);
    expect(locations(sarif)).toEqual([
      { uri: "x%20y.js", uriBaseId: "%SRCROOT%" },
      { uri: pathToFileURL(path.join(realpathSync(t.dir), "there/y.js")).href },
    ]);
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: folderUri(path.join(t.dir, "here")) } });
  });
});
