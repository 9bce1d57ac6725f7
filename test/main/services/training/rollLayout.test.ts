// The roll layout travels with the data: a run keeps its dataset's RollConfig (here 1 step per beat from MIDI 36),
// its samples and generated pieces decode with it, and a dataset cut differently is a clear error, not an octave off.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Piece } from '../../../../src/shared/music/piece'
import { createServices } from '../../../../src/main/app/services'
import { resolveDataset } from '../../../../src/main/cli/datasetRef'
import { openDatasetSource } from '../../../../src/main/ml/datasetSource'
import { tempDataDir } from '../../../helpers/api'
import { runCli, TINY_SEGMENTS } from '../../../helpers/cli'
import { FIXTURE_MIDI } from '../../../helpers/fixtures'

const data = tempDataDir('b2b-roll-')
afterAll(data.cleanup)
const LOW = TINY_SEGMENTS.map((v, i, a) => (a[i - 1] === '--lowest-pitch' ? '36' : v))
const ctx = { transport: 'direct' as const }

function span(p: Piece) {
  const notes = p.tracks.flatMap((t) => (t.isDrum ? [] : t.notes))
  return {
    low: Math.min(...notes.map((n) => n.pitch)),
    high: Math.max(...notes.map((n) => n.pitch)),
    end: Math.max(...notes.map((n) => n.start + n.duration))
  }
}

describe('a run keeps its dataset’s roll layout', () => {
  it('stores it, decodes samples and generated pieces with it, and refuses data cut otherwise', async () => {
    const music = join(data.dir, 'music')
    mkdirSync(music)
    for (const f of ['d_intro.mid', 'd_dm2ttl.mid'])
      copyFileSync(join(FIXTURE_MIDI, 'freedoom', f), join(music, f))
    const flags = ['--data', data.dir]
    expect((await runCli('import', music, '--dataset', 'low', ...flags, ...LOW)).code).toBe(0)
    expect(
      (await runCli('import', music, '--dataset', 'mid', ...flags, ...TINY_SEGMENTS)).code
    ).toBe(0)
    const train = ['--preset', 'test', '--epochs', '1', '--batch-size', '1', '--backend', 'cpu']
    const t = await runCli('train', '--dataset', 'low', '--run', 'low', ...train, ...flags)
    expect(t.code, t.err).toBe(0)

    const services = createServices({ dataDir: data.dir, mode: 'serve', version: '0.0.0-test' })
    const h = services.handlers
    try {
      const [run] = await h.runs.list({}, ctx)
      const roll = { stepsPerBeat: 1, bars: 4, beatsPerBar: 4, lowestPitch: 36, pitchCount: 12 }
      const { config } = await h.runs.get({ id: run.id }, ctx)
      expect(config).toMatchObject({ model: { lowestPitch: 36, roll } })

      // Threshold 0 turns every cell on: each piece spans exactly rows 36..47 and 4 bars of 4 beats (7,680 ticks at
      // PPQ 480). The old fixed layout (4 steps a beat, MIDI 60 up) would give 1 bar from MIDI 60.
      const [sample] = await h.runs.samples({ id: run.id }, ctx)
      const piece = await h.generation.sample({ sampleId: sample.id, threshold: 0 }, ctx)
      expect(span(piece)).toEqual({ low: 36, high: 47, end: 4 * 4 * piece.ppq })
      const model = (await h.generation.models({}, ctx)).find((m) => m.runId === run.id)!
      const gen = await h.generation.generate(
        { modelId: model.id, seed: 3, count: 1, threshold: 0 },
        ctx
      )
      expect(span(gen.items[0].piece)).toEqual({ low: 36, high: 47, end: 4 * 4 * piece.ppq })

      // Same shape, another lowest pitch: the run's data source refuses it in words.
      const mid = resolveDataset(data.dir, 'mid')
      await expect(
        openDatasetSource(mid.dir, 'mid', [16, 12, 17], 'train', { ...roll, drums: 'onset' })
      ).rejects.toThrow(/dataset mid was cut with lowestPitch 60, the run has 36/)
      // Another shape than the preset's: refused when the run starts, before any worker.
      const low = String(resolveDataset(data.dir, 'low').id)
      await expect(
        h.runs.start({ datasetId: low, name: 'big', preset: 'small' }, ctx)
      ).rejects.toThrow(/16 steps x 12 pitches; the small preset needs 64 x 84/)
    } finally {
      await services.close()
    }
  }, 180_000)
})
