// Seeded randomness for the demo (STYLE.md, after d3-force's lcg.js): no Math.random, so a seed and a time
// always give the same traffic.

// Numerical Recipes' LCG constants, as d3-force uses; the state stays a 32-bit unsigned integer.
const A = 1664525;
const C = 1013904223;
const M = 4294967296;

/** A generator of numbers in [0, 1) from a 32-bit seed. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(A, state) + C) >>> 0;
    return state / M;
  };
}

/** Murmur3's 32-bit finaliser: spreads close inputs (call 7, second 1234) over unrelated seeds. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A number in [0, 1) determined by the seed and a few integers (a call index, a time bucket): random-looking,
 * but the same whenever and in whichever order it is asked, so `calls(t)` is a pure function of `t`.
 */
export function unit(seed: number, a: number, b: number, c = 0): number {
  let h = fmix((seed >>> 0) ^ 0x9e3779b9);
  h = fmix(h ^ (a >>> 0));
  h = fmix(h ^ (b >>> 0) ^ Math.imul(c >>> 0, 0x27d4eb2d));
  return ((Math.imul(A, h) + C) >>> 0) / M;
}
