/** A key is never taken on the command line (it would land in shell history and `ps`). */
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/api-cli.js";
import { verifyRevokeApi } from "./support.js";
import { masked } from "../../support/keys.js";

// Every case here is refused before a request: the shared server must hear nothing.
const server = verifyRevokeApi("no-request");
const { orgKey, options, requestsSince, lastSeq } = server;

describe("keys on the command line", () => {
  it.each([
    ["verify", ["--key", "KEY"]],
    ["verify", ["--key=KEY"]],
    ["revoke", ["--yes", "KEY"]],
    ["revoke", ["--api-key", "KEY", "--yes"]],
    ["verify", ["--", "KEY"]],
  ])("%s %j is refused with exit 2 and an explanation", async (command, args) => {
    const key = orgKey();
    const before = lastSeq();
    const result = await runCli([command, ...args.map((arg) => arg.replace("KEY", key))], options());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${command} refuses keys on the command line: .*shell history and shown by ps`));
    expect(result.stderr).toMatch(/--stdin/);
    expect(result.stderr).toContain(`(${masked(key)})`);
    expect(result.stderr).toMatch(/Treat that key as exposed/);
    expect(requestsSince(before)).toHaveLength(0);
  });

  it("refuses --key even without a value", async () => {
    const result = await runCli(["verify", "--key"], options());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refuses keys on the command line: --key\./);
  });
});
