import { ApiError } from '@shared/api/errors'
import type { TrainingClient } from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import type { CurveSeries, RunSummary, SampleSummary } from '../../../src/shared/api'
import { FakeEvents, runSummary, tinyPiece } from './fakeClient'
import { presetInfos } from '../../../src/main/ml/config'

/** Transport double: records calls and answers like main would for a small library. */
export function fakeTrainApi() {
  const events = new FakeEvents()
  const calls: { method: string; args: any }[] = []
  const runs: RunSummary[] = [
    runSummary({ id: 'old', status: 'paused', epoch: 3 }),
    runSummary({ id: 'done', status: 'finished' })
  ]
  const samples: SampleSummary[] = [10, 20, 30].map((epoch) => ({
    id: `s${epoch}`,
    runId: 'r1',
    epoch,
    step: epoch * 100,
    createdAt: '',
    threshold: 0.9
  }))
  let backend = 'auto'
  const rec = (method: string, args: any) => calls.push({ method, args })
  const curve = (metric: string, n: number): CurveSeries => ({
    runId: 'r1',
    metric,
    x: Array.from({ length: n }, (_, i) => i * 10),
    min: Array.from({ length: n }, () => 0),
    max: Array.from({ length: n }, () => 2),
    mean: Array.from({ length: n }, () => 1)
  })
  const api: TrainingClient = {
    events,
    datasets: {
      list: async () => [
        {
          id: 'ds1',
          name: 'rock',
          status: 'ready',
          createdAt: '',
          fileCount: 3,
          errorCount: 0,
          segmentCount: 9,
          labels: []
        }
      ]
    },
    settings: {
      get: async () =>
        ({
          backend,
          threshold: 0.9,
          defaultPreset: 'small',
          lastView: 'train'
        }) as any,
      set: async (a) => {
        rec('settings.set', a)
        backend = a.patch.backend ?? backend
        return {} as any
      }
    },
    runs: {
      list: async () => runs.map((r) => ({ ...r })),
      // The engine's own presets, as main sends them (src/main/ml/config.ts is their one source).
      presets: async () => presetInfos(),
      get: async ({ id }) => ({
        ...runs.find((r) => r.id === id)!,
        config: {
          preset: 'small',
          train: { lrG: 3e-4, lrD: 6e-4, decayRate: 0.75, decayEvery: 25, epochs: 100 }
        },
        resumedFrom: null
      }),
      start: async (a) => {
        rec('start', a)
        runs.push(runSummary({ id: 'r1', status: 'running', epochs: a.config?.epochs ?? 100 }))
        return { runId: 'r1', jobId: 'j1' }
      },
      pause: async ({ id }) => ({ ...runs.find((r) => r.id === id)!, status: 'paused' }),
      resume: async ({ id }) => {
        // A run whose checkpoints all failed verification: the server refuses (issue 11.3).
        if (runs.find((r) => r.id === id)?.name === 'broken')
          throw new ApiError('conflict', 'None of this run’s checkpoints passed verification', 'id')
        return { ...runs.find((r) => r.id === id)!, status: 'running' }
      },
      restart: async (a) => {
        rec('restart', a)
        return { ...runs.find((r) => r.id === a.id)!, status: 'running' }
      },
      stop: async ({ id }) => ({ ...runs.find((r) => r.id === id)!, status: 'stopped' }),
      curves: async (a) => {
        rec('curves', a)
        return a.metrics.map((m) => curve(m, 5))
      },
      samples: async ({ id }) => (id === 'r1' ? samples : [])
    },
    generation: {
      sample: async ({ sampleId }) => tinyPiece(sampleId, 60 + Number(sampleId.slice(1)) / 10)
    }
  }
  return { api, events, calls, runs }
}
