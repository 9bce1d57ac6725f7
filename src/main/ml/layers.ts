// Functional layers over plain tf.Variables: every op here has a checked second-order gradient (docs/engine.md §1.2).
import { tf } from './tf'

/** An ordered set of named variables (trainable weights or running statistics) of one model. */
export class ParamSet {
  readonly vars = new Map<string, tf.Variable>()
  private static instances = 0
  private readonly tag = `m${ParamSet.instances++}`

  /** Register a variable under a stable key (the key, not tfjs's global name, is what checkpoints store). */
  add(key: string, init: tf.Tensor, trainable = true): tf.Variable {
    if (this.vars.has(key)) throw new Error(`duplicate parameter ${key}`)
    const v = tf.variable(init, trainable, `${this.tag}/${key}`)
    init.dispose()
    this.vars.set(key, v)
    return v
  }

  get(key: string): tf.Variable {
    const v = this.vars.get(key)
    if (!v) throw new Error(`missing parameter ${key}`)
    return v
  }

  /** Number of scalar values over all variables. */
  count(): number {
    let n = 0
    for (const v of this.vars.values()) n += v.size
    return n
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose()
    this.vars.clear()
  }
}

/** PyTorch's default init: U(±1/sqrt(fanIn)), seeded. */
export function uniformInit(shape: number[], fanIn: number, seed: number): tf.Tensor {
  const b = 1 / Math.sqrt(fanIn)
  return tf.randomUniform(shape, -b, b, 'float32', seed)
}

/** PReLU with one slope per channel, as relu(x) − a·relu(−x): needs no comparison-op gradient. */
export function prelu(x: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return tf.sub(tf.relu(x), tf.mul(a, tf.relu(tf.neg(x))))
}

/** Per-channel affine after normalising x with the given mean and variance (eps 1e-5 as in PyTorch). */
export function normalize(
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  g: tf.Tensor,
  b: tf.Tensor
) {
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b)
}

/** Batch norm over [B, H, W] with batch statistics; returns them too so the caller can update running stats. */
export function batchNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) {
  const { mean, variance } = tf.moments(x, [0, 1, 2])
  return { y: normalize(x, mean, variance, g, b), mean, variance }
}

/** Per-sample layer norm over [H, W, C] with per-channel affine (the WGAN-GP-friendly critic norm). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [1, 2, 3], true)
  return normalize(x, mean, variance, g, b)
}

/** 1x1 conv as a 2-D matmul (the XNNPACK fast path on wasm): [B,H,W,C] -> [B·H·W, out]. */
function project(flat: tf.Tensor2D, w: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(flat, w as tf.Tensor2D), bias) as tf.Tensor2D
}

/** SAGAN self-attention: softmax over key positions (no 1/sqrt(d) scaling), gamma·out + x. */
export function selfAttention(x: tf.Tensor4D, p: ParamSet, key: string): tf.Tensor4D {
  const [bs, h, w, c] = x.shape
  const n = h * w
  const flat = tf.reshape(x, [bs * n, c]) as tf.Tensor2D
  const q = tf.reshape(project(flat, p.get(`${key}/wq`), p.get(`${key}/bq`)), [bs, n, -1])
  const k = tf.reshape(project(flat, p.get(`${key}/wk`), p.get(`${key}/bk`)), [bs, n, -1])
  const v = tf.reshape(project(flat, p.get(`${key}/wv`), p.get(`${key}/bv`)), [bs, n, c])
  const att = tf.softmax(tf.matMul(q, k, false, true))
  const out = tf.reshape(tf.matMul(att, v), [bs, h, w, c])
  return tf.add(tf.mul(p.get(`${key}/gamma`), out), x) as tf.Tensor4D
}

/** Create the parameters of a self-attention block over c channels. */
export function addAttention(p: ParamSet, key: string, c: number, seed: number): void {
  const d = Math.max(1, Math.floor(c / 8))
  p.add(`${key}/wq`, uniformInit([c, d], c, seed))
  p.add(`${key}/bq`, uniformInit([d], c, seed + 1))
  p.add(`${key}/wk`, uniformInit([c, d], c, seed + 2))
  p.add(`${key}/bk`, uniformInit([d], c, seed + 3))
  p.add(`${key}/wv`, uniformInit([c, c], c, seed + 4))
  p.add(`${key}/bv`, uniformInit([c], c, seed + 5))
  p.add(`${key}/gamma`, tf.scalar(0))
}
