/** Pure series maths for the loss charts: EMA smoothing, min/max bands and scale-safe values. No DOM. */

/**
 * Debiased exponential moving average (TensorBoard's smoothing): weight 0 returns the input, weight
 * close to 1 smooths hard. Nulls (gaps) are passed through and do not reset the average.
 */
export function emaSmooth(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999)
  const out: (number | null)[] = new Array(values.length)
  let last = 0
  let debias = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || !Number.isFinite(v)) {
      out[i] = null
      continue
    }
    last = last * w + (1 - w) * v
    debias = debias * w + (1 - w)
    out[i] = last / debias
  }
  return out
}

/** The range [lo, hi] covering every finite value in the given series (null when all are empty). */
export function extent(series: ArrayLike<number | null>[]): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]
      if (v === null || !Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo <= hi ? [lo, hi] : null
}

/** Index of the x value nearest to x in a sorted array (binary search); -1 for an empty array. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid] <= x) lo = mid
    else hi = mid
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo
}
