import type { MetricsTable } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import { PAPER_ROLL, pieceToRoll } from '@shared/music/pianoroll'
import { computeMetrics, summarize } from '@shared/music/metrics/index'

/** Every catalogue metric of each piece's first segment (the music core's computeMetrics, same code for real and generated). */
function metricsOf(pieces: readonly Piece[]): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const p of pieces) {
    const values = computeMetrics(pieceToRoll(p, PAPER_ROLL).roll, PAPER_ROLL)
    for (const [k, v] of Object.entries(values)) (out[k] ??= []).push(v)
  }
  return out
}

/**
 * A metrics table computed in the renderer from pieces: real segments as subject 'real' and each run's
 * samples under its id (mean and sample sd over the pieces). Used when the library has no stored evaluation.
 */
export function metricsFromPieces(
  real: readonly Piece[],
  runs: readonly { id: string; pieces: readonly Piece[] }[]
): MetricsTable {
  const rows: MetricsTable['rows'] = []
  const add = (subject: string, pieces: readonly Piece[]) => {
    for (const [metric, values] of Object.entries(metricsOf(pieces))) {
      const s = summarize(values)
      if (s.n > 0) rows.push({ subject, metric, variant: 'default', mean: s.mean, sd: s.sd })
    }
  }
  add('real', real)
  for (const r of runs) add(r.id, r.pieces)
  return { rows }
}
