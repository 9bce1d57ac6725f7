// Generation from a checkpoint: seeded noise -> raw sigmoid rolls (kept), threshold applied later -> Piece.
import { tf } from './tf'
import { rollConfigOf, type ModelConfig, type RunConfig } from './config'
import { loadCheckpoint } from './checkpoint'
import { buildGan, disposeGan, generator, type Gan } from './models'
import { restoreParams } from './state'
import type { CheckpointMeta } from './trainer'
import type { DatasetIdentity } from './data'
import type { Piece } from '../../shared/music/piece'
import { rollToPiece, type VelocityMode } from '../../shared/music/rollToPiece'
import { fillNormal, mulberry32 } from '../../shared/random'

/** A generator ready to sample: G with its running statistics, and where it came from. */
export interface LoadedGenerator {
  gan: Gan
  config: RunConfig
  file: string
  step: number
  /** The data it trained on (absent in checkpoints that do not say). */
  dataset?: DatasetIdentity
}

/** Raw generator output of N pieces: [N, steps, pitches, tracks] flattened, values in (0, 1). */
export interface RawBatch {
  shape: [number, number, number, number]
  raw: Float32Array
}

/** Load G (not D) from a checkpoint file; verified by its checksum. */
export function loadGenerator(file: string): LoadedGenerator {
  const { meta, tensors } = loadCheckpoint<CheckpointMeta>(file)
  const gan = buildGan(meta.config.model, meta.config.train.seed, false)
  restoreParams('g', gan.g, tensors)
  restoreParams('gs', gan.gStats, tensors)
  return { gan, config: meta.config, file, step: meta.step, dataset: meta.dataset }
}

/** Release a loaded generator. */
export function disposeGenerator(g: LoadedGenerator): void {
  disposeGan(g.gan)
}

/** The noise vector of a seed: standard normal by Box-Muller over mulberry32 (independent of backend and batch). */
export function noiseForSeed(seed: number, zDim: number): Float32Array {
  return fillNormal(new Float32Array(zDim), mulberry32(seed))
}

/** Spherical interpolation between two noise vectors (t in [0, 1]); falls back to linear when they are parallel. */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))
  const omega = Math.acos(cos)
  const out = new Float32Array(a.length)
  const s = Math.sin(omega)
  const [wa, wb] = s < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / s, Math.sin(t * omega) / s]
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i] + wb * b[i]
  return out
}

/**
 * Pieces per forward pass: one pass over 300 pieces overran the wasm heap ("memory access out of bounds", issue 18);
 * 32 keeps every intermediate far below it and costs nothing in speed (the GEMMs are already large).
 */
export const GENERATE_CHUNK = 32

/**
 * Run G in eval mode on given noise vectors, in chunks of GENERATE_CHUNK; each output depends only on its own vector, so
 * the chunking never changes a piece. Reads back with data(), never dataSync().
 */
export async function generateFromNoise(g: LoadedGenerator, zs: Float32Array[]): Promise<RawBatch> {
  const { steps, pitches, tracks, zDim } = g.gan.model
  const size = steps * pitches * tracks
  const raw = new Float32Array(zs.length * size)
  for (let at = 0; at < zs.length; at += GENERATE_CHUNK) {
    const part = zs.slice(at, at + GENERATE_CHUNK)
    const flat = new Float32Array(part.length * zDim)
    part.forEach((z, i) => flat.set(z, i * zDim))
    const out = tf.tidy(() => generator(g.gan, tf.tensor2d(flat, [part.length, zDim]), 'eval'))
    try {
      raw.set((await out.data()) as Float32Array, at * size)
    } finally {
      out.dispose()
    }
  }
  return { shape: [zs.length, steps, pitches, tracks], raw }
}

/**
 * N pieces from seeds: same checkpoint + seed gives the same raw output. `variety` < 1 draws z with a smaller spread
 * (the truncation trick: more typical, less varied pieces); 1 is the training distribution.
 */
export function generateFromSeeds(
  g: LoadedGenerator,
  seeds: number[],
  variety = 1
): Promise<RawBatch> {
  return generateFromNoise(
    g,
    seeds.map((s) => noiseForSeed(s, g.gan.model.zDim).map((v) => v * variety))
  )
}

/** Options of rawToPiece: threshold (default 0.9, the paper's) and per-track enable. */
export interface PieceOptions {
  threshold?: number
  /** Per family (17), over `threshold`. */
  familyThresholds?: readonly number[]
  velocity?: VelocityMode
  enabled?: readonly boolean[]
  title?: string
  bpm?: number
}

/** Piece i of a raw batch, thresholded now (the raw output stays stored, so the threshold can change later). */
export function rawToPiece(
  batch: RawBatch,
  m: ModelConfig,
  i: number,
  o: PieceOptions = {}
): Piece {
  if (m.tracks !== 17) throw new Error('pieces need the 17 LPD-17 tracks')
  const size = batch.shape[1] * batch.shape[2] * batch.shape[3]
  return rollToPiece(batch.raw, rollConfigOf(m), {
    threshold: o.threshold ?? 0.9,
    familyThresholds: o.familyThresholds,
    velocity: o.velocity === 'confidence' ? 'confidence' : undefined,
    enabled: o.enabled,
    offset: i * size,
    title: o.title,
    bpm: o.bpm
  })
}
