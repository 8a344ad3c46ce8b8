/**
 * The one source of randomness for tests: a seeded generator, so a failure can be
 * replayed. The seed comes from ROXELS_TEST_SEED, or is chosen once per run by
 * vitest.config.ts (which puts it in the environment every test file inherits) and
 * printed with each failing test by test/support/print-seed.ts.
 */
import { sfc32 } from "./sfc32.mjs";

/** The seed of this run; a file run alone, outside vitest's config, picks its own. */
export const TEST_SEED: number = readSeed(process.env.ROXELS_TEST_SEED);

function readSeed(value: string | undefined): number {
  if (value !== undefined && /^\d{1,10}$/.test(value)) return Number(value) >>> 0;
  // Not a test's randomness: only the choice of seed, which is printed on failure.
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/** A stream of numbers in [0, 1) from `seed` (sfc32, test/support/sfc32.mjs). */
export function seededRandom(seed: number): () => number {
  const next32 = sfc32(seed, 12);
  return () => next32() / 4294967296;
}

/** This test file's stream: each file starts from the run's seed. */
export const random: () => number = seededRandom(TEST_SEED);

/** A whole number in [0, below). */
export function randomInt(below: number): number {
  return Math.floor(random() * below);
}

/** One of `items`, each equally likely. */
export function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)]!;
}

/** `length` random bytes from the seeded stream. */
export function randomBytes(length: number): Buffer {
  return randomBytesFrom(random, length);
}

/** `length` random bytes from `next`, a stream of seededRandom's (another seed than the run's). */
export function randomBytesFrom(next: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}
