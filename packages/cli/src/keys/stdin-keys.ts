/**
 * `--stdin`: keys one per line, bare (`sk_…`) or as a line names them
 * (`DEEPSEEK_API_KEY=sk-…`, `elevenlabs: sk_…`, a `.env` or YAML piped in whole). The text
 * is read by core's `findKeys`, as a file's would be, so the name on a key's line (or the
 * YAML key above it) decides whose key it is: another vendor's key is listed, never sent
 * to the Roxels API. Lines that hold no key are counted by line number and never echoed
 * (a line may be a key of a shape the grammar does not know). Comment lines (`#`) are
 * not read for keys.
 */
import { classifyKey, findKeys, UsageError } from "@roxels-guard/core";
import type { ExposedKeySet } from "./exposed-key.js";

/** More than any list of keys; stops a misdirected `cat big.log |` early. */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

export async function readStdinKeys(stdin: NodeJS.ReadableStream, into: ExposedKeySet): Promise<void> {
  const text = await readAll(stdin);
  // Encoded values are not decoded: a line names a key, it does not hide one.
  const matches = findKeys(text, { decodeBase64: false });
  let next = 0;
  let lineStart = 0;
  for (let index = 0; lineStart <= text.length; index++) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const onLine = [];
    while (next < matches.length && matches[next]!.index < lineEnd) onLine.push(matches[next++]!);
    const value = text.slice(lineStart, lineEnd).trim();
    lineStart = lineEnd + 1;
    if (value === "" || value.startsWith("#")) continue;
    const location = `stdin:${index + 1}`;
    if (onLine.length > 0) {
      for (const match of onLine) into.add(match.secret, match.kind, location);
      continue;
    }
    const classification = classifyKey(value);
    if (classification !== null && "rejected" in classification) {
      into.skip({ location, reason: `not a key: looks like a placeholder (${classification.rejected})` });
    } else {
      into.skip({ location, reason: "not a key (a key a line, alone or as NAME=key)" });
    }
  }
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
