import { expect, it } from "vitest";
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
