/** The text summary counts suppressed keys by kind of suppression without listing them. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintKey } from "@roxels-guard/core";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey, stripeKey } from "../../support/keys.js";
import { cleanupTempDirs } from "../../support/repo.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

describe("the text summary counts suppressed keys without listing them", () => {
  it("says how many the baseline suppressed", async () => {
    const keys = [secretKey(), secretKey(), stripeKey()];
    const t = tree({ "a.env": keys.map((k, i) => `K${i}=${k}`).join("\n") + "\n" });
    const baseline = await runCli(["baseline"], { cwd: t.dir });
    expect(baseline.code, baseline.stderr).toBe(0);
    const result = await runCli(["scan", "--baseline", ".roxelsguard-baseline.json", "--no-color"], { cwd: t.dir });
    expect(result.code, result.stderr).toBe(0);
    expectNoKeyIn([result.stdout, result.stderr], keys);
    expect(result.stdout.trim()).toMatch(/^no keys found \(2 files, [\d.]+ \w?B scanned; 3 suppressed by the baseline\)$/);
  });

  it("names each kind of suppression, and still counts them when keys are found", async () => {
    const [comment, file, allowed, left, found] = [secretKey(), secretKey(), secretKey(), stripeKey(), secretKey()];
    const t = tree({
      "a.js": [`a = "${comment}"; // roxels-guard-ignore: sandbox`, `b = "${file}"`, `c = "${allowed}"`, `d = "${left}"`].join("\n") + "\n",
      "roxels-guard.config.json": JSON.stringify({ kinds: ["roxels-secret"], allowFingerprints: [fingerprintKey(allowed)] }),
      ".roxelsguardignore": `${fingerprintKey(file)}\n`,
    });
    const clean = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(clean.code, clean.stderr).toBe(0);
    const summary = clean.stdout.trim().split("\n").at(-1);
    expect(summary).toMatch(/^no keys found \(3 files, .* scanned; 4 suppressed: 1 by an ignore comment, 1 by the ignore file, 2 by the config\)$/);
    expect(clean.stdout.trim().split("\n")).toHaveLength(1); // counted, not listed

    writeFileSync(path.join(t.dir, "b.js"), `e = "${found}"\n`);
    const dirty = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(dirty.code).toBe(1);
    expect(dirty.stdout.trim().split("\n").at(-1)).toMatch(/^1 key found \(4 files, .* scanned; 4 suppressed: /);
    expectNoKeyIn([clean.stdout, dirty.stdout], [comment, file, allowed, left, found]);
  });

  it("does not count placeholders and names in code, which are not keys", async () => {
    const t = tree({ "a.js": `a = "sk_your_key_here";\nb = sk_customerSubscriptionIdentifier;\n` });
    const result = await runCli(["scan", "--no-color"], { cwd: t.dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^no keys found \(1 file, [\d.]+ \w?B scanned\)$/);
  });
});
