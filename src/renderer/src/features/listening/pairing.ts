/** Pure pairing of a blind listening test (the paper's 20-listener study): which piece plays first is random and hidden. */

import { mulberry32, shuffled } from '@shared/random'

// The seed fixes the test (the app's one seeded source), so a session can be reproduced.
export { mulberry32, shuffled }

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
