// The one seeded random source: data order, dataset samples, generator noise and listening tests must replay
// exactly from a seed on every backend and process, so nothing here may change its sequence of draws.

/** mulberry32: a small seeded PRNG of floats in [0, 1); the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher-Yates shuffle of a copy (one draw per position, from the end), so a seed fixes the order. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const tmp = out[i]
    out[i] = out[j]
    out[j] = tmp
  }
  return out
}

/** 0..n-1 in the Fisher-Yates order of mulberry32(seed): data order and seeded subsets. */
export function permutation(n: number, seed: number): number[] {
  return shuffled(
    Array.from({ length: n }, (_, i) => i),
    mulberry32(seed)
  )
}

/** Fill `out` with standard normals by Box-Muller, two per pair of draws (u kept off 0 so log stays finite). */
export function fillNormal(out: Float32Array, rand: () => number): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const u = Math.max(rand(), 1e-12)
    const v = rand()
    const r = Math.sqrt(-2 * Math.log(u))
    out[i] = r * Math.cos(2 * Math.PI * v)
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * v)
  }
  return out
}
