/**
 * What the hook judges: exactly what the commit adds, read from the index. Every case
 * goes through a real `git commit` and the installed hook.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo } from "../../support/repo.js";

afterAll(cleanupTempDirs);

let repo: Repo;
const oldKey = secretKey();

beforeAll(() => {
  repo = new Repo().linkCli();
  expect(repo.cli(["install"]).status).toBe(0);
  repo.write("docs/old.md", `intro\nlegacy example ${oldKey}\n`);
  repo.write("gone.txt", `remove me ${secretKey()}\n`);
  repo.commitAll("history with a key committed before the hook existed");
});

/** Commit what is staged; on a block, leave the index as the test found it. */
function tryCommit(message: string) {
  const result = repo.commit(message);
  if (result.status !== 0) repo.git("reset", "-q");
  return result;
}

describe("partially staged files", () => {
  it("blocks a key that is staged even when the work tree no longer has it, at the staged line", () => {
    const key = secretKey();
    repo.write("partial.txt", `a\nb\nkey=${key}\n`).git("add", "partial.txt");
    repo.write("partial.txt", "x\ny\nz\nw\na\nb\n");
    const result = tryCommit("staged key");
    expect(result.status).toBe(1);
    expect(result.all).toContain(`partial.txt:3:5  roxels-secret  ${masked(key)}`);
    expectNoKey(result.all, [key]);
  });

  it("allows a commit when the key is only in the unstaged part", () => {
    repo.write("partial2.txt", "line one\nline two\n").git("add", "partial2.txt");
    const key = secretKey();
    writeFileSync(repo.path("partial2.txt"), `line one\nline two\nkey=${key}\n`);
    const result = tryCommit("clean staged part");
    expect(result.status).toBe(0);
    expect(repo.git("diff", "--name-only").trim()).toBe("partial2.txt");
    repo.git("checkout", "--", "partial2.txt");
  });
});

describe("commits that build their own index", () => {
  it("judges `git commit -a` and `git commit <path>` on what they commit (GIT_INDEX_FILE)", () => {
    repo.write("tracked.txt", "v1\n").commitAll("tracked");
    const key = secretKey();
    repo.write("tracked.txt", `v1\nv2 ${key}\n`);
    const all = repo.commit("all", "-a");
    expect(all.status).toBe(1);
    expect(all.all).toContain(`tracked.txt:2:4  roxels-secret  ${masked(key)}`);
    const only = repo.commit("only", "--", "tracked.txt");
    expect(only.status).toBe(1);
    expect(only.all).toContain(`tracked.txt:2:4  roxels-secret  ${masked(key)}`);
    repo.git("checkout", "--", "tracked.txt");
  });
});

describe("renames, copies and deletions", () => {
  it("allows renaming a file that already held a key (not a new leak)", () => {
    repo.git("mv", "docs/old.md", "docs/moved old.md");
    const result = tryCommit("rename");
    expect(result.status).toBe(0);
  });

  it("blocks a key added while renaming, at the new path", () => {
    repo.git("mv", "docs/moved old.md", "docs/renamed.md");
    const key = secretKey();
    repo.write("docs/renamed.md", `intro\nlegacy example ${oldKey}\nnew ${key}\n`).git("add", "docs/renamed.md");
    const result = tryCommit("rename and add");
    expect(result.status).toBe(1);
    expect(result.all).toContain(`docs/renamed.md:3:5  roxels-secret  ${masked(key)}`);
    expect(result.all).not.toContain(masked(oldKey));
    rmSync(repo.path("docs/renamed.md"));
    repo.git("checkout", "--", "docs/moved old.md");
  });

  it("allows a copy of a file that held a key when its source changes in the same commit", () => {
    const source = repo.path("docs/moved old.md");
    copyFileSync(source, repo.path("docs/copy.md"));
    writeFileSync(source, `${readFileSync(source, "utf8")}one more line\n`);
    repo.git("add", "docs");
    const result = tryCommit("copy");
    expect(result.all).not.toContain("roxels-secret");
    expect(result.status).toBe(0);
  });

  it("allows deleting a file that held a key", () => {
    repo.git("rm", "-q", "gone.txt");
    expect(tryCommit("delete").status).toBe(0);
  });
});

describe("binary and hidden-as-binary files", () => {
  it("blocks a key in a real binary file (searched as bytes), and allows one without", () => {
    const key = secretKey();
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(` ${key} `), Buffer.alloc(64)]);
    repo.write("image.png", bytes).git("add", "image.png");
    const scan = repo.cli(["scan", "--staged", "--format", "json"]);
    expect(scan.status).toBe(1);
    expect(JSON.parse(scan.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["image.png"]);
    expect(tryCommit("binary").status).toBe(1);
    repo.write("image.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.alloc(64, 7)])).git("add", "image.png");
    expect(tryCommit("binary").status).toBe(0);
  });

  it("blocks a key in a file that .gitattributes hides as binary (-diff)", () => {
    const key = secretKey();
    repo.write(".gitattributes", "*.secret -diff\n").write("prod.secret", `first\nKEY=${key}\n`);
    repo.git("add", ".gitattributes", "prod.secret");
    const result = tryCommit("hidden");
    expect(result.status).toBe(1);
    expect(result.all).toContain(`prod.secret:2:5  roxels-secret  ${masked(key)}`);
  });

  it("blocks a key in a UTF-16 file (which git calls binary)", () => {
    const key = secretKey();
    repo.write("win.reg", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`header\r\n"Key"="${key}"\r\n`, "utf16le")]));
    repo.git("add", "win.reg");
    const result = tryCommit("utf16");
    expect(result.status).toBe(1);
    expect(result.all).toContain(`win.reg:2:8  roxels-secret  ${masked(key)}`);
  });
});

describe("file names", () => {
  it.each([
    ["spaces", "my config file.env"],
    ["quotes", 'say "hi".txt'],
    ["non-ASCII", "clé_été/配置.json"],
    ["a newline", "two\nlines.txt"],
    ["a tab and a backslash", "tab\there\\x.txt"],
  ])("reports a key in a file name with %s", (_label, name) => {
    const key = secretKey();
    repo.write(name, `k: ${key}\n`).git("add", "--", name);
    const result = tryCommit("odd name");
    expect(result.status).toBe(1);
    const shown = /[\n\t]/.test(name) ? JSON.stringify(name) : name;
    expect(result.all).toContain(`${shown}:1:4  roxels-secret  ${masked(key)}`);
  });

  it("reports a key in a file whose name is not UTF-8, shown with \\xNN as a file scan shows it", () => {
    const key = secretKey();
    writeFileSync(Buffer.concat([Buffer.from(repo.path("raw")), Buffer.from([0xff, 0x2e, 0x65, 0x6e, 0x76])]), `k: ${key}\n`);
    repo.git("add", "-A");
    const result = tryCommit("not UTF-8");
    expect(result.status).toBe(1);
    expect(result.all).toContain(`raw\\xff.env:1:4  roxels-secret  ${masked(key)}`);
    expectNoKey(result.all, [key]);
    repo.git("reset", "-q");
    rmSync(Buffer.concat([Buffer.from(repo.path("raw")), Buffer.from([0xff, 0x2e, 0x65, 0x6e, 0x76])]));
  });

  it("commits such names when they hold no key", () => {
    repo.write("ok 'é' \"q\".txt", "nothing here\n").git("add", "-A", "--", "ok*");
    expect(tryCommit("odd clean").status).toBe(0);
  });
});

describe("ignore comments on the staged lines", () => {
  it("allows a key marked roxels-guard-ignore on its line or on the unchanged line above", () => {
    repo.write("fixture.js", "// roxels-guard-ignore-next-line\nconst x = 1;\n");
    repo.commitAll("marker line");
    repo.write("fixture.js", `// roxels-guard-ignore-next-line\nconst x = "${secretKey()}";\nconst y = "${secretKey()}"; // roxels-guard-ignore: test data\n`);
    repo.git("add", "fixture.js");
    const result = tryCommit("ignored keys");
    expect(result.status).toBe(0);
  });
});
