/**
 * Keys in quoted-printable text (e-mails, .eml/.mht, MIME parts): after `=3D`, and split
 * by a soft line break at any offset, the prefix included; reported where the key starts.
 * Text that is not quoted-printable is not decoded.
 */
import { describe, expect, it } from "vitest";
import { chunkNeeds, findKeys, mayHoldKey, mayHoldKeyPortable } from "@roxels-guard/core";
import { secretKey } from "../support/keys.js";

const HEADERS = "From: ops@example.com\r\nSubject: new credentials\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";

/** Quoted-printable as an encoder writes it: `=` as `=3D`, lines broken at 76 columns with a soft break. */
function encodeQp(text: string, width = 76, lineBreak = "\r\n"): string {
  return text
    .split("\n")
    .map((line) => {
      const escaped = line.replace(/=/g, "=3D");
      const pieces: string[] = [];
      let rest = escaped;
      while (rest.length > width - 1) {
        let cut = width - 1;
        // Never inside an `=XX` escape.
        if (rest[cut - 1] === "=") cut -= 1;
        else if (rest[cut - 2] === "=") cut -= 2;
        pieces.push(`${rest.slice(0, cut)}=`);
        rest = rest.slice(cut);
      }
      pieces.push(rest);
      return pieces.join(lineBreak);
    })
    .join(lineBreak);
}

describe("quoted-printable", () => {
  it("takes `=3D` and other `=XX` escapes before a key as a boundary, as `%3D`", () => {
    for (const escape of ["=3D", "=20", "=09"]) {
      const key = secretKey();
      const text = `ROXELS_KEY${escape}${key}\r\n`;
      expect(findKeys(text).map((m) => [m.secret.reveal(), m.index]), escape).toEqual([[key, text.indexOf(key)]]);
      expect(mayHoldKey(Buffer.from(text)), escape).toBe(true);
      expect(mayHoldKeyPortable(Buffer.from(text)), escape).toBe(true);
    }
    // Lower-case hex is no quoted-printable escape: `x=3dsk_` glues the key to a word.
    expect(findKeys(`x=3d${secretKey()}`)).toEqual([]);
  });

  it("finds a key that a soft break splits at every offset, the prefix included, where it starts", () => {
    for (const lineBreak of ["\r\n", "\n"]) {
      for (let lead = 40; lead < 40 + 40; lead++) {
        const key = secretKey();
        const body = encodeQp(`${"x".repeat(lead - 12)} ROXELS_KEY=${key} and more words after it`, 76, lineBreak);
        const text = `${HEADERS.replace(/\r\n/g, lineBreak)}Hello,${lineBreak}${body}${lineBreak}`;
        const where = `${JSON.stringify(lineBreak)}/${lead}`;
        const matches = findKeys(text);
        expect(matches.map((m) => m.secret.reveal()), where).toEqual([key]);
        // Reported at its `s`, spanning the break.
        let start = text.indexOf("=3D", text.indexOf("ROXELS_KEY")) + 3;
        if (text.startsWith(`=${lineBreak}`, start)) start += 1 + lineBreak.length;
        expect(matches[0]!.index, where).toBe(start);
        expect(chunkNeeds(Buffer.from(text)), where).not.toBe("nothing");
        expect(mayHoldKeyPortable(Buffer.from(text)), where).toBe(true);
      }
    }
  });

  it("without a header, decodes lines that have a soft break's shape, and no others", () => {
    const key = secretKey();
    const qp = encodeQp(`The staging account is set up. Please put this in your env file: KEY=${key} thanks`);
    expect(findKeys(qp).map((m) => m.secret.reveal())).toEqual([key]);
    // Code whose short line ends in `=` is not quoted-printable: nothing is joined across it.
    const half = secretKey();
    expect(findKeys(`const a = ${half.slice(0, 10)}=\n${half.slice(10)};\n`)).toEqual([]);
  });

  it("reports a key no soft break splits once", () => {
    const key = secretKey();
    const text = `${HEADERS}${encodeQp(`${"word ".repeat(20)}\nKEY=${key}\n${"more ".repeat(30)}`)}\r\n`;
    expect(findKeys(text).map((m) => m.secret.reveal())).toEqual([key]);
  });
});
