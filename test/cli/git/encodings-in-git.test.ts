/**
 * Text that git shows oddly or hides as binary, in the index and in history: a wrapped
 * base64 block whose key prefix a line break splits, UTF-16 without a byte-order mark,
 * a stray NUL in a source file. Each is found at the line the file scan gives it.
 */
import { afterAll, expect, it } from "vitest";
import { randomBody, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo } from "../../support/repo.js";

afterAll(cleanupTempDirs);

interface Finding {
  file: string;
  line: number;
  column: number;
  commit?: string;
}

/**
 * A Secret manifest whose base64 block (wrapped at `width`) has the key's prefix split by
 * a line break: the padding is chosen so that `sk_` encodes across the end of a line.
 */
function straddlingSecret(key: string, width: number): { text: string; line: number } {
  for (let pad = 0; pad < 3 * width; pad++) {
    const json = `{"note":"${"x".repeat(pad)}","apiKey":"${key}"}`;
    const at = json.indexOf(key);
    const encodedAt = Math.floor(at / 3) * 4;
    // The prefix's 3 bytes encode into characters encodedAt..lastChar; lines break between
    // 4-character groups, so only a prefix across two groups can be split.
    const lastChar = Math.floor((at + 2) / 3) * 4 + 3;
    const breakAt = (Math.floor(encodedAt / width) + 1) * width;
    if (breakAt > lastChar) continue;
    const lines = Buffer.from(json).toString("base64").match(new RegExp(`.{1,${width}}`, "g"))!;
    return { text: `apiVersion: v1\nkind: Secret\ndata:\n  config.json: |\n${lines.map((l) => `    ${l}`).join("\n")}\n`, line: 5 + Math.floor(encodedAt / width) };
  }
  throw new Error("no padding splits the prefix");
}

it("finds split-prefix base64, UTF-16 without a BOM and a stray NUL in --staged and --history", () => {
  const [at76, at64, le, be, nul] = [secretKey(), secretKey(), secretKey(), secretKey(), secretKey()];
  const wide = straddlingSecret(at76, 76);
  const pem = straddlingSecret(at64, 64);
  const repo = new Repo();
  repo.write("README.md", "hello\n");
  repo.commitAll("init");
  repo.write("k8s/secret.yaml", wide.text);
  repo.write("k8s/secret64.yaml", pem.text);
  repo.write("win/le.txt", Buffer.from(`first\r\nsecond\r\nkey=${le}\r\n`, "utf16le"));
  repo.write("win/be.txt", Buffer.from(`one\ntwo=${be}\n`, "utf16le").swap16());
  repo.write("src/app.js", Buffer.from(`const a = 1;\0\nconst ${randomBody(4)} = 2;\nconst key = "${nul}";\n`));
  repo.git("add", "-A");
  const expected = [`k8s/secret.yaml:${wide.line}`, `k8s/secret64.yaml:${pem.line}`, "src/app.js:3:14", "win/be.txt:2:5", "win/le.txt:3:5"];
  const shown = (f: Finding) => (f.file.startsWith("k8s/") ? `${f.file}:${f.line}` : `${f.file}:${f.line}:${f.column}`);

  const onDisk = repo.cli(["scan", ".", "--format", "json"]);
  expect((JSON.parse(onDisk.stdout) as { findings: Finding[] }).findings.map(shown).sort()).toEqual(expected);
  const staged = repo.cli(["scan", "--staged", "--format", "json"]);
  expectNoKey(staged.all, [at76, at64, le, be, nul]);
  expect((JSON.parse(staged.stdout) as { findings: Finding[] }).findings.map(shown).sort()).toEqual(expected);

  const sha = repo.commitAll("add");
  const history = repo.cli(["scan", "--history", "--format", "json"]);
  expectNoKey(history.all, [at76, at64, le, be, nul]);
  const found = (JSON.parse(history.stdout) as { findings: Finding[] }).findings;
  expect(found.map(shown).sort()).toEqual(expected);
  expect(new Set(found.map((f) => f.commit))).toEqual(new Set([sha]));
});
