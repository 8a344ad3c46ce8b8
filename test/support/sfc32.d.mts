/** A stream of unsigned 32-bit integers from `seed`, its first `warmUp` outputs dropped (sfc32.mjs). */
export function sfc32(seed: number, warmUp: number): () => number;
