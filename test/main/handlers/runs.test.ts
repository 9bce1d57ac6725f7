import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_SEGMENTS, jobEnded, tempDataDir, testServices } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { PieceSchema } from '../../../src/shared/api/piece'
import { TrainingConfigPatch } from '../../../src/shared/api/domains/runs'
import { presetConfig } from '../../../src/main/ml/config'

// Runs and generation through the handlers: a real import of Freedoom files, a real training run of the engine's tiny
// 'test' model in its worker (recorded in the library), then curves, samples, checkpoints and generation from them.

const DATA = join(FIXTURE_MIDI, 'freedoom')
const { services, cleanup } = testServices()
const music = tempDataDir('b2b-runs-')
const h = services.handlers
const ctx = { transport: 'direct' as const }
let datasetId = ''

const untilJobEnds = async (jobId: string) => (await jobEnded(services.bus, jobId)).events

beforeAll(async () => {
  const dir = join(music.dir, 'doom')
  mkdirSync(dir)
  for (const f of ['d_e1m1.mid', 'd_e1m2.mid', 'd_e1m4.mid'])
    copyFileSync(join(DATA, f), join(dir, f))
  const grant = await services.deps.grants.register('midi-folder', [dir])
  const started = await h.datasets.import(
    { name: 'Doom tiny', sourceId: grant.sourceId, segments: TEST_MODEL_SEGMENTS },
    ctx
  )
  await untilJobEnds(started.jobId)
  datasetId = started.datasetId
}, 120_000)

afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})

describe('runs and generation handlers', () => {
  it('lists the composer presets with the engine’s settings, in the names a run stores', async () => {
    const presets = await h.runs.presets({}, ctx)
    expect(presets.map((p) => p.name)).toEqual(['paper', 'improved', 'small'])
    for (const p of presets) {
      const { model, train } = presetConfig(p.name)
      const { sampleCount: _count, ...fields } = train
      expect(p.settings).toEqual({
        transpose: 0,
        alignKey: false,
        straightThrough: false,
        statsMatching: 0,
        matchInstrumentation: false,
        statsOnSoftOutput: false,
        statsSharpness: 0,
        grooveMatching: 0,
        polyphonyMatching: 0,
        statsInSd: false,
        shareMatching: 0,
        shareDistribution: false,
        shareCounts: false,
        diffAugment: 0,
        ...fields,
        criticTrackStats: model.criticTrackStats ?? false,
        criticShares: model.criticShares ?? false,
        generatorTrackGate: model.generatorTrackGate ?? false,
        criticNorm: model.criticNorm
      })
      expect(TrainingConfigPatch.parse(p.settings)).toEqual(p.settings)
    }
    expect(presets[0].use).toMatch(/GPU/)
  })

  it('refuses a switch set without the one it refines, saying which, and starts no run', async () => {
    const before = (await h.runs.list({}, ctx)).length
    const start = (config: Record<string, unknown>) =>
      h.runs.start({ datasetId, name: 'Idle', preset: 'small', config }, ctx)
    await expect(start({ statsMatching: 0.3, statsSharpness: 3 })).rejects.toMatchObject({
      code: 'invalid_args',
      field: 'config.statsSharpness',
      message: expect.stringMatching(/soft output/)
    })
    await expect(start({ statsInSd: true })).rejects.toMatchObject({
      code: 'invalid_args',
      field: 'config.statsInSd',
      message: expect.stringMatching(/stats matching/)
    })
    await expect(start({ shareDistribution: true })).rejects.toMatchObject({
      code: 'invalid_args',
      field: 'config.shareDistribution',
      message: expect.stringMatching(/share matching/)
    })
    expect((await h.runs.list({}, ctx)).length).toBe(before)
  })

  it('trains a tiny run in the worker with progress, samples and checkpoints recorded in the library', async () => {
    const [ds] = await h.datasets.list({}, ctx)
    expect(ds.segmentCount).toBeGreaterThan(8)
    const { runId, jobId } = await h.runs.start(
      {
        datasetId,
        name: 'Tiny',
        preset: 'test',
        // The recipe switches: binary notes for the critic, its track stats, the generator's gate, stats matching
        // with instrumentation, groove and polyphony matching on the sharpened soft output, share matching, and the
        // critic's view moved (DiffAugment).
        config: {
          epochs: 1,
          decayRate: 0.5,
          straightThrough: true,
          statsMatching: 0.01,
          matchInstrumentation: true,
          statsOnSoftOutput: true,
          statsSharpness: 3,
          grooveMatching: 0.5,
          polyphonyMatching: 1,
          statsInSd: true,
          shareMatching: 0.05,
          shareDistribution: true,
          shareCounts: true,
          diffAugment: 2,
          criticTrackStats: true,
          criticShares: true,
          generatorTrackGate: true
        }
      },
      ctx
    )
    const events = await untilJobEnds(jobId)
    expect(events.at(-1)).toMatchObject({ type: 'job:status', job: { state: 'done' } })
    expect(events.some((e) => e.type === 'run:progress' && e.runId === runId)).toBe(true)
    expect(events.some((e) => e.type === 'run:sample' && e.runId === runId)).toBe(true)

    const run = await h.runs.get({ id: runId }, ctx)
    expect(run).toMatchObject({
      name: 'Tiny',
      status: 'finished',
      preset: 'test',
      datasetId,
      epochs: 1
    })
    expect(run.step).toBeGreaterThan(0)
    // The API's field names are the engine's: the change is stored as it was sent.
    expect(run.config).toMatchObject({
      preset: 'test',
      train: {
        epochs: 1,
        decayRate: 0.5,
        straightThrough: true,
        statsMatching: 0.01,
        matchInstrumentation: true,
        statsOnSoftOutput: true,
        statsSharpness: 3,
        grooveMatching: 0.5,
        polyphonyMatching: 1,
        statsInSd: true,
        shareMatching: 0.05,
        shareDistribution: true,
        shareCounts: true,
        diffAugment: 2
      },
      model: { criticTrackStats: true, criticShares: true, generatorTrackGate: true }
    })
    expect(run.backend).toMatch(/wasm|cpu|tensorflow/)
    expect((await h.app.info({}, ctx)).backend?.name).toBe(run.backend)

    const curves = await h.runs.curves(
      { ids: [runId], metrics: ['d', 'gp'], x: 'step', points: 50 },
      ctx
    )
    expect(curves.map((c) => c.metric)).toEqual(['d', 'gp'])
    expect(curves[0].x.length).toBeGreaterThan(0)
    expect(curves[0].mean.every((v) => v === null || Number.isFinite(v))).toBe(true)

    const samples = await h.runs.samples({ id: runId }, ctx)
    expect(samples.length).toBeGreaterThan(0)
    const piece = await h.generation.sample({ sampleId: samples[0].id, threshold: 0.5 }, ctx)
    expect(piece.ppq).toBe(480)
    // Each sample says how many notes it holds at its run's threshold, so a dashboard can flag a run that stays
    // silent: this run trains straight-through, so 0.5 (the paper's 0.9 would thin its pieces out).
    expect(samples.every((s) => s.threshold === 0.5)).toBe(true)
    expect(samples[0].notes).toBe(piece.tracks.reduce((n, t) => n + t.notes.length, 0))
    expect(samples.every((s) => s.empty === (s.notes === 0))).toBe(true)
    const checkpoints = await h.runs.checkpoints({ id: runId }, ctx)
    expect(checkpoints.length).toBeGreaterThan(0)

    const models = await h.generation.models({}, ctx)
    const model = models.find((m) => m.runId === runId)!
    expect(model.recommendedThreshold).toBe(0.5) // Compose starts a straight-through run's checkpoint at 0.5
    const gen = await h.generation.generate(
      { modelId: model.id, seed: 7, count: 2, threshold: 0.5 },
      ctx
    )
    expect(gen.items.map((i) => i.seed)).toEqual([7, 8])
    const again = await h.generation.generate(
      { modelId: model.id, seed: 7, count: 1, threshold: 0.5 },
      ctx
    )
    expect(again.items[0].piece).toEqual(gen.items[0].piece)
    // variety scales the noise: 1 is the default, 0 collapses every seed onto the same (all-zero) noise
    const asTrained = await h.generation.generate(
      { modelId: model.id, seed: 7, count: 1, threshold: 0.5, variety: 1 },
      ctx
    )
    expect(asTrained.items[0].piece).toEqual(gen.items[0].piece)
    const flat = await h.generation.generate(
      { modelId: model.id, seed: 7, count: 2, threshold: 0.01, variety: 0 },
      ctx
    )
    expect(flat.items[0].piece.tracks).toEqual(flat.items[1].piece.tracks)
    expect(flat.items[0].piece.title).toBe('Seed 7, variety 0')
    const low = await h.generation.rebinarize(
      { generationId: gen.generationId, threshold: 0.01 },
      ctx
    )
    const notes = (p: typeof piece) => p.tracks.reduce((n, t) => n + t.notes.length, 0)
    expect(notes(low.items[0].piece)).toBeGreaterThanOrEqual(notes(gen.items[0].piece))
    // Another key for the same music: pitched tracks move by the semitones asked, drums stay.
    expect(model.keyAligned).toBe(false)
    const up3 = await h.generation.rebinarize(
      { generationId: gen.generationId, threshold: 0.5, transpose: 3 },
      ctx
    )
    const before = gen.items[0].piece
    expect(notes(before)).toBeGreaterThan(0)
    up3.items[0].piece.tracks.forEach((t, i) =>
      expect(t.notes).toEqual(
        before.tracks[i].notes.map((n) => ({ ...n, pitch: n.pitch + (t.isDrum ? 0 : 3) }))
      )
    )
    const path = await h.generation.interpolate(
      { modelId: model.id, seedA: 1, seedB: 2, steps: 3, threshold: 0.5 },
      ctx
    )
    expect(path.items).toHaveLength(3)
    // Pieces on the path are titled by their place on it, and keep their titles when re-binarised.
    const titles = ['Seeds 1→2, 1/3', 'Seeds 1→2, 2/3', 'Seeds 1→2, 3/3']
    expect(path.items.map((i) => i.piece.title)).toEqual(titles)
    const again2 = await h.generation.rebinarize(
      { generationId: path.generationId, threshold: 0.3 },
      ctx
    )
    expect(again2.items.map((i) => i.piece.title)).toEqual(titles)
    const flatAgain = await h.generation.rebinarize(
      { generationId: flat.generationId, threshold: 0.5 },
      ctx
    )
    expect(flatAgain.items[0].piece.title).toBe('Seed 7, variety 0')

    const saved = await h.pieces.save(
      { title: 'Generated', piece: PieceSchema.parse(gen.items[0].piece) },
      ctx
    )
    const answers = [
      {
        pairIndex: 0,
        realId: `${datasetId}-3`,
        generatedId: '1',
        aiIs: 'a' as const,
        picked: 'a' as const,
        ratingReal: 4,
        ratingGenerated: 3
      },
      {
        pairIndex: 1,
        realId: `${datasetId}-5`,
        generatedId: '2',
        aiIs: 'b' as const,
        picked: 'a' as const,
        ratingReal: 5,
        ratingGenerated: 2
      }
    ]
    await h.listening.save({ runId, answers }, ctx)
    const [result] = await h.listening.results({ ids: [runId] }, ctx)
    expect(result.runId).toBe(runId)
    expect(
      result.answers.map((a) => [a.aiIs, a.picked, a.ratingReal, a.ratingGenerated, a.generatedId])
    ).toEqual([
      ['a', 'a', 4, 3, saved.id],
      ['b', 'a', 5, 2, '']
    ])
    expect(saved.generatedFrom).toBeNull() // saved without an origin: nothing to record
    // Saved from a kept generation, a piece records its model, seed and settings: here those of the last
    // re-binarising (0.5, three semitones up).
    const fromGen = await h.pieces.save(
      {
        title: 'Up three',
        piece: PieceSchema.parse(up3.items[0].piece),
        origin: { kind: 'generated', generationId: gen.generationId, index: 1 }
      },
      ctx
    )
    expect(fromGen.generatedFrom).toEqual({
      model: `${run.name}, epoch ${model.epoch}`,
      seed: 8,
      threshold: 0.5,
      transpose: 3,
      variety: 1
    })
    const flatSaved = await h.pieces.save(
      {
        title: 'Flat',
        piece: PieceSchema.parse(flatAgain.items[0].piece),
        origin: { kind: 'generated', generationId: flat.generationId, index: 0 }
      },
      ctx
    )
    expect(flatSaved.generatedFrom).toMatchObject({ seed: 7, threshold: 0.5, variety: 0 })
    expect((await h.pieces.get({ id: fromGen.id }, ctx)).generatedFrom).toEqual(
      fromGen.generatedFrom
    )

    await expect(h.runs.pause({ id: runId }, ctx)).rejects.toMatchObject({ code: 'conflict' })
    await h.runs.remove({ id: runId }, ctx)
    expect(await h.runs.list({}, ctx)).toEqual([])
    // The run is gone; the piece still says how it was made.
    expect((await h.pieces.get({ id: fromGen.id }, ctx)).generatedFrom).toEqual({
      ...fromGen.generatedFrom,
      model: null
    })
  })
})
