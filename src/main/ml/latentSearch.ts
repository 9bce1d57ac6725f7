// Latent search: find noise vectors z whose generator output matches a target roll on the masked cells (masked,
// class-balanced binary cross-entropy on the raw output, Adam on z, several restarts in one batch). Inpainting and
// continuation are this search with different masks.
import { tf } from './tf'
import { generator } from './models'
import type { LoadedGenerator, RawBatch } from './generate'
import { fillNormal, mulberry32 } from '../../shared/random'
import { SEARCH_EFFORT } from '../../shared/api/domains/generation'

/** What to search for and how hard. */
export interface SearchOptions {
  /** Target roll (0/1) of one segment, NHWC flat. */
  target: Uint8Array
  /** 1 where the target must be matched. */
  mask: Uint8Array
  /** Adam steps (default: the API's SEARCH_EFFORT). */
  steps?: number
  /** Independent starting points searched together (default: the API's SEARCH_EFFORT). */
  restarts?: number
  /** Adam learning rate on z (default 0.05). */
  lr?: number
  /** Seed of the starting points. */
  seed?: number
  /** Threshold the match is judged at (the model's recommended one). */
  threshold: number
  /** Weight of the pull towards the prior N(0, 1) (default 1e-3 per dimension). */
  prior?: number
  /** Called every few steps with the fraction done and the best loss so far; return false to cancel. */
  onProgress?: (done: number, bestLoss: number) => boolean | void
}

/** One searched z with how well its output matches the kept cells at the threshold. */
export interface Candidate {
  z: Float32Array
  loss: number
  precision: number
  recall: number
  /** Harmonic mean of precision and recall (1 when the kept region is empty on both sides). */
  f1: number
}

/** The candidates, best first, and the raw output of each (batch order = candidate order). */
export interface SearchResult {
  candidates: Candidate[]
  raw: RawBatch
  /** Mean F1 of the starting points before any step: what random z gives. */
  f1Before: number
  steps: number
  cancelled: boolean
}

/** Precision and recall of the on-cells of `raw` (>= threshold) against `target` inside `mask`. */
export function maskedMatch(
  raw: ArrayLike<number>,
  target: Uint8Array,
  mask: Uint8Array,
  threshold: number,
  offset = 0
): { precision: number; recall: number; f1: number } {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue
    const on = raw[offset + i] >= threshold
    if (on && target[i]) tp++
    else if (on) fp++
    else if (target[i]) fn++
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1 }
}

/** Per-restart loss [R]: class-balanced BCE over the masked cells plus a small pull of z towards the prior. */
function lossOf(
  g: LoadedGenerator,
  z: tf.Tensor2D,
  target: tf.Tensor,
  onW: tf.Tensor,
  offW: tf.Tensor,
  prior: number
): tf.Tensor1D {
  const out = generator(g.gan, z, 'eval')
  const p = tf.clipByValue(out, 1e-6, 1 - 1e-6)
  const flat = tf.reshape(p, [z.shape[0], -1])
  const bce = tf.neg(
    tf.add(
      tf.mul(onW, tf.mul(target, tf.log(flat))),
      tf.mul(offW, tf.mul(tf.sub(1, target), tf.log(tf.sub(1, flat))))
    )
  )
  const pull = tf.mul(prior, tf.sum(tf.square(z), 1))
  return tf.add(tf.sum(bce, 1), pull) as tf.Tensor1D
}

/** Weights that give the kept on-cells and the kept off-cells half the loss each (rolls are sparse). */
function balanceWeights(
  target: Uint8Array,
  mask: Uint8Array
): { on: Float32Array; off: Float32Array } {
  let nOn = 0
  let nOff = 0
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && target[i]) nOn++
    else if (mask[i]) nOff++
  }
  const on = new Float32Array(mask.length)
  const off = new Float32Array(mask.length)
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue
    if (target[i]) on[i] = 0.5 / Math.max(1, nOn)
    else off[i] = 0.5 / Math.max(1, nOff)
  }
  return { on, off }
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r))

/** Search R starting points for `steps` Adam steps; every output is judged on the kept cells at the threshold. */
export async function searchLatent(g: LoadedGenerator, o: SearchOptions): Promise<SearchResult> {
  const { zDim } = g.gan.model
  const R = o.restarts ?? SEARCH_EFFORT.restarts
  const steps = o.steps ?? SEARCH_EFFORT.steps
  const size = o.target.length
  if (o.mask.length !== size) throw new Error('mask and target differ in size')
  const w = balanceWeights(o.target, o.mask)
  const start = fillNormal(new Float32Array(R * zDim), mulberry32(o.seed ?? 1))
  const z = tf.variable(tf.tensor2d(start, [R, zDim]))
  const target = tf.tensor2d(Float32Array.from(o.target), [1, size])
  const onW = tf.tensor2d(w.on, [1, size])
  const offW = tf.tensor2d(w.off, [1, size])
  const opt = tf.train.adam(o.lr ?? 0.05, 0.9, 0.999)
  const prior = o.prior ?? 1e-3 / zDim
  let best = Infinity
  let cancelled = false
  const f1Before = meanF1(g, start, o)
  try {
    let done = 0
    for (; done < steps; done++) {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(lossOf(g, z as tf.Tensor2D, target, onW, offW, prior)) as tf.Scalar,
          [z]
        )
        opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0])
        return value
      })
      const v = (await loss.data())[0] / R
      loss.dispose()
      best = Math.min(best, v)
      if ((done + 1) % 10 === 0 || done + 1 === steps) {
        if (o.onProgress?.((done + 1) / steps, best) === false) {
          cancelled = true
          done++
          break
        }
        await yieldToLoop()
      }
    }
    const zs = await z.data()
    return {
      ...rank(g, zs as Float32Array, o, target, onW, offW, prior),
      f1Before,
      steps: done,
      cancelled
    }
  } finally {
    tf.dispose([z, target, onW, offW])
    opt.dispose()
  }
}

function meanF1(g: LoadedGenerator, zs: Float32Array, o: SearchOptions): number {
  const raw = outputs(g, zs)
  const R = zs.length / g.gan.model.zDim
  let sum = 0
  for (let r = 0; r < R; r++)
    sum += maskedMatch(raw, o.target, o.mask, o.threshold, r * o.target.length).f1
  return sum / R
}

function outputs(g: LoadedGenerator, zs: Float32Array): Float32Array {
  const { zDim } = g.gan.model
  const out = tf.tidy(() => generator(g.gan, tf.tensor2d(zs, [zs.length / zDim, zDim]), 'eval'))
  const raw = out.dataSync() as Float32Array
  out.dispose()
  return raw
}

function rank(
  g: LoadedGenerator,
  zs: Float32Array,
  o: SearchOptions,
  target: tf.Tensor,
  onW: tf.Tensor,
  offW: tf.Tensor,
  prior: number
): { candidates: Candidate[]; raw: RawBatch } {
  const { zDim, steps, pitches, tracks } = g.gan.model
  const R = zs.length / zDim
  const raw = outputs(g, zs)
  const losses = tf.tidy(() =>
    lossOf(g, tf.tensor2d(zs, [R, zDim]), target, onW, offW, prior).dataSync()
  )
  const size = o.target.length
  const all = Array.from({ length: R }, (_, r) => ({
    z: zs.slice(r * zDim, (r + 1) * zDim),
    loss: losses[r],
    ...maskedMatch(raw, o.target, o.mask, o.threshold, r * size),
    r
  }))
  all.sort((a, b) => b.f1 - a.f1 || a.loss - b.loss)
  const sorted = new Float32Array(raw.length)
  all.forEach((c, i) => sorted.set(raw.subarray(c.r * size, (c.r + 1) * size), i * size))
  return {
    candidates: all.map(({ r: _r, ...c }) => c),
    raw: { shape: [R, steps, pitches, tracks], raw: sorted }
  }
}
