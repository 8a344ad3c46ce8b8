/**
 * `--stdin`: keys one per line. Lines that are not keys are counted by line number and
 * never echoed (a line may be a key of a shape the grammar does not know).
 */
import { classifyKey, Secret, UsageError } from "@roxels-guard/core";
import type { ExposedKeySet } from "./exposed-key.js";

/** More than any list of keys; stops a misdirected `cat big.log |` early. */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

export async function readStdinKeys(stdin: NodeJS.ReadableStream, into: ExposedKeySet): Promise<void> {
  const text = await readAll(stdin);
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const value = line.trim();
    if (value === "" || value.startsWith("#")) return;
    const location = `stdin:${index + 1}`;
    const classification = classifyKey(value);
    if (classification === null) {
      into.skip({ location, reason: "not a key (only one key a line, nothing else)" });
    } else if ("rejected" in classification) {
      into.skip({ location, reason: `not a key: looks like a placeholder (${classification.rejected})` });
    } else {
      into.add(new Secret(value, classification.prefixLength), classification.kind, location);
    }
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(`--stdin takes keys one per line, not more than ${MAX_STDIN_BYTES / 1024 / 1024} MiB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
