/** revoke at a terminal asks, and only an exact `yes` revokes: a revoke cannot be undone. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockApi, type MockApi } from "../../../packages/mock-api/src/index.js";
import { secretKey } from "../../support/keys.js";
import { knownKeys, remember, tempDir } from "../../support/api-cli.js";
import { expectKeysOnlyWhereTheContractPutsThem, expectNoKey } from "../../support/api.js";

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
const management = remember(secretKey());
const member = remember(secretKey());

beforeAll(async () => {
  api = await startMockApi({ recordRaw: true, keys: [{ key: management, canManage: true }, { key: member }] });
});

afterAll(async () => {
  expectKeysOnlyWhereTheContractPutsThem(api.log.entries, knownKeys);
  await api.close();
});

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterEach(async () => {
  api.faults.clear();
  await cleanup();
});

/** A key the org issued: live, or revoked already. */
function orgKey(state: "live" | "revoked" = "live"): string {
  const key = remember(secretKey());
  api.addKey({ key, revoked: state === "revoked" });
  return key;
}

async function writeKeys(file: string, keys: readonly string[]): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), keys.map((key, i) => `export const key${i} = "${key}";`).join("\n") + "\n");
}

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
      cwd: dir,
      env: { ROXELS_API_BASE: api.url, ROXELS_API_KEY: management, NO_COLOR: "1", HOME: dir },
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
    expect(api.keyState(live)).toBe("revoked");
  });

  it.each(["no", "y", "Y", "YES", "yes please"])("revokes nothing on any other answer (%j): it cannot be undone", async (answer) => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    const result = await revokeAtTerminal(answer);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Would revoke/);
    expect(api.keyState(live)).toBe("live");
  });
});
