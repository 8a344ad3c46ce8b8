/**
 * Archives, called directly: zipEntries and tarEntries list what an archive holds, and
 * scanContent reports a key at `archive!/entry` (nested archives chained), in an entry's
 * name or a link's target too, and turns each limit (entries, depth, expanded size, ratio)
 * into a warning naming the archive, with small limits so each is reached cheaply.
 */
import { describe, expect, it } from "vitest";
import { maskKey } from "@roxels-guard/core";
import { FingerprintSuppressions, type ScanSink } from "@roxels-guard/scanner";
import { archiveFormat } from "../../packages/scanner/dist/archive-format.js";
import { ARCHIVE_LIMITS, scanContent, type ArchiveLimits } from "../../packages/scanner/dist/archive-scan.js";
import { tarEntries } from "../../packages/scanner/dist/archive/tar.js";
import { ArchiveFormatError, zipEntries } from "../../packages/scanner/dist/archive/zip.js";
import { gzip, makeTar, makeZip } from "../support/archives.js";
import { expectNoKeyIn } from "../support/cli.js";
import { secretKey } from "../support/keys.js";
import { randomBytes } from "../support/random.js";

function sink(): ScanSink {
  return { suppressions: new FingerprintSuppressions(), explain: false, findings: [], suppressed: [] };
}

function scan(bytes: Buffer, limits: Partial<ArchiveLimits> = {}) {
  const out = sink();
  const result = scanContent(bytes, "a.zip", out, { ...ARCHIVE_LIMITS, ...limits });
  return { ...result, found: out.findings.map((f) => `${f.file}:${f.line}:${f.column}${f.place ? ` (${f.place})` : ""}`), findings: out.findings };
}

describe("archiveFormat", () => {
  it("knows zip, gzip and tar by their bytes, whatever the name", () => {
    expect(archiveFormat(makeZip([{ name: "x", data: "y" }]).subarray(0, 512))).toBe("zip");
    expect(archiveFormat(gzip("text").subarray(0, 512))).toBe("gzip");
    expect(archiveFormat(makeTar({ "a.txt": "a" }).subarray(0, 512))).toBe("tar");
    expect(archiveFormat(Buffer.from("PK but not a zip"))).toBeNull();
  });
});

describe("zipEntries and tarEntries", () => {
  it("list each entry's name and size, stored or deflated", () => {
    const zip = makeZip([
      { name: "a/stored.txt", data: "0123456789", method: 0 },
      { name: "b/deflated.txt", data: "z".repeat(5000) },
    ]);
    const entries = [...zipEntries(zip)];
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ["a/stored.txt", 10],
      ["b/deflated.txt", 5000],
    ]);
    const last = entries[1]!;
    expect("read" in last && last.read(1 << 20).toString()).toBe("z".repeat(5000));
  });

  it("give a tar's symlink as its target, not as content", () => {
    const entries = [...tarEntries(makeTar({ "dir/file.txt": "hello", "dir/link": { link: "file.txt" } }))];
    const link = entries.find((e) => e.name === "dir/link");
    expect(link && "linkTarget" in link ? link.linkTarget : null).toBe("file.txt");
  });

  it("read a zip whose directory is cut off from its local headers, the entry the cut runs through up to the cut", () => {
    const key = secretKey();
    const zip = makeZip([
      { name: "a.txt", data: "a", method: 0 },
      { name: "b.env", data: `K=${key}\n${randomBytes(30_000).toString("base64")}` },
    ]);
    let cut = 0;
    const entries = [...zipEntries(zip.subarray(0, zip.length - 4000), () => cut++)];
    expect(entries.map((e) => e.name)).toEqual(["a.txt", "b.env"]);
    expect(cut).toBe(1);
    const b = entries[1]!;
    expect("read" in b && b.read(1 << 20).toString("latin1").startsWith(`K=${key}\n`)).toBe(true);
    // An intact zip is read from its directory, without the call.
    expect([...zipEntries(zip, () => cut++)]).toHaveLength(2);
    expect(cut).toBe(1);
  });

  it("refuse a cut zip that does not start with an entry (a self-extracting stub before it)", () => {
    const zip = makeZip([{ name: "a.txt", data: "a" }], Buffer.from("MZ a stub"));
    expect(() => [...zipEntries(zip.subarray(0, zip.length - 10))]).toThrow(ArchiveFormatError);
  });
});

describe("scanContent", () => {
  it("reports a key at archive!/entry:line:column, through nested archives", () => {
    const [a, b] = [secretKey(), secretKey()];
    const inner = makeTar({ "etc/app.env": `X=1\nKEY=${b}\n` }, true);
    const { found } = scan(makeZip([{ name: "config/.env", data: `\n\n   ${a}\n` }, { name: "deploy/pkg.tgz", data: inner }]));
    expect(found).toEqual(["a.zip!/config/.env:3:4", "a.zip!/deploy/pkg.tgz!/etc/app.env:2:5"]);
  });

  it("reads a zip and a .tgz cut short up to the cut, with a warning naming each", () => {
    const key = secretKey();
    const filler = randomBytes(40_000).toString("base64");
    const zip = makeZip([{ name: "config/.env", data: `A=1\nK=${key}\n${filler}` }]);
    const cutZip = scan(zip.subarray(0, zip.length - 1000));
    expect(cutZip.found).toEqual(["a.zip!/config/.env:2:3"]);
    expect(cutZip.warnings).toEqual(["a.zip: no zip directory at its end (cut short?): entries read from their local headers"]);
    const tgz = makeTar({ "package/index.js": `module.exports = "${key}";\n`, "package/big.txt": filler }, true);
    const cutTgz = scan(tgz.subarray(0, tgz.length - 1000));
    expect(cutTgz.found).toEqual(["a.zip!/package/index.js:1:19"]);
    expect(cutTgz.warnings[0]).toBe("a.zip: compressed data cut short or damaged: read up to where it breaks");
    // Bytes that inflate to nothing stay a warning, not a finding or a crash.
    expect(scan(Buffer.concat([tgz.subarray(0, 10), Buffer.alloc(200, 0xff)])).warnings).toEqual(["a.zip: damaged compressed data: not read"]);
  });

  it("names a gzip's content after the file without .gz", () => {
    const key = secretKey();
    const out = sink();
    scanContent(gzip(`one\n${key}\n`), "logs/app.log.gz", out);
    expect(out.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["logs/app.log.gz!/app.log:2"]);
  });

  it("finds a key in an entry's name, shown masked in the path, and in a link's target", () => {
    const [inName, inTarget] = [secretKey(), secretKey()];
    const { found, findings } = scan(makeTar({ [`keys/${inName}.txt`]: "nothing here", "link": { link: `/tmp/${inTarget}` } }));
    expect(found).toEqual([`a.zip!/keys/${maskKey(inName)}.txt:1:6 (file-name)`, "a.zip!/link:1:6 (symlink-target)"]);
    expectNoKeyIn(findings.map((f) => f.file), [inName, inTarget]);
  });

  it("stops after the entry limit, with a warning, having read the entries before it", () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    const result = scan(makeZip(keys.map((key, i) => ({ name: `${i}.env`, data: `K=${key}\n` }))), { entries: 2 });
    expect(result.found).toEqual(["a.zip!/0.env:1:3", "a.zip!/1.env:1:3"]);
    expect(result.entries).toBe(2);
    expect(result.warnings).toEqual(["a.zip: more than 2 archive entries: the rest were not read"]);
  });

  it("does not open archives nested deeper than the depth limit, and searches them as bytes", () => {
    const [top, deep] = [secretKey(), secretKey()];
    const inner = makeZip([{ name: "deep.env", data: `K=${deep}\n`, method: 0 }]);
    const result = scan(makeZip([{ name: "top.env", data: `K=${top}\n` }, { name: "inner.zip", data: inner, method: 0 }]), { depth: 1 });
    expect(result.warnings).toEqual(["a.zip!/inner.zip: archives nested deeper than 1: not opened"]);
    // The inner zip, its entry stored, is searched as bytes: its key is still found, at the inner zip.
    expect(result.found[0]).toBe("a.zip!/top.env:1:3");
    expect(result.found.slice(1).every((f) => f.startsWith("a.zip!/inner.zip:"))).toBe(true);
    expect(result.found).toHaveLength(2);
  });

  it("refuses an entry that expands far beyond its stored size, and reads the rest", () => {
    const key = secretKey();
    const zip = makeZip([
      { name: "zeros.bin", data: Buffer.alloc(6 * 1024 * 1024), declaredSize: 10 },
      { name: "later.env", data: `K=${key}\n` },
    ]);
    const result = scan(zip, { ratio: 10 });
    expect(result.warnings).toEqual(["a.zip!/zeros.bin: it expands far more than its stored size (a zip bomb?): not read"]);
    expect(result.found).toEqual(["a.zip!/later.env:1:3"]);
  });

  it("stops expanding when the archive's total expanded size is reached", () => {
    const zip = makeZip([
      { name: "a.txt", data: "a".repeat(3000) },
      { name: "b.txt", data: "b".repeat(3000) },
    ]);
    const result = scan(zip, { expandedBytes: 4000 });
    expect(result.warnings).toEqual(["a.zip!/b.txt: the archive's expanded size limit is reached: not read"]);
  });
});
