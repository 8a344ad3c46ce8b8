/** `roxels-guard scan --history`: every key any commit added. (Being written: issue 3.) */
import type { ScanResult } from "./finding.js";
import type { ScanSettings } from "./settings.js";
import { UsageError } from "./errors.js";

export interface HistoryScanOptions {
  /** A rev-range (`main..feature`, `v1.0..`); default: all of HEAD's history. */
  readonly range?: string;
  /** Every ref (`--all`). */
  readonly all?: boolean;
  /** List each commit that added a key, not just the first. */
  readonly allOccurrences?: boolean;
  /** Called as commits are read (commits done, total when known). */
  readonly onProgress?: (done: number, total: number | null) => void;
}

export async function scanHistory(_settings: ScanSettings, _options: HistoryScanOptions = {}): Promise<ScanResult> {
  throw new UsageError("--history is not implemented yet");
}
