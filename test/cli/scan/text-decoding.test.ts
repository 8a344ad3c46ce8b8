/**
 * How `scan` decodes text: fake byte-order marks, names that are not UTF-8, keys in Markdown
 * and block comments.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { secretKey } from "../../support/keys.js";

const tree = useTempTrees();

describe("encodings", () => {
  it("does not let a fake UTF-16 byte-order mark hide an ASCII key", async () => {
    const key = secretKey();
    const t = tree({ "spoof.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token=${key}\n`)]) });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toHaveLength(1);
  });

  it("reads files whose names are not UTF-8, in a walk and from git", async () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    // Names Linux allows but that do not decode: a file, and a file in such a folder.
    // (test/cli/scan/parallel-scan.test.ts has such names read on the worker thread.)
    const bytes = (dir: string, ...parts: number[][]) => Buffer.concat([Buffer.from(`${dir}/`), ...parts.map((p) => Buffer.from(p))]);
    const t = tree({ "ok.env": `KEY=${keys[2]}\n` });
    writeFileSync(bytes(t.dir, [0x62, 0xff, 0x2e, 0x65, 0x6e, 0x76]), `KEY=${keys[0]}\n`); // b\xff.env
    mkdirSync(bytes(t.dir, [0x64, 0xfe]));
    writeFileSync(bytes(t.dir, [0x64, 0xfe, 0x2f, 0x78]), `KEY=${keys[1]}\n`); // d\xfe/x
    const expected = ["b\\xff.env", "d\\xfe/x", "ok.env"];
    for (const git of [false, true]) {
      if (git) execFileSync("git", ["init", "-q"], { cwd: t.dir });
      const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
      expectNoKeyIn([result.stdout, result.stderr], keys);
      expect(result.stderr, `git: ${git}`).toBe("");
      expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file), `git: ${git}`).toEqual(expected);
    }
    // In SARIF such a byte is itself, percent-encoded, so that the URI names the real file.
    const sarif = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    const uris = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(["b%FF.env", "d%FE/x", "ok.env"]);
  });

  it("finds keys after a star, in bold Markdown and in a block comment", async () => {
    const [a, b] = [secretKey(), secretKey()];
    const t = tree({ "cm.js": `/* old key: ${a}*/\n`, "b.md": `**${b}**\n` });
    const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
    expect(JSON.parse(result.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["b.md", "cm.js"]);
  });
});
