// Worker-thread entry of generation: the generator stays loaded between calls, the raw output of recent generations
// stays here for re-binarising, and the main thread never runs tfjs nor thresholds a roll.
import { statSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import type { Piece } from '../../shared/music/piece'
import { lowerThreadPriority } from '../workers/priority'
import { initBackend } from './backend'
import type { ModelConfig } from './config'
import {
  disposeGenerator,
  generateFromNoise,
  loadGenerator,
  noiseForSeed,
  rawToPiece,
  slerp,
  type LoadedGenerator,
  type RawBatch
} from './generate'
import {
  KEEP_GENERATIONS,
  type Binarize,
  type EngineReply,
  type EngineRequest,
  type NoiseSpec
} from './engineProtocol'
import { continuePiece, inpaint } from './inpaint'
import { transposePiece } from '../../shared/music/transpose'

const port = parentPort
if (!port) throw new Error('engineWorker must run in a worker thread')
// Below the main thread (it must keep answering the UI) but above training (nice 10): a composer is waiting on this.
lowerThreadPriority(5)

let warm: { file: string; mtimeMs: number; size: number; g: LoadedGenerator } | null = null
const kept = new Map<string, { batch: RawBatch; model: ModelConfig }>()

/** The generator of a file, loaded once and kept until another file (or a rewritten one) is asked for. */
function generatorOf(file: string): { g: LoadedGenerator; warm: boolean } {
  const { mtimeMs, size } = statSync(file)
  if (warm && warm.file === file && warm.mtimeMs === mtimeMs && warm.size === size)
    return { g: warm.g, warm: true }
  if (warm) disposeGenerator(warm.g)
  warm = null
  const g = loadGenerator(file)
  warm = { file, mtimeMs, size, g }
  return { g, warm: false }
}

function noiseOf(spec: NoiseSpec, zDim: number): Float32Array[] {
  const v = spec.variety ?? 1
  const scaled = (z: Float32Array) => (v === 1 ? z : z.map((x) => x * v))
  if (spec.kind === 'seeds') return spec.seeds.map((s) => scaled(noiseForSeed(s, zDim)))
  const a = noiseForSeed(spec.seedA, zDim)
  const b = noiseForSeed(spec.seedB, zDim)
  return Array.from({ length: spec.steps }, (_, i) => scaled(slerp(a, b, i / (spec.steps - 1))))
}

function piecesOf(batch: RawBatch, model: ModelConfig, b: Binarize): Piece[] {
  return Array.from({ length: batch.shape[0] }, (_, i) => {
    const piece = rawToPiece(batch, model, i, {
      threshold: b.threshold,
      familyThresholds: b.familyThresholds,
      velocity: b.velocity,
      enabled: b.tracks,
      title: b.titles?.[i]
    })
    return b.transpose ? transposePiece(piece, b.transpose) : piece
  })
}

/** Searches asked to stop (the cancel message overtakes the queue). */
const cancelled = new Set<number>()

async function search(req: Extract<EngineRequest, { type: 'search' }>): Promise<EngineReply> {
  await initBackend(req.backend)
  const { g } = generatorOf(req.file)
  const onProgress = (done: number, loss: number) => {
    port!.postMessage({ type: 'progress', id: req.id, done, loss } satisfies EngineReply)
    return !cancelled.has(req.id)
  }
  const settings = { ...req.settings, onProgress }
  const { spec } = req
  try {
    if (spec.kind === 'inpaint') {
      const result = await inpaint(g, spec.piece, spec.keep, {
        ...settings,
        fromBar: spec.fromBar,
        count: spec.count
      })
      return { type: 'searched', id: req.id, result }
    }
    const result = await continuePiece(g, spec.piece, {
      ...settings,
      bars: spec.bars,
      context: spec.context
    })
    return { type: 'searched', id: req.id, result }
  } finally {
    cancelled.delete(req.id)
  }
}

async function handle(req: Exclude<EngineRequest, { type: 'cancel' }>): Promise<EngineReply> {
  if (req.type === 'search') return search(req)
  if (req.type === 'binarize') {
    const k = kept.get(req.generationId)
    if (!k)
      return { type: 'failed', id: req.id, message: 'not kept', code: 'not_kept', fatal: false }
    return { type: 'pieces', id: req.id, pieces: piecesOf(k.batch, k.model, req.binarize) }
  }
  const t0 = performance.now()
  const backend = await initBackend(req.backend)
  const { g, warm: wasWarm } = generatorOf(req.file)
  const batch = await generateFromNoise(g, noiseOf(req.noise, g.gan.model.zDim))
  kept.set(req.generationId, { batch, model: g.config.model })
  for (const k of [...kept.keys()].slice(0, Math.max(0, kept.size - KEEP_GENERATIONS)))
    kept.delete(k)
  const pieces = piecesOf(batch, g.config.model, req.binarize)
  const raw = req.wantRaw ? { shape: batch.shape, data: batch.raw.slice() } : undefined
  const ms = performance.now() - t0
  return {
    type: 'pieces',
    id: req.id,
    pieces,
    info: { step: g.step, backend, warm: wasWarm, ms, raw }
  }
}

// One request at a time, in order: tfjs is not re-entrant across awaits of one model.
let queue = Promise.resolve()
port.on('message', (req: EngineRequest) => {
  if (req.type === 'cancel') return void cancelled.add(req.searchId)
  queue = queue.then(async () => {
    const reply = await handle(req).catch((err): EngineReply => ({
      type: 'failed',
      id: req.id,
      message: err instanceof Error ? err.message : String(err),
      fatal: err instanceof Error && err.name === 'RuntimeError'
    }))
    const raw = reply.type === 'pieces' ? reply.info?.raw?.data.buffer : undefined
    port.postMessage(reply, raw ? [raw as ArrayBuffer] : [])
  })
})
