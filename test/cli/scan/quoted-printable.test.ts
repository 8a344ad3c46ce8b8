/**
 * `scan` finds keys in quoted-printable e-mails: after `=3D`, and split by a soft line
 * break, reported on the line where the key starts.
 */
import { describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

describe("quoted-printable", () => {
  it("finds a key after =3D and one a soft break splits, in an .eml", async () => {
    const [first, second] = [secretKey(), secretKey()];
    const long = `Put this in the env file: ROXELS_SECRET_KEY=3D${second} thanks`;
    const eml = [
      "From: ops@example.com",
      "To: dev@example.com",
      "Subject: credentials",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Hi,",
      `ROXELS_KEY=3D${first}`, // line 9
      // Split 20 characters into the second key, as an encoder wraps at 76 columns.
      `${long.slice(0, long.indexOf(second) + 20)}=`, // line 10
      long.slice(long.indexOf(second) + 20),
      "",
    ].join("\r\n");
    expect(eml.split("\r\n")[9]!.length).toBeLessThanOrEqual(76);
    const t = tree({ "message.eml": eml });
    const { report } = await scanJson(t.dir, [], [first, second]);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.masked}`)).toEqual([
      `message.eml:9:${"ROXELS_KEY=3D".length + 1}:${masked(first)}`,
      `message.eml:10:${long.indexOf(second) + 1}:${masked(second)}`,
    ]);
  });
});
