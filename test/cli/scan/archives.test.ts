/**
 * `scan` opens archives (zip, jar, tar, tgz, nested) and reports a key at archive!/entry:line.
 */
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { masked, secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { gzip, makeTar, makeZip } from "../../support/archives.js";
import { scanJson, validSarif, where } from "./support.js";

const tree = useTempTrees();

describe("archives", () => {
  it("reports a key in a zip at archive!/entry:line in text, JSON and SARIF", async () => {
    const key = secretKey();
    const t = tree();
    t.write("release/app.zip", makeZip([
      { name: "README.md", data: "hello\n" },
      { name: "config/.env", data: `PORT=1\nHOST=x\nROXELS_API_KEY=${key}\n` },
    ]));
    const json = await scanJson(t.dir);
    expect(json.code).toBe(1);
    expect(where(json.report)).toEqual(["release/app.zip!/config/.env:3"]);
    expect(json.report.findings[0]!.kind).toBe("roxels-secret");
    const text = await runCli(["scan"], { cwd: t.dir });
    expect(text.stdout).toMatch(/^release\/app\.zip!\/config\/\.env:3:16 +roxels-secret/m);
    const sarif = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    const location = JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation;
    expect(decodeURIComponent(location.artifactLocation.uri)).toBe("release/app.zip!/config/.env");
    expect(location.region.startLine).toBe(3);
    expectNoKeyIn([json.stdout, text.stdout, sarif.stdout, text.stderr], [key]);
  });

  it("opens zips by their content whatever their name (jar, whl, docx), stored or deflated", async () => {
    const keys = [secretKey(), secretKey(), secretKey()];
    const t = tree();
    t.write("lib/app.jar", makeZip([{ name: "META-INF/app.properties", data: `roxels.key=${keys[0]}\n`, method: 0 }]));
    t.write("dist/pkg-1.0-py3-none-any.whl", makeZip([{ name: "pkg/settings.py", data: `\nKEY = "${keys[1]}"\n` }]));
    t.write("docs/spec.docx", makeZip([{ name: "word/document.xml", data: `<w:t>${keys[2]}</w:t>` }]));
    const { report } = await scanJson(t.dir);
    expect(where(report).sort()).toEqual(["dist/pkg-1.0-py3-none-any.whl!/pkg/settings.py:2", "docs/spec.docx!/word/document.xml:1", "lib/app.jar!/META-INF/app.properties:1"]);
  });

  it("reads tar, tgz and gz, and archives nested in archives", async () => {
    const keys = [secretKey(), secretKey(), secretKey(), secretKey()];
    const t = tree();
    t.write("backup.tar", makeTar({ "etc/app.yaml": `a: 1\nkey: ${keys[0]}\n` }));
    t.write("pkg.tgz", makeTar({ "package/index.js": `module.exports = {};\n// ${keys[1]}\n` }, true));
    t.write("logs/app.log.gz", gzip(`line\nline\nAuthorization: Bearer ${keys[2]}\n`));
    const inner = makeZip([{ name: "deploy/.env", data: `X=1\nROXELS_API_KEY=${keys[3]}\n` }]);
    t.write("bundle.tar.gz", makeTar({ "inner.zip": inner }, true));
    const { report } = await scanJson(t.dir);
    expect(where(report).sort()).toEqual([
      "backup.tar!/etc/app.yaml:2",
      "bundle.tar.gz!/inner.zip!/deploy/.env:2",
      "logs/app.log.gz!/app.log:3",
      "pkg.tgz!/package/index.js:2",
    ]);
  });

  it("turns a zip bomb into a warning naming it, and still reads the rest", async () => {
    const key = secretKey();
    const t = tree();
    const zeros = Buffer.alloc(24 * 1024 * 1024);
    t.write("bomb.zip", makeZip([
      { name: "zeros.bin", data: zeros, declaredSize: 1024 },
      { name: "later/.env", data: `ROXELS_API_KEY=${key}\n` },
    ]));
    const { report, code, stderr } = await scanJson(t.dir);
    expect(code).toBe(1);
    expect(where(report)).toEqual(["bomb.zip!/later/.env:1"]);
    expect(stderr).toMatch(/bomb\.zip!\/zeros\.bin: it expands far more than its stored size \(a zip bomb\?\): not read/);
  });

  it("names what was not read in the JSON report's warnings and SARIF's tool notifications, masked", async () => {
    const key = secretKey();
    const t = tree();
    t.write("bomb.zip", makeZip([{ name: `${key}.bin`, data: Buffer.alloc(24 * 1024 * 1024), declaredSize: 1024 }]));
    const { report, stdout } = await scanJson(t.dir);
    expect(report.warnings).toEqual([`bomb.zip!/${masked(key)}.bin: it expands far more than its stored size (a zip bomb?): not read`]);
    const sarif = await runCli(["scan", "--format", "sarif"], { cwd: t.dir });
    validSarif(sarif.stdout);
    type Sarif = { runs: Array<{ invocations?: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
    const notes = (JSON.parse(sarif.stdout) as Sarif).runs[0]!.invocations![0]!.toolExecutionNotifications;
    expect(notes.map((n) => [n.level, n.message.text])).toEqual([["warning", report.warnings![0]]]);
    expectNoKeyIn([stdout, sarif.stdout, sarif.stderr], [key]);
  });

  it("stops at the nesting limit with a warning, finding what lies above it", async () => {
    const key = secretKey();
    let archive = makeZip([{ name: "deep.env", data: `K=${secretKey()}\n` }]);
    for (let level = 0; level < 6; level++) archive = makeZip([{ name: `level${level}.zip`, data: archive }]);
    const t = tree();
    t.write("nested.zip", makeZip([{ name: "top.env", data: `K=${key}\n` }, { name: "down.zip", data: archive }]));
    const { report, stderr } = await scanJson(t.dir);
    expect(where(report)).toEqual(["nested.zip!/top.env:1"]);
    expect(stderr).toMatch(/archives nested deeper than 5: not opened/);
  });

  it("reads a zip cut short from its entries' local headers, and says so", async () => {
    const key = secretKey();
    const t = tree();
    const zip = makeZip([{ name: "a.env", data: `K=${key}\n`, method: 0 }]);
    t.write("broken.zip", zip.subarray(0, zip.length - 30));
    const { report, stderr } = await scanJson(t.dir);
    expect(report.findings.map((f) => f.file)).toEqual(["broken.zip!/a.env"]);
    expect(stderr).toContain("broken.zip: no zip directory at its end (cut short?): entries read from their local headers");
  });

  it("searches as bytes a damaged zip whose entries cannot be walked, and says so", async () => {
    const key = secretKey();
    const t = tree();
    // A zip's first signature, then no header a zip writer makes.
    t.write("broken.zip", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xff]), Buffer.alloc(40, 0xff), Buffer.from(`\nK=${key}\n`)]));
    const { report, stderr } = await scanJson(t.dir);
    expect(report.findings.map((f) => f.file)).toEqual(["broken.zip"]);
    expect(stderr).toMatch(/broken\.zip: cannot read it as a zip archive \(.*\); searched as bytes/);
  });

  it("prints a warning about an entry whose name holds a line break or an escape sequence on one printable line", async () => {
    const t = tree();
    t.write("odd.zip", makeZip([{ name: "evil\n\x1b[2Jname.bin", data: Buffer.alloc(8 * 1024 * 1024) }]));
    const result = await runCli(["scan"], { cwd: t.dir });
    const lines = result.stderr.split("\n").filter((line) => line.includes("odd.zip"));
    expect(lines).toEqual([expect.stringMatching(/^roxels-guard: warning: odd\.zip!\/evil\\x0a\\x1b\[2Jname\.bin: .*zip bomb/)]);
    expect(result.stderr).not.toContain("\x1b");
    // The summary counts what the warnings name.
    expect(result.stdout.trim()).toMatch(/^no keys found \(1 file, [\d.]+ \w?B scanned; 1 warning\)$/);
  });

  it("scans entry names and symlink targets in archives", async () => {
    const [named, linked] = [secretKey(), secretKey()];
    const t = tree();
    t.write("names.tar", makeTar({ [`keys/${named}.txt`]: "nothing here\n", "current": { link: `/etc/roxels/${linked}` } }));
    const { report } = await scanJson(t.dir);
    const found = report.findings.map((f) => [f.file.replace(/!\/.*/, ""), f.place]).sort();
    expect(found).toEqual([["names.tar", "file-name"], ["names.tar", "symlink-target"]]);
  });
});
