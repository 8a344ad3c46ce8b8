import { UsageError } from "@roxels-guard/scanner/errors";
import type { Io } from "../io.js";

export async function run(_argv: string[], _io: Io): Promise<number> {
  throw new UsageError("revoke is not implemented yet");
}
