import {
  NON_DRUM_TRACKS,
  anyOn,
  chroma,
  entropy,
  nonDrumNotes,
  type MetricContext
} from './context'

/** muspy `pitch_range`: highest minus lowest non-drum note pitch; 0 when there is no note. */
export function pitchRange(ctx: MetricContext): number {
  const pitches = nonDrumNotes(ctx).map((n) => n.pitch)
  return pitches.length === 0 ? 0 : Math.max(...pitches) - Math.min(...pitches)
}

/** muspy `n_pitches_used`: distinct MIDI pitches of non-drum notes. */
export function nPitchesUsed(ctx: MetricContext): number {
  return new Set(nonDrumNotes(ctx).map((n) => n.pitch)).size
}

/** muspy `n_pitch_classes_used`: distinct pitch % 12 of non-drum notes. */
export function nPitchClassesUsed(ctx: MetricContext): number {
  return new Set(nonDrumNotes(ctx).map((n) => n.pitch % 12)).size
}

/** muspy `pitch_entropy`: entropy (bits) of the 128-bin histogram of non-drum note pitches (note counts). */
export function pitchEntropy(ctx: MetricContext): number {
  const h = new Array<number>(128).fill(0)
  for (const n of nonDrumNotes(ctx)) h[n.pitch]++
  return entropy(h)
}

/** muspy `pitch_class_entropy`: entropy (bits) of the 12-bin histogram of non-drum note pitch classes. */
export function pitchClassEntropy(ctx: MetricContext): number {
  const h = new Array<number>(12).fill(0)
  for (const n of nonDrumNotes(ctx)) h[n.pitch % 12]++
  return entropy(h)
}

/** Pitch classes of the C major scale (1 = in it), from C. */
export const MAJOR = [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]
const MINOR = [1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]

/**
 * muspy `scale_consistency`: the largest share of non-drum notes whose pitch class lies in one
 * major or minor scale, over the 24 (12 roots x 2 modes); NaN when there is no note.
 */
export function scaleConsistency(ctx: MetricContext): number {
  const h = new Array<number>(12).fill(0)
  const notes = nonDrumNotes(ctx)
  for (const n of notes) h[n.pitch % 12]++
  if (notes.length === 0) return NaN
  let best = 0
  for (const mask of [MAJOR, MINOR]) {
    for (let root = 0; root < 12; root++) {
      let inScale = 0
      for (let pc = 0; pc < 12; pc++) if (mask[(pc - root + 12) % 12]) inScale += h[pc]
      best = Math.max(best, inScale / notes.length)
    }
  }
  return best
}

/**
 * MuseGAN UPC: distinct pitch classes ((lowestPitch + row) % 12) sounding in a bar, non-drum tracks
 * merged, averaged over the bars that have a non-drum note; NaN when none has.
 */
export function usedPitchClassesPerBar(ctx: MetricContext): number {
  const counts: number[] = []
  for (let b = 0; b * ctx.S < ctx.T; b++) {
    const from = b * ctx.S
    if (!anyOn(ctx, from, from + ctx.S, NON_DRUM_TRACKS)) continue
    counts.push(chroma(ctx, from, from + ctx.S, NON_DRUM_TRACKS).filter((x) => x > 0).length)
  }
  return counts.length === 0 ? NaN : counts.reduce((a, b) => a + b, 0) / counts.length
}
