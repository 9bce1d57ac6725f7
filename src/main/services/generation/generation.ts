import { readFileSync } from 'node:fs'
import { ApiError } from '../../../shared/api/errors'
import type { GeneratedItem, Generation } from '../../../shared/api/types'
import {
  getCheckpoint,
  getRun,
  getSample,
  listCheckpoints,
  listRuns,
  type LibraryStore
} from '../../library/index'
import { initBackend, type BackendName } from '../../ml/backend'
import type { RunConfig } from '../../ml/config'
import {
  disposeGenerator,
  generateFromNoise,
  loadGenerator,
  noiseForSeed,
  rawToPiece,
  slerp,
  type LoadedGenerator,
  type RawBatch
} from '../../ml/generate'
import { newId } from '../../app/files'
import type { GenerationPort } from '../ports'
import { rowId } from '../ids'
import { defaultRunId } from '../../firstRun/firstRun'

/** The default model's run (first start registered it) first, then the others in their order. */
const defaultFirst = <R extends { id: number }>(runs: R[], id: number | null): R[] => [
  ...runs.filter((r) => r.id === id),
  ...runs.filter((r) => r.id !== id)
]

/** Raw outputs kept for re-binarising (the newest few generations). */
const KEEP_GENERATIONS = 20

/** The generation domain: checkpoints from the library run in this thread (a piece takes tens of milliseconds). */
export function libraryGeneration(
  store: LibraryStore,
  backend: () => BackendName | 'auto'
): GenerationPort {
  const db = store.db
  const kept = new Map<string, { batch: RawBatch; config: RunConfig; seeds: number[] }>()
  let loaded: { id: number; g: LoadedGenerator } | null = null

  async function generatorOf(modelId: string): Promise<LoadedGenerator> {
    const id = rowId(modelId, 'model', 'modelId')
    if (loaded?.id === id) return loaded.g
    const ck = getCheckpoint(db, id)
    if (!ck)
      throw new ApiError('not_found', 'that checkpoint is not in the library any more', 'modelId')
    const b = backend()
    await initBackend(b === 'auto' ? null : b)
    if (loaded) disposeGenerator(loaded.g)
    loaded = { id, g: loadGenerator(store.files.toAbs(ck.file)) }
    return loaded.g
  }

  function keep(
    batch: RawBatch,
    config: RunConfig,
    seeds: number[],
    threshold: number,
    tracks?: boolean[]
  ) {
    const generationId = newId()
    kept.set(generationId, { batch, config, seeds })
    for (const k of [...kept.keys()].slice(0, Math.max(0, kept.size - KEEP_GENERATIONS)))
      kept.delete(k)
    return pieces(generationId, threshold, tracks)
  }

  function pieces(generationId: string, threshold: number, tracks?: boolean[]): Generation {
    const g = kept.get(generationId)
    if (!g)
      throw new ApiError(
        'not_found',
        'that generation is no longer kept; generate again',
        'generationId'
      )
    const items: GeneratedItem[] = g.seeds.map((seed, index) => ({
      index,
      seed,
      piece: rawToPiece(g.batch, g.config.model, index, {
        threshold,
        enabled: tracks,
        title: `Seed ${seed}`
      })
    }))
    return { generationId, items }
  }

  return {
    models: () => {
      const def = defaultRunId(store.files.root)
      return defaultFirst(listRuns(db), def).flatMap((r) =>
        listCheckpoints(db, r.id).map((c) => ({
          id: String(c.id),
          kind: r.id === def ? ('default' as const) : ('checkpoint' as const),
          label: `${r.name}, epoch ${c.epoch}`,
          runId: String(r.id),
          epoch: c.epoch
        }))
      )
    },
    generate: async ({ modelId, seed, count, threshold, tracks }) => {
      const g = await generatorOf(modelId)
      const seeds = Array.from({ length: count }, (_, i) => (seed + i) >>> 0)
      const batch = generateFromNoise(
        g,
        seeds.map((s) => noiseForSeed(s, g.gan.model.zDim))
      )
      return keep(batch, g.config, seeds, threshold, tracks)
    },
    rebinarize: ({ generationId, threshold, tracks }) => pieces(generationId, threshold, tracks),
    interpolate: async ({ modelId, seedA, seedB, steps, threshold, tracks }) => {
      const g = await generatorOf(modelId)
      const [a, b] = [noiseForSeed(seedA, g.gan.model.zDim), noiseForSeed(seedB, g.gan.model.zDim)]
      const zs = Array.from({ length: steps }, (_, i) => slerp(a, b, i / (steps - 1)))
      const seeds = zs.map((_, i) => (i < steps / 2 ? seedA : seedB))
      return keep(generateFromNoise(g, zs), g.config, seeds, threshold, tracks)
    },
    sample: ({ sampleId, threshold }) => {
      const s = getSample(db, rowId(sampleId, 'sample', 'sampleId'))
      if (!s)
        throw new ApiError('not_found', 'that sample is not in the library any more', 'sampleId')
      const config = getRun(db, s.runId)?.config as RunConfig | undefined
      if (!s.rawFile || !config) return s.piece
      const bytes = readFileSync(store.files.toAbs(s.rawFile))
      const raw = new Float32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
      )
      const m = config.model
      const n = raw.length / (m.steps * m.pitches * m.tracks)
      const batch: RawBatch = { shape: [n, m.steps, m.pitches, m.tracks], raw }
      // The training worker stores one sample a file; older libraries kept the whole batch with the index as seed.
      const index = n === 1 ? 0 : (s.seed ?? 0)
      return rawToPiece(batch, m, index, { threshold, title: s.piece.title })
    }
  }
}
