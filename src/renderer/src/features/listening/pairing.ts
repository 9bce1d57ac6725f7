/** Pure pairing of a blind listening test (the paper's 20-listener study): which piece plays first is random and hidden. */

/** A seeded PRNG (mulberry32): the same seed gives the same test, so a session can be reproduced. */
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

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** One blind pair: two clips A and B, one real and one generated; aiIs says which (hidden from the listener). */
export interface BlindPair<R, G> {
  index: number
  a: R | G
  b: R | G
  aiIs: 'a' | 'b'
  realId: string
  generatedId: string
}

/**
 * Build n blind pairs from pools of real segments and generated pieces: each pair draws a distinct
 * real and a distinct generated item, and a fair coin decides which one is A.
 */
export function makePairs<R extends { id: string }, G extends { id: string }>(
  reals: readonly R[],
  generated: readonly G[],
  n: number,
  seed: number
): BlindPair<R, G>[] {
  if (n > reals.length || n > generated.length) {
    throw new RangeError(
      `need ${n} real and ${n} generated pieces, got ${reals.length} and ${generated.length}`
    )
  }
  const rand = mulberry32(seed)
  const rs = shuffled(reals, rand).slice(0, n)
  const gs = shuffled(generated, rand).slice(0, n)
  return rs.map((r, index) => {
    const g = gs[index]
    const aiFirst = rand() < 0.5
    return {
      index,
      a: aiFirst ? g : r,
      b: aiFirst ? r : g,
      aiIs: aiFirst ? 'a' : 'b',
      realId: r.id,
      generatedId: g.id
    }
  })
}
