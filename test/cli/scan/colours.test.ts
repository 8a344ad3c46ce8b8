/**
 * When text output is coloured: the flags, NO_COLOR, FORCE_COLOR and the terminal, in that order.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_BIN, cleanEnv, REPO_ROOT, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";
import { cleanupTempDirs } from "../../support/repo.js";

const tree = useTempTrees();
afterAll(cleanupTempDirs);

const ESC = "\x1b[";

describe("colours", () => {
  it("decides from the flags, NO_COLOR, FORCE_COLOR and the terminal, in that order", async () => {
    const { useColor } = (await import(path.join(REPO_ROOT, "packages/cli/dist/io.js"))) as {
      useColor(io: { env: NodeJS.ProcessEnv }, isTTY: boolean): boolean;
    };
    const decide = (env: NodeJS.ProcessEnv, tty: boolean) => useColor({ env }, tty);
    expect(decide({}, true)).toBe(true);
    expect(decide({}, false)).toBe(false);
    expect(decide({ TERM: "dumb" }, true)).toBe(false);
    for (const off of ["0", "false"]) expect(decide({ FORCE_COLOR: off }, true), off).toBe(false);
    for (const on of ["1", "2", "3", "true", ""]) expect(decide({ FORCE_COLOR: on }, false), JSON.stringify(on)).toBe(true);
    expect(decide({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(decide({ NO_COLOR: "", FORCE_COLOR: "0" }, true)).toBe(false);
  });

  it("FORCE_COLOR=1 colours a pipe, FORCE_COLOR=0 does not, and --color beats NO_COLOR", async () => {
    const t = tree({ "a.env": `K=${secretKey()}\n` });
    const forced = await runCli(["scan"], { cwd: t.dir, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(ESC);
    const off = await runCli(["scan"], { cwd: t.dir, env: { FORCE_COLOR: "0" } });
    expect(off.stdout).not.toContain(ESC);
    const flag = await runCli(["scan", "--color"], { cwd: t.dir, env: { NO_COLOR: "1" } });
    expect(flag.stdout).toContain(ESC);
    const noFlag = await runCli(["scan", "--no-color"], { cwd: t.dir, env: { FORCE_COLOR: "1" } });
    expect(noFlag.stdout).not.toContain(ESC);
  });

  const hasScript = existsSync("/usr/bin/script") || existsSync("/bin/script");
  it.skipIf(!hasScript)("FORCE_COLOR=0 and FORCE_COLOR=false turn colours off on a terminal", () => {
    const t = tree({ "a.env": `K=${secretKey()}\n` });
    // util-linux script(1) runs the CLI on a pseudo-terminal.
    const onTty = (env: Record<string, string | undefined>) =>
      spawnSync("script", ["-qec", `"${process.execPath}" "${CLI_BIN}" scan`, "/dev/null"], {
        cwd: t.dir,
        env: cleanEnv({ TERM: "xterm-256color", ...env }),
        encoding: "utf8",
      }).stdout;
    expect(onTty({})).toContain(ESC);
    expect(onTty({ FORCE_COLOR: "0" })).not.toContain(ESC);
    expect(onTty({ FORCE_COLOR: "false" })).not.toContain(ESC);
    expect(onTty({ NO_COLOR: "1" })).not.toContain(ESC);
  });
});
