import type { CompareClient } from '../../../src/renderer/src/views/Compare/CompareState.svelte'
import type { SampleSummary } from '../../../src/shared/api'
import type { Piece } from '../../../src/shared/music/piece'
import { runSummary } from './fakeClient'

/** A 4-bar piece that repeats one bar pattern (bars alike) or changes it each bar. */
export function barPiece(title: string, repeat: boolean): Piece {
  const notes = []
  for (let bar = 0; bar < 4; bar++) {
    for (let beat = 0; beat < 4; beat++) {
      const pitch = repeat ? 60 + beat : 48 + bar * 7 + beat
      notes.push({ pitch, start: (bar * 4 + beat) * 480, duration: 480, velocity: 80 })
    }
  }
  return {
    title,
    ppq: 480,
    tempos: [],
    timeSignatures: [],
    tracks: [{ name: 'p', family: 1, program: 0, isDrum: false, notes }]
  }
}

/** A piece with no note (what a tiny run's samples can be). */
export function silentPiece(title: string): Piece {
  return { title, ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
}

/** The library's datasets in the fakes (one ready). */
const DATASETS = [
  {
    id: 'ds',
    name: 'rock',
    status: 'ready' as const,
    createdAt: '',
    fileCount: 2,
    errorCount: 0,
    segmentCount: 40,
    labels: []
  }
]

/**
 * Runs a, b and c with samples (a, b), and 'def': the shipped default model, finished, without dataset or samples,
 * one checkpoint ('ck-def') to generate from.
 */
const sample = (runId: string, epoch: number, threshold: number): SampleSummary => ({
  id: `${runId}${epoch}`,
  runId,
  epoch,
  step: epoch * 10,
  createdAt: '',
  threshold
})

export function fakeCompareApi() {
  const calls: string[] = []
  const samples: Record<string, SampleSummary[]> = {
    a: [10, 20].map((e) => sample('a', e, 0.9)),
    b: [10, 20, 30].map((e) => sample('b', e, 0.5)) // a straight-through run: read at 0.5
  }
  const api: CompareClient = {
    runs: {
      list: async () => [
        runSummary({ id: 'a', datasetId: 'ds' }),
        runSummary({ id: 'b' }),
        runSummary({ id: 'c' }),
        runSummary({ id: 'def', name: 'Default model', datasetId: '', status: 'finished' })
      ],
      get: async ({ id }) => ({
        ...runSummary({ id, datasetId: id === 'a' ? 'ds' : id === 'def' ? '' : 'ds1' }),
        config: { lrG: 3e-4, criticNorm: id === 'a' ? 'batch' : 'layer' },
        resumedFrom: null
      }),
      curves: async ({ ids, metrics, x }) => {
        calls.push(`curves:${x}`)
        return ids.flatMap((runId, r) =>
          metrics.map((metric) => ({
            runId,
            metric,
            x: [0, 1, 2],
            min: [r, r, r],
            max: [r + 1, r + 1, r + 1],
            mean: [r, r, r]
          }))
        )
      },
      samples: async ({ id }) => samples[id] ?? [],
      metrics: async ({ ids }) => ({
        rows: [
          { subject: 'real', metric: 'polyphony', variant: 'default', mean: 1.2, sd: 0.2 },
          ...ids.map((id, i) => ({
            subject: id,
            metric: 'polyphony',
            variant: 'default',
            mean: 1.1 + i,
            sd: 0.1
          }))
        ]
      })
    },
    generation: {
      sample: async ({ sampleId, threshold }) => {
        calls.push(`sample ${sampleId} at ${threshold}`)
        return barPiece(sampleId, sampleId.startsWith('a'))
      },
      models: async () => [
        {
          id: 'ck-def',
          kind: 'default',
          label: 'Default model',
          runId: 'def',
          epoch: 6,
          recommendedThreshold: 0.5
        },
        {
          id: 'ck-a',
          kind: 'checkpoint',
          label: 'a, epoch 20',
          runId: 'a',
          epoch: 20,
          recommendedThreshold: null
        }
      ],
      generate: async ({ modelId, seed, count, threshold }) => {
        calls.push(`generate:${modelId}:${count}`)
        calls.push(`threshold:${threshold}`)
        return {
          generationId: 'gen1',
          items: Array.from({ length: count }, (_, i) => ({
            index: i,
            seed: seed + i,
            piece: barPiece(`${modelId} seed ${seed + i}`, i % 2 === 0)
          }))
        }
      }
    },
    datasets: {
      list: async () => DATASETS,
      segments: async ({ id, count }) => {
        calls.push(`segments:${id}:${count}`)
        return Array.from({ length: count }, (_, i) => ({
          id: `real${i}`,
          piece: barPiece('real', true)
        }))
      }
    },
    listening: {
      results: async ({ ids }) =>
        ids.includes('a')
          ? [
              {
                runId: 'a',
                answers: [0, 1, 2].map((i) => ({
                  pairIndex: i,
                  realId: `r${i}`,
                  generatedId: `g${i}`,
                  aiIs: 'a' as const,
                  picked: i === 0 ? ('a' as const) : ('b' as const),
                  ratingReal: 4,
                  ratingGenerated: 3
                }))
              }
            ]
          : []
    }
  }
  return { api, calls }
}
