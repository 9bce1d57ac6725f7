import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDataset } from '../../../src/main/data/dataset'
import { fidelityText, runFidelity } from '../../../src/main/fidelity'
import { pieceStats } from '../../../src/main/fidelity/features'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { openDatasetSource } from '../../../src/main/ml/datasetSource'
import { Trainer } from '../../../src/main/ml/trainer'
import { METRICS } from '../../../src/shared/music/metrics'
import type { Piece, Track } from '../../../src/shared/music/piece'

const dir = mkdtempSync(join(tmpdir(), 'b2b-fidelity-'))
const data = join(dir, 'dataset')
let checkpoint = ''

/** Two bars of a Piano dyad per beat on `root`, a bass note held over both and a kick (GM 60, in the 12-row range). */
function piece(root: number): Piece {
  const piano: Track = { name: 'p', family: 1, program: 0, isDrum: false, notes: [] }
  const bass: Track = { name: 'b', family: 5, program: 32, isDrum: false, notes: [] }
  const drums: Track = { name: 'd', family: 0, program: 0, isDrum: true, notes: [] }
  for (let b = 0; b < 8; b++) {
    for (const pitch of [root, root + 4])
      piano.notes.push({ pitch, start: b * 480, duration: 480, velocity: 80 })
    drums.notes.push({ pitch: 60, start: b * 480, duration: 60, velocity: 100 })
  }
  bass.notes.push({ pitch: 60, start: 0, duration: 3840, velocity: 80 })
  return {
    title: String(root),
    ppq: 480,
    tempos: [],
    timeSignatures: [],
    tracks: [piano, drums, bass]
  }
}

beforeAll(async () => {
  await initBackend('wasm')
  // 12 files: the first three hashes fall in the held-out share, the rest do not.
  const sources = Array.from({ length: 12 }, (_, i) => ({
    file: `f${i}.mid`,
    sha256: (i < 3 ? '00' : 'ff') + String(i).padStart(62, '0'),
    piece: piece(60 + (i % 7))
  }))
  await buildDataset(sources, data, {
    name: 'tiny',
    config: { bars: 1, pitchCount: 12, lowestPitch: 60 },
    skip: { minActiveSteps: 4 }
  })
  const config = presetConfig('test', { epochs: 1, checkpointEvery: 0 })
  const t = await Trainer.open({
    config,
    source: syntheticSource(8, [16, 12, 17], 4),
    dir: join(dir, 'run')
  })
  await t.run()
  checkpoint = (await t.checkpoint('stop')).file
  t.dispose()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('fidelity benchmark', () => {
  it('trains on the training files only: the held-out files are stored in the manifest', async () => {
    const train = await openDatasetSource(data, 'tiny', [16, 12, 17])
    const held = await openDatasetSource(data, 'tiny', [16, 12, 17], 'heldout')
    expect(train.count + held.count).toBe(24)
    expect(held.count).toBe(6)
    expect(train.reader.manifest.split?.heldOutFiles).toEqual([0, 1, 2])
    expect(held.segments.every((i) => train.reader.manifest.segments[i].source < 3)).toBe(true)
    expect(train.identity.hash).not.toBe(held.identity.hash)
    await train.close()
    await held.close()
  })

  it('reports every metric, the histograms, the classifier and the nearest-neighbour check', async () => {
    const lines: string[] = []
    const r = await runFidelity({
      checkpoint,
      datasetDir: data,
      count: 12,
      threshold: 0.5,
      folds: 3,
      rollsDir: join(dir, 'rolls'),
      onProgress: (l) => lines.push(l)
    })
    expect(r.dataset).toMatchObject({
      files: 12,
      heldOutFiles: 3,
      heldOutSegments: 6,
      trainSegments: 18
    })
    expect(r.warning).toBeUndefined()
    // results are committed: the checkpoint is recorded without this machine's absolute path
    expect(r.checkpoint.file.startsWith('/')).toBe(false)
    expect(r.checkpoint.file.endsWith(basename(checkpoint))).toBe(true)
    expect(r.summary.metrics.map((m) => m.id)).toEqual(METRICS.map((m) => m.id))
    // The real side is what the pieces hold: Piano dyads, a bass note per bar, kicks on GM 60.
    const real = Object.fromEntries(r.summary.families.map((f) => [f.label, f.real]))
    expect(real.Piano).toBeCloseTo(16 / 26, 5)
    expect(r.summary.bass.real).toBe(1)
    expect(r.summary.drumPitches.find((d) => d.label.startsWith('60 '))?.real).toBe(1)
    expect(r.summary.nonEmptyTracks.real).toMatchObject({ mean: 3, sd: 0 })
    expect(r.classifier.folds).toHaveLength(3)
    expect(r.classifier.perClass).toBe(6)
    expect(r.realFloor.perClass).toBe(6)
    // Held-out segments repeat training ones (same dyads), so the real-vs-real baseline is a copy.
    expect(r.nearest.real.max).toBeCloseTo(1, 6)
    expect(r.sheet.subarray(1, 4).toString()).toBe('PNG')
    expect(lines.some((l) => l.startsWith('generated 12 pieces'))).toBe(true)
    const text = fidelityText(r)
    expect(text).toMatch(/scale_consistency/)
    expect(text).toMatch(/classifier two-sample test/)
    expect(text).toMatch(/floor, held-out real vs training-side real/)
    // --save-rolls: one byte per cell, read back they give the same real figures (Piano's share of the notes).
    const meta = JSON.parse(readFileSync(join(dir, 'rolls', 'rolls.json'), 'utf8'))
    expect(meta).toEqual({
      shape: [16, 12, 17],
      layout: 'steps,pitches,tracks',
      counts: { real: 6, generated: 12, train: 6 }
    })
    const size = 16 * 12 * 17
    const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, 'rolls', `${name}.u8`)))
    for (const [name, n] of Object.entries(meta.counts as Record<string, number>)) {
      const b = bytes(name)
      expect(b.length).toBe(n * size)
      expect(b.every((v) => v === 0 || v === 1)).toBe(true)
    }
    const realRolls = bytes('real')
    const rc = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')).config
    const notes = [0, 0]
    for (let n = 0; n < 6; n++) {
      const s = pieceStats(realRolls.subarray(n * size, (n + 1) * size), rc, 0.5)
      notes[0] += s.familyNotes[1]
      notes[1] += s.familyNotes.reduce((a, b) => a + b, 0)
    }
    expect(notes[0] / notes[1]).toBeCloseTo(16 / 26, 5)
  })

  it('refuses a dataset too small to hold files out, saying why', async () => {
    const small = join(dir, 'small')
    const sources = Array.from({ length: 3 }, (_, i) => ({
      file: `s${i}.mid`,
      sha256: '00' + String(i).padStart(62, '0'),
      piece: piece(60 + i)
    }))
    await buildDataset(sources, small, {
      config: { bars: 1, pitchCount: 12, lowestPitch: 60 },
      skip: { minActiveSteps: 4 }
    })
    await expect(runFidelity({ checkpoint, datasetDir: small, count: 2 })).rejects.toThrow(
      /no held-out files \(too few files to split\)/
    )
  })
})
