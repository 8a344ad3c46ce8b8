/** `roxels-guard scan --staged`: what the next commit adds. (Being written: issue 3.) */
import type { ScanResult } from "./finding.js";
import type { ScanSettings } from "./settings.js";
import { UsageError } from "./errors.js";

export async function scanStaged(_settings: ScanSettings): Promise<ScanResult> {
  throw new UsageError("--staged is not implemented yet");
}
