/**
 * sfc32 (Chris Doty-Humphrey's small fast counter generator): 128 bits of state, passes
 * PractRand, and is a dozen lines; tests and the bench corpus need reproducible, not
 * cryptographic, numbers. Plain JavaScript so that bench/ imports it without a build.
 *
 * The first outputs of a counter generator still echo its seed: `warmUp` of them are
 * dropped before the stream is returned.
 *
 * @param {number} seed
 * @param {number} warmUp
 * @returns {() => number} a stream of unsigned 32-bit integers
 */
export function sfc32(seed, warmUp) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < warmUp; i++) next();
  return next;
}
