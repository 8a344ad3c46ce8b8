/**
 * `scan --explain` shows an ignore comment's reason: keys in it masked, control characters
 * escaped, the comment's closer left out; thousands of keys on one minified line.
 */
import { describe, expect, it } from "vitest";
import { expectNoKeyIn, runCli } from "../../support/cli.js";
import { useTempTrees } from "../../support/trees.js";
import { masked, secretKey, stripeKey } from "../../support/keys.js";
import { explainJson, type Suppressed } from "./support.js";

const tree = useTempTrees();

describe("--explain: the reason of an ignore comment", () => {
  it("shows a key in the reason masked, in every format", async () => {
    const [a, b, c, d] = [secretKey(), secretKey({ hyphen: true }), stripeKey("test"), secretKey()];
    const encoded = Buffer.from(`user:${d}`).toString("base64");
    const t = tree({
      "a.js": [
        `const k = "${a}"; // roxels-guard-ignore: sandbox key ${a}`,
        `const k2 = "${b}"; /* roxels-guard-ignore -- same as ${b} and ${c} */`,
        // A key on this line would be reported: a key cut short (too short to be one) is masked.
        `// roxels-guard-ignore-next-line: clé de test ${a.slice(0, 26)}`,
        `const k3 = "${a}";`,
        `const k4 = "${d}"; // roxels-guard-ignore: auth ${encoded}, and ${a.slice(0, 20)}`,
        "",
      ].join("\n"),
    });
    const keys = [a, b, c, d];
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.code).toBe(0);
    expectNoKeyIn([text.stdout, text.stderr], keys);
    expect(text.stdout).toContain(`ignore-comment (sandbox key ${masked(a)})`);
    expect(text.stdout).toContain(`ignore-comment (same as ${masked(b)} and ${masked(c, 8)})`);

    const json = await explainJson(t.dir);
    expectNoKeyIn([json.stdout, json.stderr], keys);
    const details = new Map(json.suppressed.map((s) => [s.line, s.detail]));
    expect([...details]).toEqual([
      [1, `sandbox key ${masked(a)}`],
      [2, `same as ${masked(b)} and ${masked(c, 8)}`],
      [4, "clé de test sk_…"],
      // The base64 value holding a key, and a key cut short, are hidden too.
      [5, `auth ${masked(d)}, and sk_…`],
    ]);
    // The encoded value is gone from the reason, not only the key inside it.
    expect(json.stdout).not.toContain(encoded.slice(8, 30));

    const sarif = await runCli(["scan", "--explain", "--format", "sarif"], { cwd: t.dir });
    expectNoKeyIn([sarif.stdout, sarif.stderr], keys);
  });

  it("shows control characters escaped, on one line", async () => {
    const key = secretKey();
    const t = tree({ "a.js": `k = "${key}"; // roxels-guard-ignore: \x1b]0;pwned\x07 \x1b[2J\x9b1m\u202egnp.exe\rforged line\n` });
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("ignore-comment (\\x1b]0;pwned\\x07 \\x1b[2J\\x9b1m\\u202egnp.exe)\n");
    // eslint-disable-next-line no-control-regex
    expect(text.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(text.stdout).not.toContain("forged line");

    const json = await explainJson(t.dir);
    expect(json.suppressed[0]!.detail).toBe("\x1b]0;pwned\x07 \x1b[2J\x9b1m\u202egnp.exe");
  });

  it("leaves out the comment's closer, and shows no parentheses for an empty reason", async () => {
    const keys = Array.from({ length: 9 }, () => secretKey());
    const lines = [
      `<!-- roxels-guard-ignore --> ${keys[0]}`,
      `<!-- roxels-guard-ignore: demo page --> ${keys[1]}`,
      `/* roxels-guard-ignore */ k = "${keys[2]}";`,
      `/* roxels-guard-ignore -- vendored */ k = "${keys[3]}";`,
      `{{!-- roxels-guard-ignore: handlebars --}} ${keys[4]}`,
      `<%# roxels-guard-ignore: erb %> <%= "${keys[5]}" %>`,
      `{# roxels-guard-ignore #} ${keys[6]}`,
      // A star in the reason once made the whole comment count for nothing.
      `k = "${keys[7]}"; // roxels-guard-ignore: matches the **/*.env glob`,
      `k = "${keys[8]}"; (* roxels-guard-ignore: ocaml *)`,
    ];
    const t = tree({ "page.html": `${lines.join("\n")}\n` });
    const json = await explainJson(t.dir);
    expect(json.code).toBe(0);
    expect(json.suppressed.map((s) => [s.line, s.reason, s.detail])).toEqual([
      [1, "ignore-comment", undefined],
      [2, "ignore-comment", "demo page"],
      [3, "ignore-comment", undefined],
      [4, "ignore-comment", "vendored"],
      [5, "ignore-comment", "handlebars"],
      [6, "ignore-comment", "erb"],
      [7, "ignore-comment", undefined],
      [8, "ignore-comment", "matches the **/*.env glob"],
      [9, "ignore-comment", "ocaml"],
    ]);
    const text = await runCli(["scan", "--explain"], { cwd: t.dir });
    expect(text.stdout).toMatch(/page\.html:1:\d+ {2}\S+ {2}ignore-comment\n/);
    expect(text.stdout).not.toContain("(>)");
    expect(text.stdout).toContain("ignore-comment (demo page)\n");
  });

  // Functional only: how long such a line takes is for a bench, not a test.
  it("suppresses or reports each of thousands of keys on one minified line", async () => {
    const body = Array.from({ length: 5_000 }, (_, i) => `a${i}="${secretKey()}";`).join("");
    for (const [name, text] of [
      ["with", `/* roxels-guard-ignore: minified */${body}`],
      ["without", body],
    ] as const) {
      const t = tree({ "min.js": text });
      const result = await runCli(["scan", "--format", "json", "--explain"], { cwd: t.dir });
      const report = JSON.parse(result.stdout) as { findings: unknown[]; suppressed: Suppressed[] };
      expect(report.findings.length, name).toBe(name === "with" ? 0 : 5_000);
      expect(report.suppressed.length, name).toBe(name === "with" ? 5_000 : 0);
    }
  });
});
