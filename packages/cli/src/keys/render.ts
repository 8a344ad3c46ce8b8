/** Text output shared by verify and revoke: key rows, other vendors' keys, skipped keys. */
import { KIND_DESCRIPTIONS } from "@roxels-guard/core";
import { adviceFor, type ExposedKey, type ExposedKeys, type ListedKey, type SkippedKey } from "./exposed-key.js";

/** `src/a.js:3`, or `src/a.js:3 (+2 more)`: the full list is in --format json. */
export function shortLocations(locations: readonly string[]): string {
  const [first = "", ...rest] = locations;
  return rest.length ? `${first} (+${rest.length} more)` : first;
}

export function table(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}`.trimEnd()).join("\n");
}

export function renderOthers(others: readonly ListedKey[]): string {
  if (others.length === 0) return "";
  const rows = others.map((key) => [key.masked, KIND_DESCRIPTIONS[key.kind], shortLocations(key.locations), adviceFor(key.kind)]);
  return `\nNot Roxels secret keys, so not sent to the Roxels API:\n${table(rows)}\n`;
}

export function renderSkipped(skipped: readonly SkippedKey[]): string {
  if (skipped.length === 0) return "";
  const rows = skipped.map((s) => [s.masked ?? "", s.location, s.reason]);
  return `\nSkipped:\n${table(rows)}\n`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** JSON shape of the keys every output lists: masked, fingerprint and where, never the key. */
export function jsonKey(key: ExposedKey): { masked: string; fingerprint: string; kind: string; locations: string[]; suppressed?: string } {
  return {
    masked: key.secret.masked,
    fingerprint: key.secret.fingerprint,
    kind: key.kind,
    locations: [...key.locations],
    ...(key.suppressed !== undefined ? { suppressed: key.suppressed } : {}),
  };
}

/** The note a suppressed key carries in a text row. */
export function suppressedNote(key: ExposedKey): string {
  return key.suppressed !== undefined ? ` [suppressed by ${key.suppressed}]` : "";
}

export function jsonCommon(keys: ExposedKeys) {
  return {
    otherKeys: keys.others.map((key) => ({ ...key, locations: [...key.locations], advice: adviceFor(key.kind) })),
    skipped: keys.skipped,
    warnings: keys.warnings,
  };
}
