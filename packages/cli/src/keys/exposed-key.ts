/**
 * The keys verify and revoke act on, whatever their source (a scan, a report, stdin):
 * one entry per distinct key, with every place it was found.
 */
import { isRoxelsSecret, KIND_ADVICE, type KeyKind, type Secret } from "@roxels-guard/core";

export interface ExposedKey {
  readonly secret: Secret;
  readonly kind: KeyKind;
  /** `src/config.js:3`, `1a2b3c4d5e6f:src/config.js:3` (history), `stdin:2`. */
  readonly locations: string[];
  /**
   * Set when every place the key was found is suppressed (baseline, ignore comment, ...):
   * what silenced it, for the output. Still an exposed key.
   */
  readonly suppressed?: string;
}

/** How a suppression reads in verify's and revoke's output. */
const SUPPRESSED_BY: Record<string, string> = {
  baseline: "baseline",
  "ignore-comment": "ignore comment",
  "ignore-file": "ignore file",
  config: "config kinds",
};

/** A non-Roxels key, or one that could not be used: listed, never sent. */
export interface ListedKey {
  readonly masked: string;
  readonly fingerprint: string;
  readonly kind: KeyKind;
  readonly locations: string[];
}

/** A key that was not acted on, and why (a report's file changed, a line is not a key). */
export interface SkippedKey {
  readonly location: string;
  readonly masked?: string;
  readonly fingerprint?: string;
  readonly reason: string;
}

export interface ExposedKeys {
  /** Roxels secret keys: the only keys sent to the Roxels API. */
  readonly roxels: ExposedKey[];
  /** Other vendors' keys and embed keys, with the advice for each kind. */
  readonly others: ListedKey[];
  readonly skipped: SkippedKey[];
  readonly warnings: string[];
}

/** Groups keys by fingerprint as they are added, keeping first-seen order. */
export class ExposedKeySet {
  readonly #roxels = new Map<string, ExposedKey>();
  readonly #others = new Map<string, ListedKey>();
  readonly skipped: SkippedKey[] = [];
  readonly warnings: string[] = [];

  add(secret: Secret, kind: KeyKind, location: string): void {
    if (isRoxelsSecret(kind)) {
      const existing = this.#roxels.get(secret.fingerprint);
      if (existing) pushUnique(existing.locations, location);
      else this.#roxels.set(secret.fingerprint, { secret, kind, locations: [location] });
      return;
    }
    this.addListed(secret.masked, secret.fingerprint, kind, location);
  }

  /** A key known only by its masked form and fingerprint (a report's non-Roxels finding). */
  addListed(masked: string, fingerprint: string, kind: KeyKind, location: string): void {
    const existing = this.#others.get(fingerprint);
    if (existing) pushUnique(existing.locations, location);
    else this.#others.set(fingerprint, { masked, fingerprint, kind, locations: [location] });
  }

  /**
   * A Roxels secret key the scan found but a suppression silenced: acted on all the same,
   * and labelled, unless the same key is also reported elsewhere.
   */
  addSuppressed(secret: Secret, kind: KeyKind, location: string, reason: string): void {
    if (!isRoxelsSecret(kind)) return;
    const existing = this.#roxels.get(secret.fingerprint);
    if (existing) pushUnique(existing.locations, location);
    else this.#roxels.set(secret.fingerprint, { secret, kind, locations: [location], suppressed: SUPPRESSED_BY[reason] ?? reason });
  }

  skip(skipped: SkippedKey): void {
    this.skipped.push(skipped);
  }

  result(): ExposedKeys {
    return { roxels: [...this.#roxels.values()], others: [...this.#others.values()], skipped: this.skipped, warnings: this.warnings };
  }
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** `src/a.js:3`, or `<commit>:src/a.js:3` for a finding in history. */
export function locationOf(finding: { file: string; line: number; commit?: string | undefined }): string {
  const place = `${finding.file}:${finding.line}`;
  return finding.commit ? `${finding.commit.slice(0, 12)}:${place}` : place;
}

export function adviceFor(kind: KeyKind): string {
  return KIND_ADVICE[kind];
}
