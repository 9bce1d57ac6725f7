// Metrics of generated pieces against the real data's band (mean ± sd), and the example pieces of the default model.
import type { RollConfig } from '../../shared/music/pianoroll'
import type { Piece } from '../../shared/music/piece'
import { computeMetrics, summarize, METRICS } from '../../shared/music/metrics'
import {
  generateFromNoise,
  noiseForSeed,
  rawToPiece,
  slerp,
  type LoadedGenerator
} from '../ml/generate'
import type { ExampleRecord, MetricComparison } from './defaultModel'

/** Per-metric summaries of n rolls laid end to end in `rolls` (binary real rolls: threshold 0.5). */
export function summarizeRolls(
  rolls: Float32Array,
  n: number,
  rc: RollConfig,
  threshold: number
): Record<string, ReturnType<typeof summarize>> {
  const size = rolls.length / n
  const rows = Array.from({ length: n }, (_, i) =>
    computeMetrics(rolls.subarray(i * size, (i + 1) * size), rc, { threshold })
  )
  const out: Record<string, ReturnType<typeof summarize>> = {}
  for (const id of Object.keys(rows[0] ?? {})) out[id] = summarize(rows.map((r) => r[id]))
  return out
}

/** Every catalogue metric: generated summary next to the real one, inBand when within one real sd of its mean. */
export function compareToReal(
  real: Record<string, ReturnType<typeof summarize>>,
  generated: Record<string, ReturnType<typeof summarize>>
): MetricComparison[] {
  return METRICS.filter((m) => real[m.id] && generated[m.id]).map((m) => {
    const r = real[m.id]
    const g = generated[m.id]
    const inBand = Number.isFinite(g.mean) && Math.abs(g.mean - r.mean) <= r.sd
    return { id: m.id, real: r, generated: g, inBand }
  })
}

/** The comparison as an aligned text table (printed by the test and the export script). */
export function formatComparison(rows: readonly MetricComparison[]): string {
  const f = (s: { mean: number; sd: number }) =>
    `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`.padStart(18)
  const head = `${'metric'.padEnd(26)}${'real'.padStart(18)}${'generated'.padStart(18)}  in band`
  const body = rows.map(
    (r) => `${r.id.padEnd(26)}${f(r.real)}${f(r.generated)}  ${r.inBand ? 'yes' : 'NO'}`
  )
  return [head, ...body].join('\n')
}

/** Join pieces end to end (each `ticks` long), merging tracks by family. */
export function joinPieces(pieces: readonly Piece[], ticks: number, title: string): Piece {
  const first = pieces[0]
  const tracks = new Map<number, Piece['tracks'][number]>()
  pieces.forEach((p, i) => {
    for (const t of p.tracks) {
      const into = tracks.get(t.family) ?? { ...t, notes: [] }
      tracks.set(t.family, into)
      for (const n of t.notes) into.notes.push({ ...n, start: n.start + i * ticks })
    }
  })
  const ordered = [...tracks.values()].sort((a, b) => a.family - b.family)
  return { ...first, title, tracks: ordered, length: pieces.length * ticks }
}

/** An example piece from the generator: one seed, or the slerp path between two seeds joined end to end. */
export async function examplePiece(
  g: LoadedGenerator,
  e: ExampleRecord,
  threshold: number
): Promise<Piece> {
  const m = g.gan.model
  const a = noiseForSeed(e.seeds[0], m.zDim)
  const zs =
    e.pathSteps <= 1
      ? [a]
      : Array.from({ length: e.pathSteps }, (_, i) =>
          slerp(a, noiseForSeed(e.seeds[1], m.zDim), i / (e.pathSteps - 1))
        )
  const batch = await generateFromNoise(g, zs)
  const pieces = zs.map((_, i) => rawToPiece(batch, m, i, { threshold, title: e.title }))
  const ticks = (m.steps / 4) * pieces[0].ppq
  return pieces.length === 1 ? pieces[0] : joinPieces(pieces, ticks, e.title)
}
