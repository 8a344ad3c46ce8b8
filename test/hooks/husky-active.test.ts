/**
 * install with husky: never says installed while husky is not active, and the hook runs after
 * the steps that re-stage files.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../support/keys.js";
import { cleanupTempDirs, committedRepo, Repo } from "../support/repo.js";

afterAll(cleanupTempDirs);

/** husky 9's own set-up, as its `prepare` script runs it. */
function runHusky(repo: Repo): void {
  const husky = new URL("../../node_modules/husky/index.js", import.meta.url).href;
  const script = `import(${JSON.stringify(husky)}).then((m) => process.stdout.write(m.default()))`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
}

describe("install with husky", () => {
  it("never says installed while husky is not active, and names the fix", () => {
    const repo = committedRepo();
    repo.write(".husky/.keep", "");
    const install = repo.cli(["install"]);
    expect(install.status).toBe(1);
    expect(install.stdout).not.toContain("hook installed");
    expect(install.stdout).toContain("husky is not active");
    expect(install.stdout).toContain("fix: npx husky");
    // As the fix says: husky's own set-up, then the hook is proven.
    runHusky(repo);
    const doctor = repo.cli(["doctor"]);
    expect(doctor.status, doctor.all).toBe(0);
    expect(doctor.stdout).toContain("husky runs .husky/pre-commit");
  });

  it("catches a hook installed in .git/hooks and then disabled by husky init", () => {
    const repo = committedRepo();
    expect(repo.cli(["install"]).status).toBe(0);
    runHusky(repo);
    writeFileSync(repo.path(".husky/pre-commit"), "npm test\n");
    const doctor = repo.cli(["doctor"]);
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toContain("not protected: .husky/pre-commit does not run roxels-guard");
    expect(doctor.stdout).toContain("fix: npx roxels-guard install");
  });

  it("scans after the steps that re-stage files, so a key they add is blocked", () => {
    const repo = committedRepo();
    runHusky(repo);
    const key = secretKey();
    // A formatter-like step that writes a file and stages it, as lint-staged does.
    writeFileSync(repo.path(".husky/pre-commit"), `printf 'export const k = "%s";\\n' "${key}" > generated.js\ngit add generated.js\n`);
    const install = repo.cli(["install"]);
    expect(install.status, install.all).toBe(0);
    const script = readFileSync(repo.path(".husky/pre-commit"), "utf8");
    expect(script.indexOf("git add generated.js")).toBeLessThan(script.indexOf("roxels-guard pre-commit >>>"));
    repo.write("b.txt", "b\n").git("add", "b.txt");
    const commit = repo.commit("b");
    expect(commit.status).not.toBe(0);
    expect(commit.all).toContain(`generated.js:1:`);
    expect(commit.all).toContain(masked(key));
    expect(repo.commitCount()).toBe(1);
  });
});
