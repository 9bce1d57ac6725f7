// Real-vs-generated summaries of the fidelity benchmark: every metric's band, and pooled histograms side by side.
import { FAMILIES } from '../../shared/music/families'
import { METRICS, summarize, type Summary } from '../../shared/music/metrics'
import { DRUM_CLASSES, drumClass, drumName } from './drums'
import { LENGTH_BINS, type PieceStats } from './features'

/** One metric: real and generated mean ± sd; inBand when the generated mean lies within one real sd. */
export interface FidelityMetric {
  id: string
  real: Summary
  generated: Summary
  inBand: boolean
}

/** A histogram as shares of its total, real beside generated. */
export interface ShareRow {
  label: string
  real: number
  generated: number
}

/** Everything the benchmark compares apart from the classifier and the nearest-neighbour check. */
export interface FidelitySummary {
  metrics: FidelityMetric[]
  families: ShareRow[]
  drumClasses: ShareRow[]
  /** The most used drum notes of each side (top 8 of the union), with GM names. */
  drumPitches: ShareRow[]
  lengths: ShareRow[]
  onsets: ShareRow[]
  drumOnsets: ShareRow[]
  rowMod4: ShareRow[]
  nonEmptyTracks: { real: Summary; generated: Summary }
  /** Share of pieces with any bass note, and the bass's mean pitch. */
  bass: { real: number; generated: number; realPitch: Summary; generatedPitch: Summary }
  /** Share of pieces with drums; pieces with no note at all. */
  withDrums: { real: number; generated: number }
  empty: { real: number; generated: number }
}

const pooled = (xs: readonly PieceStats[], key: (s: PieceStats) => readonly number[]) => {
  const out = new Array<number>(key(xs[0]).length).fill(0)
  for (const s of xs) key(s).forEach((v, i) => (out[i] += v))
  const t = out.reduce((a, b) => a + b, 0)
  return out.map((v) => (t > 0 ? v / t : 0))
}

function rows(
  real: readonly PieceStats[],
  gen: readonly PieceStats[],
  key: (s: PieceStats) => readonly number[],
  labels: readonly string[]
): ShareRow[] {
  const r = pooled(real, key)
  const g = pooled(gen, key)
  return labels.map((label, i) => ({ label, real: r[i], generated: g[i] }))
}

const drumClassCounts = (s: PieceStats) => {
  const out = new Array<number>(DRUM_CLASSES.length).fill(0)
  s.drumPitches.forEach((n, p) => (out[drumClass(p)] += n))
  return out
}

const share = (xs: readonly PieceStats[], f: (s: PieceStats) => boolean) =>
  xs.filter(f).length / Math.max(1, xs.length)

/** Compare the statistics of real segments and generated pieces. */
export function summarizeFidelity(
  real: readonly PieceStats[],
  gen: readonly PieceStats[]
): FidelitySummary {
  const metrics = METRICS.map((m) => {
    const r = summarize(real.map((s) => s.metrics[m.id]))
    const g = summarize(gen.map((s) => s.metrics[m.id]))
    return {
      id: m.id,
      real: r,
      generated: g,
      inBand: Number.isFinite(g.mean) && Math.abs(g.mean - r.mean) <= r.sd
    }
  })
  const allDrums = rows(
    real,
    gen,
    (s) => s.drumPitches,
    Array.from({ length: 128 }, (_, p) => String(p))
  )
  const top = new Set(
    [...allDrums]
      .sort((a, b) => b.real - a.real)
      .slice(0, 8)
      .map((r) => r.label)
  )
  for (const r of [...allDrums].sort((a, b) => b.generated - a.generated).slice(0, 8))
    top.add(r.label)
  const drumPitches = allDrums
    .filter((r) => top.has(r.label) && r.real + r.generated > 0)
    .map((r) => ({ ...r, label: `${r.label} ${drumName(Number(r.label))}` }))
  return {
    metrics,
    families: rows(
      real,
      gen,
      (s) => s.familyNotes,
      FAMILIES.map((f) => f.name)
    ),
    drumClasses: rows(real, gen, drumClassCounts, DRUM_CLASSES),
    drumPitches,
    lengths: rows(real, gen, (s) => s.lengths, LENGTH_BINS),
    onsets: rows(
      real,
      gen,
      (s) => s.onsets,
      Array.from({ length: 16 }, (_, i) => String(i))
    ),
    drumOnsets: rows(
      real,
      gen,
      (s) => s.drumOnsets,
      Array.from({ length: 16 }, (_, i) => String(i))
    ),
    rowMod4: rows(real, gen, (s) => s.rowMod4, ['0', '1', '2', '3']),
    nonEmptyTracks: {
      real: summarize(real.map((s) => s.nonEmptyTracks)),
      generated: summarize(gen.map((s) => s.nonEmptyTracks))
    },
    bass: {
      real: share(real, (s) => s.familyNotes[5] > 0),
      generated: share(gen, (s) => s.familyNotes[5] > 0),
      realPitch: summarize(real.map((s) => s.bassPitch)),
      generatedPitch: summarize(gen.map((s) => s.bassPitch))
    },
    withDrums: {
      real: share(real, (s) => s.familyNotes[0] > 0),
      generated: share(gen, (s) => s.familyNotes[0] > 0)
    },
    empty: {
      real: share(real, (s) => s.nonEmptyTracks === 0),
      generated: share(gen, (s) => s.nonEmptyTracks === 0)
    }
  }
}
