import { barsUntil, type Bar } from '@shared/music/time'
import type { Piece } from '@shared/music/piece'

/** Bars of a piece up to a length, cached per signature list and length (the roll's time grid). */
const cache = new WeakMap<Piece['timeSignatures'], { end: number; bars: Bar[] }>()

/** The bars covering at least `endTick` (at least 4 bars past the last note). */
export function gridBars(piece: Piece, endTick: number): Bar[] {
  const hit = cache.get(piece.timeSignatures)
  if (hit && hit.end >= endTick) return hit.bars
  const end = Math.max(endTick, (hit?.end ?? 0) * 2)
  const bars = barsUntil(piece.timeSignatures, piece.ppq, end)
  cache.set(piece.timeSignatures, { end, bars })
  return bars
}

/** Index of the first bar that ends after `tick` (binary search). */
export function firstBarAfter(bars: readonly Bar[], tick: number): number {
  let lo = 0
  let hi = bars.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (bars[mid].start + bars[mid].length <= tick) lo = mid + 1
    else hi = mid
  }
  return lo
}
