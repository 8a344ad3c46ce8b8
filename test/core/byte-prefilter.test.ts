import { describe, expect, it } from "vitest";
import { binaryChunkNeeds, chunkNeeds, findKeys, kernelAvailable, mayHoldKey, mayHoldKeyPortable } from "@roxels-guard/core";
import { portableVerdict } from "../../packages/core/dist/byte-prefilter.js";
import { randomBody, secretKey, stripeKey } from "../support/keys.js";
import { random, randomInt } from "../support/random.js";

/**
 * The byte pre-filter may say yes too often, never too rarely: whenever the grammar
 * finds a key (or, for --explain, rejects a candidate), the pre-filter must have let the
 * chunk through. Checked on many generated texts built from the grammar's own traps.
 */
// Made now, so that mayHoldKey and chunkNeeds answer through the SIMD kernel even for the
// small texts below (it is otherwise made for the first large one); mayHoldKeyPortable
// keeps to the TypeScript.
expect(kernelAvailable()).toBe(true);

const b64 = (s: string, url = false) => Buffer.from(s, "latin1").toString(url ? "base64url" : "base64");

const pieces: Array<() => string> = [
  () => `const x = "${secretKey()}";`,
  () => `K=${secretKey({ hyphen: true })}`,
  () => `"\\n${secretKey()}"`,
  () => `q=%3D${secretKey()}`,
  () => `"\\x22${secretKey()}\\u0022 \\0${secretKey()}"`,
  () => `/* ${secretKey()}*/ **${secretKey()}** ${secretKey()}... ${secretKey()}…`,
  () => `auth: ${b64(`bot:${secretKey()}`)}`,
  () => `v: ${b64(`${"ab".slice(0, randomInt(3))}${secretKey()}`)}`,
  () => `t=${b64(`x:${secretKey()}`, true)}`,
  () => `.dockerconfigjson: ${b64(JSON.stringify({ auths: { r: { auth: b64(`u:${secretKey()}`) } } }))}`,
  () => `s=${stripeKey()}`,
  () => "sk_your_key_here",
  () => `sk_${"x".repeat(30)}`,
  () => `data:image/png;base64,${b64(randomBody(400))}`,
  () => `function f(a, b) { return a + b; } // disk_usage task_sk_id`,
  () => `MY_sk_${randomBody(32)}`,
  () => `<!--${secretKey()}--> ${secretKey({ hyphen: true })}__ ${secretKey()}-2024`,
  () => `auth: ${b64(`bot:${secretKey()}--`)}`,
  () => "$sk_customerSubscriptionIdentifier .sk_ButtonPrimaryLargeDisabledState",
  () => `${randomBody(60)}`,
  // A wrapped block (base64 -w 76, PEM's 64) whose key may straddle a line break.
  () => wrapped(b64(`${randomBody(randomInt(60))}:${secretKey()}\n`), random() < 0.5 ? 76 : 64),
  // The same block in a JSON string, its line breaks escaped.
  () => escapedWrapped(b64(`${randomBody(randomInt(60))}:${secretKey()}\n`), random() < 0.5 ? 76 : 64, random() < 0.5 ? "\\n" : "\\r\\n"),
  // Quoted-printable: after `=3D`, and split by a soft break anywhere in its first characters.
  () => `KEY=3D${secretKey()}`,
  () => {
    const key = `=3D${secretKey()}`;
    const at = 1 + randomInt(8);
    return `Content-Transfer-Encoding: quoted-printable\r\n\r\nKEY${key.slice(0, at)}=\r\n${key.slice(at)}`;
  },
  () => "\n",
  () => " ",
];

function wrapped(encoded: string, width: number): string {
  return `data: |\n${encoded.match(new RegExp(`.{1,${width}}`, "g"))!.map((line) => `  ${line}`).join("\n")}`;
}

function escapedWrapped(encoded: string, width: number, lineBreak: string): string {
  return `{"data": "${encoded.match(new RegExp(`.{1,${width}}`, "g"))!.join(lineBreak)}"}`;
}

function randomText(): string {
  let text = "";
  const count = 1 + randomInt(6);
  for (let i = 0; i < count; i++) text += pieces[randomInt(pieces.length)]!() + (random() < 0.5 ? "\n" : " ");
  return text;
}

describe("the byte pre-filter agrees with the grammar", () => {
  it("never rejects a chunk in which findKeys finds a key or a candidate", () => {
    for (let i = 0; i < 3000; i++) {
      const text = randomText();
      const bytes = Buffer.from(text, "latin1");
      let rejected = 0;
      const found = findKeys(text, { onRejected: () => rejected++ }).length;
      if (found > 0 || rejected > 0) {
        expect(mayHoldKey(bytes), text.slice(0, 40)).toBe(true);
        expect(mayHoldKeyPortable(bytes), text.slice(0, 40)).toBe(true);
      }
    }
  });

  it("never rejects a binary's chunk in which findKeys finds a plain key, glued to a record's bytes or not", () => {
    const recordPieces: Array<() => string> = [
      () => `\x01${String.fromCharCode(65 + randomInt(58))}${secretKey({ length: 24 + randomInt(41) })}`,
      () => `team${randomInt(10)}${secretKey({ hyphen: random() < 0.5 })}${String.fromCharCode(48 + randomInt(75))}`,
      () => `disk_file_system_operation${randomBody(20)} Asterisk_Slash_${randomBody(16)}`,
      () => `\0${stripeKey()}\0`,
      () => "\0\x02",
    ];
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      let text = "";
      for (let n = 1 + randomInt(6); n > 0; n--) text += random() < 0.5 ? recordPieces[randomInt(recordPieces.length)]!() : pieces[randomInt(pieces.length)]!();
      const bytes = Buffer.from(text, "latin1");
      // Plain keys: a binary is not lines of text, so a base64 block wrapped over lines is not looked for there.
      if (!findKeys(text, { binary: true }).some((m) => m.encoding === "plain")) continue;
      found++;
      expect(binaryChunkNeeds(bytes), JSON.stringify(text)).not.toBe("nothing");
      expect(portableVerdict(bytes, true, true).plain || binaryChunkNeeds(bytes) === "all", JSON.stringify(text.slice(0, 60))).toBe(true);
    }
    expect(found).toBeGreaterThan(1000);
  });

  it("says which chunks need base64 decoded: without it, findKeys finds the same on the others", () => {
    const shown = (matches: ReturnType<typeof findKeys>) => matches.map((m) => [m.index, m.length, m.secret.fingerprint, m.encoding]);
    const seen = { nothing: 0, plain: 0, all: 0 };
    for (let i = 0; i < 3000; i++) {
      const text = randomText();
      const needs = chunkNeeds(Buffer.from(text, "latin1"));
      seen[needs]++;
      const rejected: unknown[] = [];
      const all = findKeys(text, { onRejected: (r) => rejected.push(r) });
      if (needs === "nothing") {
        expect([all.length, rejected.length], text.slice(0, 40)).toEqual([0, 0]);
      } else {
        const rejectedToo: unknown[] = [];
        const found = findKeys(text, { decodeBase64: needs === "all", onRejected: (r) => rejectedToo.push(r) });
        expect(shown(found), text.slice(0, 40)).toEqual(shown(all));
        expect(rejectedToo).toEqual(rejected);
      }
    }
    // Each answer was given, so each branch above ran.
    expect(Math.min(seen.nothing, seen.plain, seen.all)).toBeGreaterThan(50);
  });

  it("lets through a wrapped block whose key's prefix is split by a line break, at every offset", () => {
    for (const width of [76, 64]) {
      for (let shift = 0; shift < width + 6; shift++) {
        const text = `kind: Secret\n${wrapped(b64(`${"x".repeat(shift)}{"apiKey":"${secretKey()}"}`), width)}\n`;
        expect(findKeys(text), `${width}/${shift}`).toHaveLength(1);
        expect(chunkNeeds(Buffer.from(text)), `${width}/${shift}`).toBe("all");
        expect(mayHoldKeyPortable(Buffer.from(text)), `${width}/${shift}`).toBe(true);
      }
    }
  });

  it("lets through a wrapped block in a JSON string whose key's prefix is split by an escaped break, at every offset", () => {
    for (const lineBreak of ["\\n", "\\r\\n"]) {
      for (const width of [76, 64]) {
        for (let shift = 0; shift < width + 6; shift++) {
          const text = escapedWrapped(b64(`${"x".repeat(shift)}\nKEY=${secretKey()}\n`), width, lineBreak);
          const where = `${lineBreak}/${width}/${shift}`;
          expect(findKeys(text), where).toHaveLength(1);
          expect(chunkNeeds(Buffer.from(text)), where).toBe("all");
          expect(mayHoldKeyPortable(Buffer.from(text)), where).toBe(true);
        }
      }
    }
  });

  it("takes an escape before a prefix as a boundary only when it has an escape's shape", () => {
    const key = secretKey();
    for (const escape of ["\\n", "\\r", "\\t", "\\0", "%3D", "%2f", "\\x22", "\\u0022"]) {
      const text = `"${escape}${key}"`;
      expect(findKeys(text), escape).toHaveLength(1);
      expect([mayHoldKey(Buffer.from(text)), mayHoldKeyPortable(Buffer.from(text))], escape).toEqual([true, true]);
    }
    // JSON-escaped source in a source map: a backslash four bytes back is no `\xXX`.
    const code = `{"sourcesContent":["const s = [\\"mask-type\\", \\"ask-me\\", \\"\\\\qsk-x\\"];\\n"]}`;
    expect(findKeys(code, { onRejected: () => expect.unreachable() })).toHaveLength(0);
    expect([mayHoldKey(Buffer.from(code)), mayHoldKeyPortable(Buffer.from(code))]).toEqual([false, false]);
  });

  it("clears ordinary code and random base64 without a decode", () => {
    for (const check of [mayHoldKey, mayHoldKeyPortable]) {
      expect(check(Buffer.from("export function add(a, b) {\n  return a + b; // disk_usage\n}\n".repeat(200)))).toBe(false);
      expect(check(Buffer.from(`img = "${"QUJD".repeat(5000)}"`))).toBe(false);
    }
  });
});
