/**
 * The streaming diff reader on its own: the same answer however git's output is cut
 * into chunks, quoted names, combined (merge) diffs, and the context line kept above
 * each run of added lines.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/repo.js";

const { ABOVE_LIMIT, DiffParser } = await import(pathToFileURL(path.join(ROOT, "packages/scanner/dist/git/diff-parser.js")).href);
const { pathField, newPathFromGitHeader } = await import(pathToFileURL(path.join(ROOT, "packages/scanner/dist/git/quoted-path.js")).href);

interface Seen {
  commits: string[];
  files: Array<{ path: string; binary: boolean; mode: string | null; newBlob: string | null }>;
  added: Array<[string, number, string]>;
  context: Array<[string, string]>;
}

function parse(text: string, chunkSize: number): Seen {
  const seen: Seen = { commits: [], files: [], added: [], context: [] };
  const parser = new DiffParser({
    commit: (c: { sha: string; author: string }) => seen.commits.push(`${c.sha} ${c.author}`),
    file: (f: { path: string; binary: boolean; mode: string | null; newBlob: string | null }) => {
      seen.files.push({ path: f.path, binary: f.binary, mode: f.mode, newBlob: f.newBlob });
      return true;
    },
    // The line above matters only at the start of a run: within one, it is the previous added line.
    addedLine: (f: { path: string }, number: number, above: Buffer | null) => {
      const last = seen.added.at(-1);
      if (above !== null && !(last && last[0] === f.path && last[1] === number - 1)) seen.context.push([f.path, above.toString("latin1")]);
      seen.added.push([f.path, number, ""]);
    },
    addedText: (bytes: Buffer, start: number, end: number) => {
      seen.added.at(-1)![2] += bytes.toString("latin1", start, end);
    },
  });
  const bytes = Buffer.from(text, "latin1");
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  parser.end();
  return seen;
}

const BLOB = "1".repeat(40);
const PATCH = [
  "\x01aaa\0ada@example.com\x002024-01-01T00:00:00+00:00",
  "",
  'diff --git "a/odd \\"name\\"\\n.txt" "b/odd \\"name\\"\\n.txt"',
  "new file mode 100644",
  `index ${"0".repeat(40)}..${BLOB}`,
  "--- /dev/null",
  '+++ "b/odd \\"name\\"\\n.txt"',
  "@@ -0,0 +1,2 @@",
  "+first",
  "+second\r",
  "diff --git a/with space.txt b/with space.txt",
  `index ${BLOB}..${"2".repeat(40)} 100644`,
  "--- a/with space.txt\t",
  "+++ b/with space.txt\t",
  "@@ -3,2 +3,3 @@ context",
  " // roxels-guard-ignore-next-line",
  "-old",
  "+new three",
  "+new four",
  "@@ -10 +11,2 @@",
  " ten",
  "+twelve",
  "\\ No newline at end of file",
  "diff --git a/pic.png b/pic.png",
  `index ${BLOB}..${"3".repeat(40)} 100644`,
  "Binary files a/pic.png and b/pic.png differ",
  "diff --git a/old.txt b/renamed.txt",
  "similarity index 100%",
  "rename from old.txt",
  "rename to renamed.txt",
  "\x01bbb\0bob@example.com\x002024-01-02T00:00:00+00:00",
  "",
  "diff --cc merged.txt",
  `index ${BLOB},${"4".repeat(40)}..${"5".repeat(40)}`,
  "--- a/merged.txt",
  "+++ b/merged.txt",
  "@@@ -1,2 -1,2 +1,3 @@@",
  "  same",
  "- only in first parent",
  " +from second parent",
  "++resolution line",
  "",
].join("\n");

describe("DiffParser", () => {
  const whole = parse(PATCH, 1 << 20);

  it("reads commits, quoted and spaced names, binaries and renames", () => {
    expect(whole.commits).toEqual(["aaa ada@example.com", "bbb bob@example.com"]);
    expect(whole.files.map((f) => [f.path, f.binary])).toEqual([
      ['odd "name"\n.txt', false],
      ["with space.txt", false],
      ["pic.png", true],
      ["renamed.txt", false],
      ["merged.txt", false],
    ]);
    expect(whole.files[2]!.newBlob).toBe("3".repeat(40));
    expect(whole.files[1]!.mode).toBe("100644");
  });

  it("gives added lines with their new-file numbers, and only the merge's own lines", () => {
    expect(whole.added).toEqual([
      ['odd "name"\n.txt', 1, "first"],
      ['odd "name"\n.txt', 2, "second\r"],
      ["with space.txt", 4, "new three"],
      ["with space.txt", 5, "new four"],
      ["with space.txt", 12, "twelve"],
      ["merged.txt", 3, "resolution line"],
    ]);
  });

  it("keeps the unchanged line above each run of added lines as context", () => {
    expect(whole.context).toEqual([
      ["with space.txt", "// roxels-guard-ignore-next-line"],
      ["with space.txt", "ten"],
      ["merged.txt", "from second parent"],
    ]);
  });

  it.each([1, 2, 3, 7, 64])("gives the same answer when git's output arrives in %i-byte chunks", (size) => {
    expect(parse(PATCH, size)).toEqual(whole);
  });
});

describe("DiffParser on long lines", () => {
  const long = `const bundle=${"x".repeat(ABOVE_LIMIT)};`;
  const patch = [
    "diff --git a/app.min.js b/app.min.js",
    "new file mode 100644",
    `index ${"0".repeat(40)}..${BLOB}`,
    "--- /dev/null",
    "+++ b/app.min.js",
    "@@ -0,0 +1,3 @@",
    `+${long}`,
    "+// roxels-guard-ignore-next-line",
    "+after",
    "",
  ].join("\n");

  function pieces(chunkSize: number): { texts: string[][]; aboves: Array<string | null> } {
    const texts: string[][] = [];
    const aboves: Array<string | null> = [];
    const parser = new DiffParser({
      file: () => true,
      addedLine: (_f: unknown, _n: number, above: Buffer | null) => {
        texts.push([]);
        aboves.push(above === null ? null : above.toString("latin1"));
      },
      addedText: (bytes: Buffer, start: number, end: number) => texts.at(-1)!.push(bytes.toString("latin1", start, end)),
    });
    const bytes = Buffer.from(patch, "latin1");
    for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
    parser.end();
    return { texts, aboves };
  }

  it.each([1000, 4096, 1 << 20])("hands a line over in pieces as git's %i-byte chunks bring it, not once it is whole", (size) => {
    const { texts } = pieces(size);
    expect(texts.map((t) => t.join(""))).toEqual([long, "// roxels-guard-ignore-next-line", "after"]);
    // Every piece of the long line is at most one chunk: nothing waited for the line's end.
    expect(Math.max(...texts[0]!.map((t) => t.length))).toBeLessThanOrEqual(size);
    if (size < long.length) expect(texts[0]!.length).toBeGreaterThan(1);
  });

  it.each([7, 4096, 1 << 20])("gives the line above when it is short, not when it is longer than ABOVE_LIMIT (%i-byte chunks)", (size) => {
    expect(pieces(size).aboves).toEqual([null, null, "// roxels-guard-ignore-next-line"]);
  });
});

describe("git's quoted paths", () => {
  it("decodes C-quoting with octal UTF-8 bytes and escapes", () => {
    expect(pathField('"b/\\303\\251t\\303\\251 \\"x\\"\\t\\\\.txt"', "b/")).toBe('été "x"\t\\.txt');
    expect(pathField("b/plain name.txt\t", "b/")).toBe("plain name.txt");
    expect(pathField("b/caf\u00c3\u00a9.txt", "b/")).toBe("café.txt");
  });

  it("splits an unquoted `diff --git` header with spaces only where both halves agree", () => {
    expect(newPathFromGitHeader("a/x y b/z.txt b/x y b/z.txt")).toBe("x y b/z.txt");
    expect(newPathFromGitHeader('a/plain "b/quoted\\n"')).toBe("quoted\n");
  });
});
