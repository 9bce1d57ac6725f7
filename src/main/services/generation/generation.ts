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
import type { BackendSetting } from '../../../shared/api/common'
import type { RunConfig } from '../../ml/config'
import { EngineError, type EngineClient } from '../../ml/engineClient'
import type { NoiseSpec } from '../../ml/engineProtocol'
import { KeptGenerations } from './kept'
import type { Piece } from '../../../shared/music/piece'
import { rawToPiece, type RawBatch } from '../../ml/generate'
import { newId } from '../../app/files'
import type { GenerationPort } from '../ports'
import type { Binarize } from '../../ml/engineProtocol'
import { rowId } from '../ids'
import { shippedRuns } from '../../firstRun/firstRun'
import { DEFAULT_MODEL_ID, findResourcesDir } from '../../firstRun/defaultModel'
import { checkpointHints, modelHints } from '../../firstRun/shippedModels'
import type { JobRegistry } from '../../app/jobs'
import { searchMethods } from './search'

/** The generation domain: checkpoints from the library, generated and binarised in the engine worker. */
export function libraryGeneration(
  store: LibraryStore,
  backend: () => BackendSetting,
  engine: EngineClient,
  jobs: JobRegistry,
  resourcesDir: string | null = findResourcesDir(),
  kept = new KeptGenerations()
): GenerationPort {
  const db = store.db

  /** Titles: the seed, or the place on the path between two seeds; the variety when it is not 1. */
  function titlesOf(noise: NoiseSpec, seeds: number[]): string[] {
    const v = noise.variety ?? 1
    const tail = v === 1 ? '' : `, variety ${v}`
    if (noise.kind === 'slerp')
      return seeds.map(
        (_, i) => `Seeds ${noise.seedA}→${noise.seedB}, ${i + 1}/${noise.steps}${tail}`
      )
    return seeds.map((s) => `Seed ${s}${tail}`)
  }

  function items(generationId: string, pieces: Piece[]): Generation {
    const { seeds } = kept.get(generationId)!
    const items: GeneratedItem[] = pieces.map((piece, index) => ({
      index,
      seed: seeds[index],
      piece
    }))
    return { generationId, items }
  }

  async function generate(
    modelId: string,
    noise: NoiseSpec,
    seeds: number[],
    how: Omit<Binarize, 'titles'>
  ): Promise<Generation> {
    const ck = getCheckpoint(db, rowId(modelId, 'model', 'modelId'))
    if (!ck)
      throw new ApiError('not_found', 'that checkpoint is not in the library any more', 'modelId')
    const b = backend()
    const generationId = newId()
    const titles = titlesOf(noise, seeds)
    const { pieces } = await engine.generate(
      generationId,
      store.files.toAbs(ck.file),
      noise,
      { ...how, titles },
      { backend: b === 'auto' ? null : b }
    )
    kept.add(generationId, {
      seeds,
      titles,
      runId: ck.runId,
      checkpointId: ck.id,
      threshold: how.threshold,
      transpose: how.transpose ?? 0,
      variety: noise.variety ?? 1
    })
    return items(generationId, pieces)
  }

  async function rebinarize(generationId: string, how: Omit<Binarize, 'titles'>) {
    const k = kept.get(generationId)
    const notKept = () =>
      new ApiError('not_found', 'that generation is no longer kept; generate again', 'generationId')
    if (!k) throw notKept()
    const titles = k.titles
    try {
      const { pieces } = await engine.binarize(generationId, { ...how, titles })
      kept.rebinarized(generationId, how)
      return items(generationId, pieces)
    } catch (err) {
      if (err instanceof EngineError && err.code === 'not_kept') throw notKept()
      throw err
    }
  }

  return {
    ...searchMethods(store, backend, engine, jobs),
    models: () => {
      // The shipped models' runs first (the default first: Compose opens on it), each with its own model.json's hints.
      const shipped = shippedRuns(store, resourcesDir)
      const runs = listRuns(db)
      const ordered = [
        ...shipped.flatMap((m) => runs.filter((r) => r.id === m.runId).map((r) => ({ r, m }))),
        ...runs.filter((r) => !shipped.some((m) => m.runId === r.id)).map((r) => ({ r, m: null }))
      ]
      return ordered.flatMap(({ r, m }) =>
        listCheckpoints(db, r.id).map((c) => ({
          id: String(c.id),
          kind: !m ? ('checkpoint' as const) : m.id === DEFAULT_MODEL_ID ? 'default' : 'shipped',
          label: `${r.name}, epoch ${c.epoch}`,
          runId: String(r.id),
          epoch: c.epoch,
          keyAligned: (r.config as RunConfig).train.alignKey === true,
          ...(m ? modelHints(m.dir) : checkpointHints((r.config as RunConfig).train))
        }))
      )
    },
    generate: ({ modelId, seed, count, variety, ...how }) => {
      const seeds = Array.from({ length: count }, (_, i) => (seed + i) >>> 0)
      return generate(modelId, { kind: 'seeds', seeds, variety }, seeds, how)
    },
    rebinarize: ({ generationId, ...how }) => rebinarize(generationId, how),
    interpolate: ({ modelId, seedA, seedB, steps, variety, ...how }) => {
      const seeds = Array.from({ length: steps }, (_, i) => (i < steps / 2 ? seedA : seedB))
      const noise: NoiseSpec = { kind: 'slerp', seedA, seedB, steps, variety }
      return generate(modelId, noise, seeds, how)
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
