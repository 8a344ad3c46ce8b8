/** revoke at a terminal asks, and only an exact `yes` revokes: a revoke cannot be undone. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { knownKeys } from "../../support/api-cli.js";
import { expectNoKey } from "../../support/api.js";
import { verifyRevokeApi } from "./support.js";

const server = verifyRevokeApi();
const { management, orgKey, writeKeys } = server;

describe("interactive confirmation", () => {
  async function revokeAtTerminal(answer: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const { run } = await import("../../../packages/cli/dist/commands/revoke.js");
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      // Answered once: more is written to stderr after the answer.
      if (!stdin.writableEnded && err.includes('Type "yes"')) stdin.end(`${answer}\n`);
    });
    const io = {
      stdin,
      stdout,
      stderr,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      stderrIsTTY: true,
      cwd: server.dir,
      env: { ROXELS_API_BASE: server.api.url, ROXELS_API_KEY: management, NO_COLOR: "1", HOME: server.dir },
    };
    const code = await run(["--allow-custom-api-base"], io);
    expectNoKey(out + err, knownKeys, "terminal output");
    return { code, stdout: out, stderr: err };
  }

  it("revokes when the user types yes at a terminal", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await revokeAtTerminal("yes");
    expect(result.stderr).toMatch(/About to revoke 1 Roxels secret key/);
    expect(result.code).toBe(0);
    expect(server.api.keyState(live)).toBe("revoked");
  });

  it.each(["no", "y", "Y", "YES", "yes please"])("revokes nothing on any other answer (%j): it cannot be undone", async (answer) => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await revokeAtTerminal(answer);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Would revoke/);
    expect(server.api.keyState(live)).toBe("live");
  });
});
