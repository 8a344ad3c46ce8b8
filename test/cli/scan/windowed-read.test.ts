/**
 * A large chunk with a few plain candidates is read in windows around them (file-read.ts):
 * positions, ignore comments and the name before a key must come out as from a whole decode.
 */
import { expect, it } from "vitest";
import { runCli } from "../../support/cli.js";
import { secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { vendorKeys } from "../../support/vendor-keys.js";

const tree = useTempTrees();

it("finds keys in a large file at their exact positions, once each, with their ignore comments and names", async () => {
  const [a, b, c, ignored] = [secretKey(), secretKey(), secretKey(), secretKey()];
  const moonshot = vendorKeys.moonshot();
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} — ünïcode text without keys`).join("\n");
  const lines = [
    filler(5000),
    `const first = "${a}"; const second = "${b}";`,
    filler(30),
    "// roxels-guard-ignore-next-line: a revoked sample",
    `const old = "${ignored}";`,
    `MOONSHOT_API_KEY=${moonshot}`,
    filler(20000),
    `  é ${c}`,
    filler(100),
  ];
  const t = tree();
  t.write("big.txt", lines.join("\n"));
  const result = await runCli(["scan", "--format", "json", "--explain"], { cwd: t.dir });
  const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; column: number; kind: string }>; suppressed: Array<{ line: number; reason: string }> };
  const keyLine = 5001;
  expect(report.findings.map((f) => [f.line, f.column, f.kind])).toEqual([
    [keyLine, 16, "roxels-secret"],
    [keyLine, 16 + a.length + 19, "roxels-secret"],
    [keyLine + 33, 18, "moonshot"],
    [keyLine + 33 + 20001, 5, "roxels-secret"],
  ]);
  expect(report.suppressed.map((s) => [s.line, s.reason])).toEqual([[keyLine + 32, "ignore-comment"]]);
});

it("reads around keys behind escapes on one long line of words like task-, as a source map's sourcesContent holds them", async () => {
  const [a, b, c] = [secretKey(), secretKey(), secretKey()];
  // One line of ~600 KB: a windowed chunk, whose `task-`/`mask_`/`desk-` open no window.
  const words = Array.from({ length: 12_000 }, (_, i) => `task-${i} mask_${i} desk-x`).join(" ");
  const before = `{"sourcesContent":["${words}\\nconst a = '`;
  const middle = `';\\n${words}\\u0022`;
  const after = `\\u0022 %3D`;
  const tail = `"]}`;
  const t = tree();
  t.write("bundle.js.map", `${before}${a}${middle}${b}${after}${c}${tail}`);
  const result = await runCli(["scan", "--format", "json"], { cwd: t.dir });
  const report = JSON.parse(result.stdout) as { findings: Array<{ line: number; column: number }> };
  const columnA = before.length + 1;
  const columnB = columnA + a.length + middle.length;
  const columnC = columnB + b.length + after.length;
  expect(report.findings.map((f) => [f.line, f.column])).toEqual([
    [1, columnA],
    [1, columnB],
    [1, columnC],
  ]);
});
