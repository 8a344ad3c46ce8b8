/**
 * The one source of randomness for tests: a seeded generator, so a failure can be
 * replayed. The seed comes from ROXELS_TEST_SEED, or is chosen once per run by
 * vitest.config.ts (which puts it in the environment every test file inherits) and
 * printed with each failing test by test/support/print-seed.ts.
 */

/** The seed of this run; a file run alone, outside vitest's config, picks its own. */
export const TEST_SEED: number = readSeed(process.env.ROXELS_TEST_SEED);

function readSeed(value: string | undefined): number {
  if (value !== undefined && /^\d{1,10}$/.test(value)) return Number(value) >>> 0;
  // Not a test's randomness: only the choice of seed, which is printed on failure.
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter generator): 128 bits of state, passes
 * PractRand, and is a dozen lines; tests need reproducible, not cryptographic, numbers.
 */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a counter generator still echo its seed: drop them.
  for (let i = 0; i < 12; i++) next();
  return next;
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
