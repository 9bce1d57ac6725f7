// Per-piece statistics of a binarised roll for the fidelity benchmark: what a composer would see is off (family
// balance, drum kit, note lengths, onsets), and the hand features the two-sample classifier is trained on.
import { DRUMS, FAMILY_COUNT } from '../../shared/music/families'
import { computeMetrics, metricContext, METRICS } from '../../shared/music/metrics'
import type { RollConfig } from '../../shared/music/pianoroll'
import { DRUM_CLASSES, drumClass } from './drums'

/** Note-length bins in steps (16th notes): 1, 2, 3-4, 5-8, 9-16, 17+. */
export const LENGTH_BINS = ['1', '2', '3-4', '5-8', '9-16', '17+'] as const
const lengthBin = (d: number) => (d <= 2 ? d - 1 : d <= 4 ? 2 : d <= 8 ? 3 : d <= 16 ? 4 : 5)

/** What one piece (or one real segment) holds. Histograms are counts. */
export interface PieceStats {
  metrics: Record<string, number>
  /** Notes per family (17). */
  familyNotes: number[]
  /** Drum notes per MIDI pitch (128). */
  drumPitches: number[]
  /** Non-drum note lengths, LENGTH_BINS. */
  lengths: number[]
  /** Onset position inside the bar (step % 16), non-drum and drum notes. */
  onsets: number[]
  drumOnsets: number[]
  /** Non-drum notes per pitch class. */
  pitchClasses: number[]
  /** Non-drum on cells by pitch row mod 4 (the x4 upsampling artefact shows here). */
  rowMod4: number[]
  nonEmptyTracks: number
  /** Mean MIDI pitch of the bass family's notes (NaN without bass). */
  bassPitch: number
  /** Share of on cells. */
  density: number
}

/** Statistics of one roll ([steps][pitches][17], raw or binary), binarised at `threshold`. */
export function pieceStats(roll: ArrayLike<number>, rc: RollConfig, threshold: number): PieceStats {
  const ctx = metricContext(roll, rc, threshold)
  const metrics = computeMetrics(roll, rc, { threshold })
  const s: PieceStats = {
    metrics,
    familyNotes: ctx.notes.map((n) => n.length),
    drumPitches: new Array<number>(128).fill(0),
    lengths: new Array<number>(LENGTH_BINS.length).fill(0),
    onsets: new Array<number>(16).fill(0),
    drumOnsets: new Array<number>(16).fill(0),
    pitchClasses: new Array<number>(12).fill(0),
    rowMod4: [0, 0, 0, 0],
    nonEmptyTracks: ctx.notes.filter((n) => n.length > 0).length,
    bassPitch: NaN,
    density: 0
  }
  const bar = ctx.S
  for (const n of ctx.notes[DRUMS]) {
    s.drumPitches[n.pitch]++
    s.drumOnsets[Math.floor(((n.start % bar) * 16) / bar)]++
  }
  let bassSum = 0
  ctx.notes.forEach((notes, f) => {
    if (f === DRUMS) return
    for (const n of notes) {
      s.lengths[lengthBin(n.end - n.start)]++
      s.onsets[Math.floor(((n.start % bar) * 16) / bar)]++
      s.pitchClasses[n.pitch % 12]++
      if (f === 5) bassSum += n.pitch
    }
  })
  if (ctx.notes[5].length) s.bassPitch = bassSum / ctx.notes[5].length
  let on = 0
  for (let cell = 0; cell < ctx.masks.length; cell++) {
    const m = ctx.masks[cell]
    if (!m) continue
    for (let v = m; v; v &= v - 1) on++
    if (m & ~(1 << DRUMS)) s.rowMod4[(cell % ctx.P) % 4]++
  }
  s.density = on / (ctx.masks.length * FAMILY_COUNT)
  return s
}

const shares = (xs: readonly number[]) => {
  const t = xs.reduce((a, b) => a + b, 0)
  return xs.map((x) => (t > 0 ? x / t : 0))
}

/** Names of the classifier's features, in featureVector order. */
export const FEATURE_NAMES: readonly string[] = [
  ...METRICS.map((m) => m.id),
  ...Array.from({ length: FAMILY_COUNT }, (_, f) => `family share ${f}`),
  ...Array.from({ length: 12 }, (_, k) => `pitch-class share rank ${k + 1}`),
  ...LENGTH_BINS.map((b) => `note length ${b}`),
  ...Array.from({ length: 16 }, (_, k) => `onset step ${k}`),
  ...Array.from({ length: 16 }, (_, k) => `drum onset step ${k}`),
  ...DRUM_CLASSES.map((c) => `drum class ${c}`),
  ...[0, 1, 2, 3].map((k) => `pitch row mod 4 = ${k}`),
  'non-empty tracks',
  'log density',
  'bass mean pitch'
]

/** The hand features of one piece (NaN where undefined; the classifier imputes the training mean). */
export function featureVector(s: PieceStats): number[] {
  const drumClasses = new Array<number>(DRUM_CLASSES.length).fill(0)
  s.drumPitches.forEach((n, p) => (drumClasses[drumClass(p)] += n))
  return [
    ...METRICS.map((m) => s.metrics[m.id]),
    ...shares(s.familyNotes),
    ...shares(s.pitchClasses).sort((a, b) => b - a),
    ...shares(s.lengths),
    ...shares(s.onsets),
    ...shares(s.drumOnsets),
    ...shares(drumClasses),
    ...shares(s.rowMod4),
    s.nonEmptyTracks,
    Math.log(s.density + 1e-6),
    s.bassPitch
  ]
}
