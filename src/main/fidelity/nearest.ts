// Memorisation check: each piece's cosine similarity to its nearest training segment (binary rolls, every cell),
// beside the same figure for held-out real segments (other files by construction), the real-vs-real baseline.

/** The on cells of a binarised roll: the sparse form the nearest-neighbour search works on. */
export function onCells(roll: ArrayLike<number>, threshold: number): Int32Array {
  const out: number[] = []
  for (let i = 0; i < roll.length; i++) if (roll[i] >= threshold) out.push(i)
  return Int32Array.from(out)
}

/** For each query, the largest cosine similarity to any of the references (0 for an empty query). */
export function nearestSimilarity(
  queries: readonly Int32Array[],
  references: readonly Int32Array[],
  cells: number
): number[] {
  const dense = new Uint8Array(cells)
  return queries.map((q) => {
    if (q.length === 0) return 0
    for (const i of q) dense[i] = 1
    let best = 0
    for (const r of references) {
      if (r.length === 0) continue
      let both = 0
      for (let k = 0; k < r.length; k++) both += dense[r[k]]
      const cos = both / Math.sqrt(q.length * r.length)
      if (cos > best) best = cos
    }
    for (const i of q) dense[i] = 0
    return best
  })
}

/** The p-quantile (0..1) of values, linear between order statistics. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const at = p * (s.length - 1)
  const lo = Math.floor(at)
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (at - lo)
}
