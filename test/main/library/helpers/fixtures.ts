import type { Piece } from '../../../../src/shared/music/piece'
import type { MetricRow } from '../../../../src/main/library/types'
import { mulberry32 } from '../../../../src/shared/random'

/** Training rows like the trainer's: G only every nCritic-th step, epochs of `perEpoch` steps. */
export function trainingRows(from: number, count: number, perEpoch = 250, seed = 1): MetricRow[] {
  const r = mulberry32(seed + from)
  const rows: MetricRow[] = []
  for (let step = from; step < from + count; step++)
    rows.push({
      step,
      epoch: Math.floor(step / perEpoch),
      gLoss: step % 5 === 4 ? r() * 4 - 2 : null,
      dLoss: r() * 10 - 5,
      gp: r(),
      wDist: r() * 3,
      lrG: 3e-4,
      lrD: 6e-4,
      wallMs: step * 12.5
    })
  return rows
}

/** A small two-track piece with `notes` notes in its first track. */
export function piece(title: string, notes = 4): Piece {
  return {
    title,
    ppq: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [],
    tracks: [
      {
        name: 'Piano',
        family: 1,
        program: 0,
        isDrum: false,
        notes: Array.from({ length: notes }, (_, i) => ({
          pitch: 60 + (i % 12),
          start: i * 480,
          duration: 240,
          velocity: 90
        }))
      },
      { name: 'Drums', family: 0, program: 0, isDrum: true, notes: [] }
    ]
  }
}
