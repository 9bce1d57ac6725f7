import { describe, expect, it } from 'vitest'
import { flushSync } from 'svelte'
import {
  CURVE_POINTS,
  TrainingState
} from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import type { Piece } from '../../../src/shared/music/piece'
import { fakeTrainApi } from './trainFake'
import { presetSettings } from '../../../src/main/ml/config'

/** A run:progress event of run r1. */
const progress = (step: number, epoch: number, g: number) => ({
  type: 'run:progress' as const,
  runId: 'r1',
  step,
  epoch,
  epochs: 10,
  totalSteps: 10_000,
  stepsPerSecond: 4,
  etaSeconds: 12,
  losses: { g, d: -g, gp: 0.1, wasserstein: 2 * g }
})

describe('TrainingState', () => {
  it('loads datasets and lists resumable runs', async () => {
    const { api } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    expect(t.datasetId).toBe('ds1')
    expect(t.resumable.map((r) => r.id)).toEqual(['old'])
    // The form starts on the settings' preset with the engine's settings for it (runs.presets).
    expect(t.presets.map((p) => p.name)).toEqual(['paper', 'improved', 'small'])
    expect(t.preset).toBe('small')
    expect(t.form).toEqual(presetSettings('small'))
  })

  it('starts a run with only the fields changed from the preset and sets the backend', async () => {
    const { api, calls } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    t.choosePreset('paper')
    t.form!.epochs = 2
    t.form!.criticNorm = 'none'
    t.backend = 'cpu'
    t.name = 'tiny'
    await t.start()
    expect(t.error).toBeNull()
    const start = calls.find((c) => c.method === 'start')!.args
    expect(start).toEqual({
      datasetId: 'ds1',
      name: 'tiny',
      preset: 'paper',
      config: { epochs: 2, criticNorm: 'none' }
    })
    expect(calls.find((c) => c.method === 'settings.set')!.args).toEqual({
      patch: { backend: 'cpu' }
    })
    expect(t.activeRunId).toBe('r1')
    expect(t.curves.g).toHaveLength(5)
    expect(t.lr.g).toHaveLength(5)
    expect(t.samples).toHaveLength(3)
  })

  it('refuses to start with an invalid field', async () => {
    const { api, calls } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    t.form!.batchSize = 0
    await t.start()
    expect(t.error).toMatch(/Batch size/)
    expect(calls.some((c) => c.method === 'start')).toBe(false)
  })

  it('appends live losses from progress events and updates progress', async () => {
    const { api, events, calls } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    await t.start()
    const before = t.curves.wasserstein.length
    events.emit(progress(100, 0, 1.5))
    events.emit(progress(101, 0, 1.25))
    events.emit(progress(101, 0, 9)) // a repeated step is ignored
    events.emit({ ...progress(102, 0, 1), runId: 'other' })
    flushSync()
    expect(t.curves.wasserstein.length).toBe(before + 2)
    expect(t.curves.wasserstein.at(-1)).toEqual({ x: 101, mean: 2.5, min: 2.5, max: 2.5 })
    expect(t.progress).toMatchObject({ step: 101, epoch: 0, stepsPerSecond: 4, etaSeconds: 12 })
    // the first event of an epoch asks the library again (learning rates are not in events)
    expect(calls.filter((c) => c.method === 'curves').length).toBe(2)
  })

  it('keeps live points that arrive while the library is asked again', async () => {
    const { api, events } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    await t.start()
    events.emit(progress(500, 5, 1)) // new epoch: a refresh starts
    events.emit(progress(501, 5, 2))
    await new Promise((r) => setTimeout(r, 0))
    // the refreshed curve ends at x = 40; both live points are newer and must survive it
    expect(t.curves.g.slice(-2).map((b) => [b.x, b.mean])).toEqual([
      [500, 1],
      [501, 2]
    ])
    expect(t.curves.g.length).toBe(7)
  })

  it('asks for a fresh downsampling when live points pile up', async () => {
    const { api, events, calls } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    await t.start()
    events.emit(progress(1000, 1, 1))
    const n = calls.filter((c) => c.method === 'curves').length
    for (let i = 1; i <= 2 * CURVE_POINTS; i++) events.emit(progress(1000 + i, 1, 1))
    expect(calls.filter((c) => c.method === 'curves').length).toBeGreaterThan(n)
    expect(calls.at(-1)!.args).toMatchObject({ ids: ['r1'], x: 'step', points: CURVE_POINTS })
  })

  it('plays the sample nearest to the clicked point', async () => {
    const { api } = fakeTrainApi()
    const played: Piece[] = []
    const t = new TrainingState(api, (p) => played.push(p))
    await t.load()
    await t.start()
    await t.pick(1900) // step axis: nearest sample step is 2000 (epoch 20)
    expect(t.selectedSampleId).toBe('s20')
    expect(played[0].title).toBe('s20')
    await t.setXAxis('epoch')
    await t.pick(28)
    expect(played[1].title).toBe('s30')
  })

  it('pauses, resumes and stops, keeping the run list in step', async () => {
    const { api } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    await t.start()
    await t.control('pause')
    expect(t.activeRun?.status).toBe('paused')
    expect(t.resumable.map((r) => r.id)).toContain('r1')
    await t.control('resume')
    expect(t.activeRun?.status).toBe('running')
    await t.control('stop')
    expect(t.activeRun?.status).toBe('stopped')
    await t.control('resume', 'old')
    expect(t.activeRunId).toBe('old')
  })

  it('reads the run list again when a training job ends', async () => {
    const { api, events, runs } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    await t.start()
    runs.find((r) => r.id === 'r1')!.status = 'finished'
    events.emit({
      type: 'job:status',
      job: { id: 'j1', kind: 'training', label: 'r1', state: 'done', progress: 1, subjectId: 'r1' }
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(t.activeRun?.status).toBe('finished')
    events.emit({
      type: 'job:status',
      job: {
        id: 'j1',
        kind: 'training',
        label: 'r1',
        state: 'failed',
        progress: null,
        message: 'out of memory'
      }
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(t.error).toBe('out of memory')
  })

  it('unsubscribes on dispose', async () => {
    const { api, events } = fakeTrainApi()
    const t = new TrainingState(api)
    await t.load()
    expect(events.count('run:progress')).toBe(1)
    t.dispose()
    expect(events.count('run:progress')).toBe(0)
  })
})
