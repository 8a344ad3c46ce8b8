/** Writing a report to stdout or to `--output FILE`, piece by piece: a report is never one string. */
import { closeSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/core";
import type { Io } from "./io.js";

/** Pieces are gathered into writes of about this many characters. */
const WRITE_SIZE = 64 * 1024;

export async function writeReport(io: Io, pieces: Iterable<string>, outputFile: string | undefined): Promise<void> {
  if (outputFile === undefined) {
    for (const text of batches(pieces)) if (!io.stdout.write(text)) await drained(io.stdout);
    return;
  }
  let fd: number | undefined;
  try {
    fd = openSync(path.resolve(io.cwd, outputFile), "w");
    for (const text of batches(pieces)) writeSync(fd, text);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function* batches(pieces: Iterable<string>): Generator<string> {
  let text = "";
  for (const piece of pieces) {
    text += piece;
    if (text.length >= WRITE_SIZE) {
      yield text;
      text = "";
    }
  }
  if (text !== "") yield text;
}

/** A full pipe (a slow reader): wait until it takes more, or is gone (a reader that quit). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  const writable = stream as NodeJS.WritableStream & { destroyed?: boolean };
  if (writable.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.removeListener("drain", done);
      stream.removeListener("close", done);
      stream.removeListener("error", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
    stream.once("error", done);
  });
}
