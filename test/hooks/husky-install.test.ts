/** `install` with husky: the block at the end of .husky/pre-commit, before a final exit. */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, ROOT } from "../support/repo.js";

afterAll(cleanupTempDirs);

/** husky 9's own setup, as its `prepare` script runs it. */
function runHusky(repo: Repo): string {
  const husky = new URL("../../node_modules/husky/index.js", import.meta.url).href;
  const script = `import(${JSON.stringify(husky)}).then((m) => process.stdout.write(m.default()))`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
  return r.stdout + r.stderr;
}

describe("husky install", () => {
  function huskyRepo(): Repo {
    const repo = new Repo().linkCli();
    // husky 9 as `npm install` runs it ("prepare": "husky"): core.hooksPath=.husky/_.
    expect(runHusky(repo)).toBe("");
    expect(repo.git("config", "core.hooksPath").trim()).toBe(".husky/_");
    return repo;
  }

  it("adds the block at the end of .husky/pre-commit, after what was there, and blocks keys", () => {
    const repo = huskyRepo();
    writeFileSync(repo.path(".husky/pre-commit"), `echo lint-staged-ran >> "${repo.path("ran.log")}"\n`);
    const install = repo.cli(["install"]);
    expect(install.status).toBe(0);
    expect(install.stdout).toBe("roxels-guard: pre-commit hook installed in .husky/pre-commit (husky)\nroxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
    const script = readFileSync(repo.path(".husky/pre-commit"), "utf8");
    expect(script.startsWith(`echo lint-staged-ran`)).toBe(true);
    expect(script.endsWith("# <<< roxels-guard pre-commit <<<\n")).toBe(true);
    expect(repo.cli(["install"]).stdout).toBe("roxels-guard: pre-commit hook already installed in .husky/pre-commit (husky)\nroxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
    expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toBe(script);
    writeFileSync(repo.path("ran.log"), "");

    repo.write("ok.txt", "ok\n").git("add", "ok.txt");
    expect(repo.commit("clean").status).toBe(0);
    expect(readFileSync(repo.path("ran.log"), "utf8")).toBe("lint-staged-ran\n");

    const key = secretKey();
    repo.write("leak.ts", `export const k = '${key}';\n`).git("add", "leak.ts");
    const commit = repo.commit("leak");
    expect(commit.status).not.toBe(0);
    expect(commit.all).toContain(`leak.ts:1:19  roxels-secret  ${masked(key)}`);
    expect(commit.all).toContain("commit blocked");
    expectNoKey(commit.all, [key]);
    expect(repo.commitCount()).toBe(1);
  });

  it("places the block before a final exit, and moves an older block from the top to the end", () => {
    const repo = huskyRepo();
    const block = readFileSync(path.join(ROOT, "hooks/pre-commit"), "utf8").match(/# >>> roxels-guard pre-commit >>>[\s\S]*# <<< roxels-guard pre-commit <<</)![0];
    writeFileSync(repo.path(".husky/pre-commit"), `${block}\n\necho formatted\nexit 0\n`);
    const install = repo.cli(["install"]);
    expect(install.stdout.split("\n")[0]).toBe("roxels-guard: pre-commit hook updated in .husky/pre-commit (husky)");
    expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toBe(`echo formatted\n\n${block}\nexit 0\n`);
  });

  it("writes .husky/pre-commit where husky is not active yet, but does not call it installed", () => {
    const repo = new Repo().linkCli();
    repo.write(".husky/.keep", "");
    const install = repo.cli(["install"]);
    expect(install.status).toBe(1);
    expect(install.stdout.split("\n")[0]).toBe("roxels-guard: pre-commit hook written to .husky/pre-commit (husky), but the next commit would not be scanned:");
    expect(install.stdout).toContain("fix: npx husky");
    expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toContain("scan --staged");
  });
});
