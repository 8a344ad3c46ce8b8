import { describe, expect, it } from "vitest";
import { binaryChunkNeeds, findKeys } from "@roxels-guard/core";
import { secretKey } from "../support/keys.js";

it("sends a binary chunk to the grammar only for a prefix with a key's length of token bytes after it", () => {
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
  const stray = Buffer.concat([noise, Buffer.from("\0sk_ab3\x01rk-9\0"), noise]);
  expect(binaryChunkNeeds(stray)).toBe("nothing");
  const key = secretKey();
  const holding = Buffer.concat([noise, Buffer.from(`\0${key}\0`), noise]);
  expect(binaryChunkNeeds(holding)).toBe("plain");
  expect(findKeys(holding.toString("latin1"), { decodeBase64: false }).map((m) => m.secret.reveal())).toEqual([key]);
  // A prefix at the very end of a chunk may continue in the next one.
  expect(binaryChunkNeeds(Buffer.concat([noise, Buffer.from("\0sk_Ab")]))).toBe("plain");
});

describe("a key glued on its left to a record's bytes, in a binary", () => {
  // A SQLite record's serial type for a text of n bytes is 2n+13: `S` (83) for a 35-byte key.
  const record = (key: string) => `\0\x03\x01${String.fromCharCode(2 * key.length + 13)}${key}\0`;

  it("is sent to the grammar and found there, in binary bytes only", () => {
    const key = secretKey();
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    const bytes = Buffer.concat([noise, Buffer.from(record(key), "latin1"), noise]);
    expect(record(key)).toContain(`S${key}`);
    expect(binaryChunkNeeds(bytes)).toBe("plain");
    expect(findKeys(bytes.toString("latin1"), { decodeBase64: false, binary: true }).map((m) => m.secret.reveal())).toEqual([key]);
    // In text, `Ssk_…` is a word that happens to contain the prefix: the contract's boundary holds.
    expect(findKeys(`S${key}`, { decodeBase64: false })).toEqual([]);
  });

  it("is found after the text of the column before it, up to 32 characters", () => {
    const key = secretKey();
    const before = "production" + "x".repeat(22);
    expect(findKeys(`\0${before}${key}\0`, { binary: true }).map((m) => m.secret.reveal())).toEqual([key]);
    expect(findKeys(`\0x${before}${key}\0`, { binary: true })).toEqual([]);
  });

  it("is not taken from the names packed together in compiled code", () => {
    for (const symbols of [
      "\0_ZN5tokio4task10task_local17h0a1b2c3d4e5f6a7bE\0", // Rust's legacy mangling: one capital in the hash
      "\0_ZN4vips6VImage16mask_butterworthEiiddPNS_6VImageE\0", // C++: no digit
      "\0isk_operationProjectendpoint_write_to_disk_outputnext_api\0",
    ]) {
      const bytes = Buffer.from(symbols, "latin1");
      expect(findKeys(symbols, { binary: true }), symbols).toEqual([]);
      expect(binaryChunkNeeds(Buffer.concat([bytes, Buffer.alloc(64)])), symbols).toBe("nothing");
    }
  });

  it("is not taken from inside base64url data", () => {
    const key = secretKey();
    const blob = Buffer.from(Array.from({ length: 96 }, (_, i) => (i * 97 + 5) % 256)).toString("base64url");
    expect(findKeys(`\0${blob}${key}${blob}\0`, { binary: true })).toEqual([]);
    expect(findKeys(`\0${blob}${key}\0`, { binary: true })).toEqual([]);
  });
});

