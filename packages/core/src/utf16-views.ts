/**
 * Keys stored as UTF-16 inside bytes that are not UTF-16 text as a whole: Windows
 * resources, .NET assemblies, registry exports and SQLite pages hold strings two bytes a
 * character, where a byte search for `sk_` finds nothing. `strings -el`/`-eb` look for
 * such runs; here the bytes are decoded at the alignment where a prefix shows, only when
 * one shows (`k\0_\0` or `k\0-\0` at some offset: ASCII in UTF-16LE, and in UTF-16BE one
 * byte later).
 */
import { kernelUtf16Prefix } from "./simd-kernel.js";

export interface Utf16View {
  /** The bytes decoded as UTF-16LE from `alignment` (0 or 1): text with the keys in it. */
  readonly text: string;
  readonly alignment: 0 | 1;
}

const NEEDLES = [Buffer.from("k\0_\0", "latin1"), Buffer.from("k\0-\0", "latin1")];

/**
 * The alignments at which `bytes` hold a UTF-16 key prefix: bit 0, an even offset; bit 1,
 * an odd one. `first`: any one will do, so the search stops at the first.
 */
function prefixAlignments(bytes: Buffer, first: boolean): number {
  let aligned = 0;
  for (const needle of NEEDLES) {
    for (let at = bytes.indexOf(needle, 2); at !== -1 && aligned !== 3; at = bytes.indexOf(needle, at + 1)) {
      // `s` or `r` two bytes before the `k`.
      const letter = bytes[at - 2];
      if (letter === 0x73 || letter === 0x72) {
        aligned |= 1 << (at % 2);
        if (first) return aligned;
      }
    }
  }
  return aligned;
}

/** The alignments at which `bytes` hold a UTF-16 key prefix, each decoded once. */
export function utf16Views(bytes: Buffer): Utf16View[] {
  const aligned = prefixAlignments(bytes, false);
  const views: Utf16View[] = [];
  for (const alignment of [0, 1] as const) {
    if ((aligned & (1 << alignment)) === 0) continue;
    const end = bytes.length - ((bytes.length - alignment) % 2);
    views.push({ text: bytes.toString("utf16le", alignment, end), alignment });
  }
  return views;
}

/**
 * Whether `bytes` may hold a key as UTF-16 (what `utf16Views` decodes for). The binary
 * pre-filter asks it of every chunk of every binary: the SIMD kernel answers in one pass
 * where it runs, about twice as fast as the two needle searches.
 */
export function mayHoldUtf16Key(bytes: Buffer): boolean {
  return kernelUtf16Prefix(bytes) ?? mayHoldUtf16KeyPortable(bytes);
}

/** `mayHoldUtf16Key` without the SIMD kernel: the fallback, and the kernel's reference (test/core/simd-kernel.test.ts). */
export function mayHoldUtf16KeyPortable(bytes: Buffer): boolean {
  return prefixAlignments(bytes, true) !== 0;
}
