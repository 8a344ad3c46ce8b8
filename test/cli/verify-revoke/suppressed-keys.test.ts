/**
 * Suppressed keys are still exposed keys: verify checks and labels them, revoke lists them
 * and revokes them only with --include-suppressed. Real CLI, real loopback server.
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { knownKeys, loopbackApi, runCli } from "../../support/api-cli.js";
import { expectKeysOnlyWhereTheContractPutsThem } from "../../support/api.js";
import { masked } from "../../support/keys.js";

const local = loopbackApi({ recordRaw: true });
const { orgKey, options } = local;
afterAll(() => expectKeysOnlyWhereTheContractPutsThem(local.api.log.entries, knownKeys));


/** Three live keys: one reported, one under an ignore comment, one in the baseline. */
async function threeKeys(): Promise<{ reported: string; ignored: string; baselined: string }> {
  const [reported, ignored, baselined] = [orgKey(), orgKey(), orgKey()];
  await writeFile(path.join(local.dir, "old.js"), `export const legacy = "${baselined}";\n`);
  const baseline = await runCli(["baseline", "old.js"], options());
  expect(baseline.code, baseline.stderr).toBe(0);
  await writeFile(
    path.join(local.dir, "app.js"),
    `export const a = "${reported}";\nexport const b = "${ignored}"; // roxels-guard-ignore: test fixture\n`,
  );
  return { reported, ignored, baselined };
}

const SELECTION = [".", "--baseline", ".roxelsguard-baseline.json"];

describe("suppressed keys in verify", () => {
  it("checks them with the others, labels each, and counts a live one as live", async () => {
    const { reported, ignored, baselined } = await threeKeys();
    // Not vacuous: the scan reports only one of the three.
    const scan = await runCli(["scan", ...SELECTION, "--format", "json"], options());
    expect(JSON.parse(scan.stdout).findings).toHaveLength(1);

    const result = await runCli(["verify", ...SELECTION], options());
    expect(result.code).toBe(1);
    const rows = result.stdout.split("\n").filter((line) => line.startsWith("  LIVE"));
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.includes(masked(reported)))).not.toMatch(/suppressed/);
    expect(rows.find((row) => row.includes(masked(ignored)))).toMatch(/app\.js:2 .*\[suppressed by ignore comment\]$/);
    expect(rows.find((row) => row.includes(masked(baselined)))).toMatch(/old\.js:1 .*\[suppressed by baseline\]$/);
    expect(result.stdout).toContain("verify: 3 live, 0 not accepted, 2 of them suppressed");
    expect(result.stderr).toMatch(/warning: 2 live keys are suppressed .* it does not make an exposed key safe/);

    const json = JSON.parse((await runCli(["verify", ...SELECTION, "--format", "json"], options())).stdout);
    const byMasked = new Map<string, { state: string; suppressed?: string }>(json.keys.map((k: { masked: string }) => [k.masked, k]));
    expect(byMasked.get(masked(reported))).not.toHaveProperty("suppressed");
    expect(byMasked.get(masked(ignored))).toMatchObject({ state: "live", suppressed: "ignore comment" });
    expect(byMasked.get(masked(baselined))).toMatchObject({ state: "live", suppressed: "baseline" });
    expect(json.summary).toMatchObject({ checked: 3, live: 3, suppressed: 2 });
  });
});

describe("suppressed keys in a history selection", () => {
  it("are checked and labelled with the commit that added them", async () => {
    const key = orgKey();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: local.dir, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
    git("init", "-q");
    await writeFile(path.join(local.dir, "app.js"), `export const b = "${key}"; // roxels-guard-ignore: sandbox\n`);
    git("add", "app.js");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "add");
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: local.dir, encoding: "utf8" }).trim();
    const json = JSON.parse((await runCli(["verify", "--history", "--format", "json"], options())).stdout);
    expect(json.keys).toEqual([expect.objectContaining({ masked: masked(key), state: "live", suppressed: "ignore comment", locations: [`${commit.slice(0, 12)}:app.js:1`] })]);
  });
});

describe("suppressed keys in revoke", () => {
  it("lists them and leaves them live without --include-suppressed; exit 1", async () => {
    const { reported, ignored, baselined } = await threeKeys();
    const result = await runCli(["revoke", "--allow-custom-api-base", ...SELECTION, "--yes"], options());
    expect(result.code).toBe(1);
    expect(local.api.keyState(reported)).toBe("revoked");
    expect(local.api.keyState(ignored)).toBe("live");
    expect(local.api.keyState(baselined)).toBe("live");
    const section = result.stdout.slice(result.stdout.indexOf("Suppressed, so not revoked"));
    expect(section).toMatch(new RegExp(`${escape(masked(ignored))} +app\\.js:2 +suppressed by ignore comment`));
    expect(section).toMatch(new RegExp(`${escape(masked(baselined))} +old\\.js:1 +suppressed by baseline`));
    expect(result.stdout).toContain("revoke: 3 keys: 1 revoked, 2 suppressed; 2 keys NOT revoked");
    expect(result.stderr).toContain("2 suppressed keys not revoked");

    const dry = JSON.parse((await runCli(["revoke", "--allow-custom-api-base", ...SELECTION, "--dry-run", "--format", "json"], options())).stdout);
    expect(dry.keys.map((k: { masked: string; outcome: string }) => [k.masked, k.outcome])).toEqual([[masked(reported), "would-revoke"]]);
    expect(dry.suppressed.map((k: { masked: string; outcome: string }) => [k.masked, k.outcome]).sort()).toEqual(
      [
        [masked(ignored), "suppressed"],
        [masked(baselined), "suppressed"],
      ].sort(),
    );
    expect(dry.summary).toMatchObject({ keys: 1, suppressed: 2 });
  });

  it("revokes them too with --include-suppressed, labelled; exit 0", async () => {
    const { reported, ignored, baselined } = await threeKeys();
    const result = await runCli(["revoke", "--allow-custom-api-base", ...SELECTION, "--yes", "--include-suppressed"], options());
    expect(result.code, result.stderr).toBe(0);
    for (const key of [reported, ignored, baselined]) expect(local.api.keyState(key)).toBe("revoked");
    expect(result.stdout).toMatch(new RegExp(`revoked +${escape(masked(ignored))} +app\\.js:2 +.*\\[suppressed by ignore comment\\]`));
    expect(result.stdout).not.toContain("Suppressed, so not revoked");
    expect(result.stdout).toContain("every exposed Roxels key is revoked");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
