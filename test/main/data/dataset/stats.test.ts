import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildDataset, datasetStats, formatStatsTable } from '../../../../src/main/data/dataset'
import { beatPiece } from './fixture'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('datasetStats', () => {
  it('counts segments and notes per family and gives the metric band, polyphony first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'b2b-stats-'))
    dirs.push(dir)
    // dyads.mid: 8 bars of C4+E4 on every beat -> 2 segments of polyphony 2 (the one-step pause
    // between repeated notes leaves those steps silent, and silent steps are not counted).
    // solo.mid: 4 bars of C4 alone -> 1 segment of polyphony 1.
    const solo = beatPiece(16)
    solo.tracks[0].notes = solo.tracks[0].notes.filter((n) => n.pitch === 60)
    await buildDataset(
      [
        { file: 'dyads.mid', sha256: 'x', piece: beatPiece(32) },
        { file: 'solo.mid', sha256: 'y', piece: solo }
      ],
      dir,
      { name: 'band' }
    )
    const s = await datasetStats(dir)
    expect(s.segments).toBe(3)
    expect(s.files).toBe(2)
    expect(s.notesPerFamily.Piano).toBe(2 * 32 + 16)
    expect(s.notesPerFamily.Drums).toBe(48)
    expect(s.metrics[0].id).toBe('polyphony')
    // Polyphony per segment: 2, 2, 1 -> mean 5/3, sample sd sqrt(((1/3)^2 * 2 + (2/3)^2) / 2) = sqrt(1/3).
    expect(s.metrics[0].mean).toBeCloseTo(5 / 3, 12)
    expect(s.metrics[0].sd).toBeCloseTo(Math.sqrt(1 / 3), 12)
    expect(s.metrics[0].n).toBe(3)
    const empty = s.metrics.find((m) => m.id === 'empty_bar_rate')
    expect(empty).toMatchObject({ mean: 0, sd: 0, n: 3 })
    const table = formatStatsTable(s).split('\n')
    expect(table[0]).toBe('band: 3 segments from 2 files (metrics on 3)')
    expect(table[2]).toMatch(/^polyphony\s+1\.667\s+0\.577\s+3\s+Polyphony/)
    const sample = await datasetStats(dir, { maxSegments: 2, seed: 1 })
    expect(sample.metricSegments).toBe(2)
    expect(sample.metrics[0].n).toBe(2)
  })
})
