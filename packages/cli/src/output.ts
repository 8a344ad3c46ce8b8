/** Writing a report to stdout or to `--output FILE`. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@roxels-guard/scanner/errors";
import type { Io } from "./io.js";

export function writeReport(io: Io, text: string, outputFile: string | undefined): void {
  if (outputFile === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    writeFileSync(path.resolve(io.cwd, outputFile), text);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
