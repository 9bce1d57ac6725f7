// Per-family thresholds for the fidelity benchmark (--family-thresholds): binarising each family at its own threshold,
// and a calibration that raises a family's threshold until it sounds in as many pieces as in the training data. Tried
// on the band model (7.1 non-empty tracks per piece against 4.45): its loudest cells are near 1 in almost every track,
// so the calibrated thresholds land at 0.90-0.99 and empty the pieces (docs/experiments.md, session 4).

/** [steps, pitches, tracks] of one roll (NHWC without the batch axis). */
export type RollDims = readonly [number, number, number]

/** The loudest cell of each track in roll `i` of a batch. */
function trackMaxima(
  raw: ArrayLike<number>,
  i: number,
  [steps, pitches, tracks]: RollDims
): Float32Array {
  const out = new Float32Array(tracks).fill(-Infinity)
  const size = steps * pitches * tracks
  for (let c = i * size; c < (i + 1) * size; c += tracks)
    for (let f = 0; f < tracks; f++) if (raw[c + f] > out[f]) out[f] = raw[c + f]
  return out
}

/** Whether each track of one roll has a cell >= threshold (real segments are 0/1, so any threshold in (0, 1]). */
export function tracksSounding(
  roll: ArrayLike<number>,
  dims: RollDims,
  threshold = 0.5
): boolean[] {
  return Array.from(trackMaxima(roll, 0, dims), (v) => v >= Math.fround(threshold))
}

/**
 * The threshold of each track at which it sounds in `presence[f]` of the `count` generated rolls, never below `base`
 * (the model's single threshold: a family is only ever trimmed, no weak cells are let in) nor above `ceiling`.
 */
export function calibrateFamilyThresholds(
  raw: Float32Array,
  count: number,
  dims: RollDims,
  presence: readonly number[],
  base: number,
  ceiling = 0.99
): number[] {
  const maxima = Array.from({ length: count }, (_, i) => trackMaxima(raw, i, dims))
  return presence.map((p, f) => {
    const desc = maxima.map((m) => m[f]).sort((a, b) => b - a)
    const k = Math.round(p * count) // pieces that should keep this track
    if (k >= count) return base
    // Halfway between the k-th loudest piece (kept) and the next (silenced); k = 0 silences every piece it can.
    const cut = k === 0 ? desc[0] + 1e-4 : (desc[k - 1] + desc[k]) / 2
    return Math.round(Math.min(ceiling, Math.max(base, cut)) * 1000) / 1000
  })
}

/** A 0/1 copy of a batch of rolls, cell on when >= its track's threshold (float32 compare, as rollNotes does). */
export function binarizeByTrack(
  raw: Float32Array,
  dims: RollDims,
  thresholds: readonly number[]
): Float32Array {
  const t = thresholds.map((v) => Math.fround(v))
  const tracks = dims[2]
  const out = new Float32Array(raw.length)
  for (let c = 0; c < raw.length; c++) out[c] = raw[c] >= t[c % tracks] ? 1 : 0
  return out
}
