// The 'paper' generator and critic of docs/model.md as pure functions over ParamSets (NHWC = [B, steps, pitches, tracks]).
import { tf } from './tf'
import type { ModelConfig } from './config'
import { rollConfigOf, validateModel } from './config'
import { barSteps } from '../../shared/music/pianoroll'
import {
  ParamSet,
  addAttention,
  batchNorm,
  layerNorm,
  normalize,
  prelu,
  selfAttention,
  uniformInit
} from './layers'
import { trackStats } from './rollStats'
import { shareFeatures } from './shareStats'

interface LayerSpec {
  kernel: [number, number]
  strides: [number, number]
  pad: 'same' | 'valid'
}

const T2x1: LayerSpec = { kernel: [4, 3], strides: [2, 1], pad: 'same' }
const T2x2: LayerSpec = { kernel: [4, 4], strides: [2, 2], pad: 'same' }

/** The generator's six transposed convs; the first maps the 1x1 noise to [steps/16, pitches/4]. */
export function generatorLayers(m: ModelConfig): LayerSpec[] {
  const first: LayerSpec = { kernel: [m.steps / 16, m.pitches / 4], strides: [1, 1], pad: 'valid' }
  return [first, T2x1, T2x2, T2x1, T2x2, { kernel: [3, 3], strides: [1, 1], pad: 'same' }]
}

/** The critic's five convs. */
export const CRITIC_LAYERS: LayerSpec[] = [
  { kernel: [3, 3], strides: [1, 1], pad: 'same' },
  T2x2,
  T2x1,
  T2x2,
  T2x1
]

/** Generator, critic and the generator's batch-norm running statistics (used in eval mode / generation). */
export interface Gan {
  model: ModelConfig
  g: ParamSet
  gStats: ParamSet
  d: ParamSet
}

function buildGenerator(m: ModelConfig, seed: number, g: ParamSet, stats: ParamSet): void {
  const outs = [...m.gChannels, m.tracks]
  let cin = m.zDim
  generatorLayers(m).forEach((l, i) => {
    const [kh, kw] = l.kernel
    const c = outs[i]
    const fanIn = c * kh * kw // PyTorch's ConvTranspose2d fan-in quirk: weight [in, out, kh, kw]
    g.add(`l${i}/w`, uniformInit([kh, kw, c, cin], fanIn, seed + 10 * i))
    g.add(`l${i}/b`, uniformInit([c], fanIn, seed + 10 * i + 1))
    if (i < 5) {
      g.add(`l${i}/gamma`, tf.ones([c]))
      g.add(`l${i}/beta`, tf.zeros([c]))
      g.add(`l${i}/a`, tf.fill([c], 0.25))
      stats.add(`l${i}/mean`, tf.zeros([c]), false)
      stats.add(`l${i}/var`, tf.ones([c]), false)
    }
    if (i === 3) addAttention(g, 'attn', c, seed + 100)
    cin = c
  })
  if (m.generatorTrackGate) {
    // Zero: a generator grown from one without the gate (python/grow.py) plays exactly as before.
    g.add('gate/w', tf.zeros([m.zDim, m.tracks]))
    g.add('gate/b', tf.zeros([m.tracks]))
  }
}

function buildCritic(m: ModelConfig, seed: number, d: ParamSet): void {
  let cin = m.tracks
  CRITIC_LAYERS.forEach((l, i) => {
    const [kh, kw] = l.kernel
    const c = m.dChannels[i]
    const fanIn = cin * kh * kw
    d.add(`c${i}/w`, uniformInit([kh, kw, cin, c], fanIn, seed + 10 * i))
    d.add(`c${i}/b`, uniformInit([c], fanIn, seed + 10 * i + 1))
    if (i > 0 && m.criticNorm !== 'none') {
      d.add(`c${i}/gamma`, tf.ones([c]))
      d.add(`c${i}/beta`, tf.zeros([c]))
    }
    d.add(`c${i}/a`, tf.fill([c], 0.25))
    if (i === 2) addAttention(d, 'attn', c, seed + 100)
    cin = c
  })
  const flat = (m.steps / 16) * (m.pitches / 4) * cin
  d.add('fc/w', uniformInit([flat, 1], flat, seed + 200))
  d.add('fc/b', uniformInit([1], flat, seed + 201))
  FEATURE_BRANCHES.forEach(({ key, on, inputs }, k) => {
    if (!on(m)) return
    const nf = inputs(m)
    const base = seed + 300 + 10 * k
    d.add(`${key}/w1`, uniformInit([nf, STATS_HIDDEN], nf, base))
    d.add(`${key}/b1`, uniformInit([STATS_HIDDEN], nf, base + 1))
    d.add(`${key}/a`, tf.fill([STATS_HIDDEN], 0.25))
    // Zero: a critic grown from one without the branch (python/grow.py) scores exactly as before.
    d.add(`${key}/w2`, tf.zeros([STATS_HIDDEN, 1]))
    d.add(`${key}/b2`, tf.zeros([1]))
  })
}

/**
 * shareFeatures with its two counts (pitches and tracks that play) as log1p, so no input is tens of times the others
 * (python/model.py share_branch_input).
 */
function shareBranchInput(x: tf.Tensor4D, bar: number): tf.Tensor2D {
  const f = shareFeatures(x, bar)
  const n = f.shape[1]
  return tf.concat(
    [tf.slice(f, [0, 0], [-1, n - 2]), tf.log1p(tf.slice(f, [0, n - 2], [-1, 2]))],
    1
  ) as tf.Tensor2D
}

/**
 * The critic's branches on per-piece features, seen whole (python/model.py FeatureBranch): Linear -> PReLU ->
 * Linear, scaled by STATS_SCALE, added to the conv path's score. criticTrackStats: which tracks play and which pitch
 * classes they use (the conv path mixes 17 tracks into dChannels[0] channels at once). criticShares: the shares a
 * listener hears, so the critic can tell pieces apart by how their onsets, note lengths and density go together.
 */
const FEATURE_BRANCHES: {
  key: string
  on: (m: ModelConfig) => boolean
  inputs: (m: ModelConfig) => number
  features: (x: tf.Tensor4D, m: ModelConfig) => tf.Tensor2D
}[] = [
  {
    key: 'stats',
    on: (m) => !!m.criticTrackStats,
    inputs: (m) => m.tracks * 13,
    features: (x) => trackStats(x)
  },
  {
    key: 'shares',
    on: (m) => !!m.criticShares,
    inputs: (m) => 2 * barSteps(rollConfigOf(m)) + 10,
    features: (x, m) => shareBranchInput(x, barSteps(rollConfigOf(m)))
  }
]

/** Hidden width of the critic's feature branches (python/model.py STATS_HIDDEN). */
export const STATS_HIDDEN = 32
/** The branch's output scale (python/model.py STATS_SCALE): unscaled, it moved 0.04 of a 3.0 real-fake gap in 500 steps. */
export const STATS_SCALE = 8

/** Create G and D (D optional: generation needs only G) with PyTorch-default init from a seed (same seed, same weights). */
export function buildGan(m: ModelConfig, seed: number, withCritic = true): Gan {
  validateModel(m)
  const gan: Gan = { model: m, g: new ParamSet(), gStats: new ParamSet(), d: new ParamSet() }
  tf.tidy(() => {
    buildGenerator(m, seed, gan.g, gan.gStats)
    if (withCritic) buildCritic(m, seed + 1000, gan.d)
  })
  return gan
}

/** Release every variable of a GAN. */
export function disposeGan(gan: Gan): void {
  gan.g.dispose()
  gan.gStats.dispose()
  gan.d.dispose()
}

// Running statistics follow PyTorch: momentum 0.1, unbiased variance.
function updateStats(stats: ParamSet, i: number, mean: tf.Tensor, variance: tf.Tensor, n: number) {
  const rm = stats.get(`l${i}/mean`)
  const rv = stats.get(`l${i}/var`)
  rm.assign(tf.add(tf.mul(rm, 0.9), tf.mul(mean, 0.1)))
  rv.assign(tf.add(tf.mul(rv, 0.9), tf.mul(variance, 0.1 * (n / Math.max(1, n - 1)))))
}

/**
 * The first transposed conv (valid, from a 1x1 input) is exactly a matmul: out[b,h,w,c] = Σ_k z[b,k]·W[h,w,c,k].
 * As a conv it would spend (kh·kw)x the work on padding zeros.
 */
export function firstLayer(z: tf.Tensor2D, w: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, c, k] = w.shape
  const flat = tf.reshape(w, [kh * kw * c, k]) as tf.Tensor2D
  return tf.reshape(tf.matMul(z, flat, false, true), [z.shape[0], kh, kw, c]) as tf.Tensor4D
}

/**
 * G(z): z [B, zDim] -> raw sigmoid roll [B, steps, pitches, tracks]. 'train' uses batch statistics and updates the
 * running ones (as PyTorch's train mode); 'eval' uses the running statistics.
 */
export function generator(gan: Gan, z: tf.Tensor2D, mode: 'train' | 'eval'): tf.Tensor4D {
  const { g, gStats, model: m } = gan
  const bs = z.shape[0]
  const outs = [...m.gChannels, m.tracks]
  let x = tf.reshape(z, [bs, 1, 1, m.zDim]) as tf.Tensor4D
  let [h, w] = [1, 1]
  generatorLayers(m).forEach((l, i) => {
    h = l.pad === 'valid' ? l.kernel[0] : h * l.strides[0]
    w = l.pad === 'valid' ? l.kernel[1] : w * l.strides[1]
    const filter = g.get(`l${i}/w`) as unknown as tf.Tensor4D
    const y =
      i === 0
        ? firstLayer(z, filter)
        : tf.conv2dTranspose(x, filter, [bs, h, w, outs[i]], l.strides, l.pad)
    x = tf.add(y, g.get(`l${i}/b`)) as tf.Tensor4D
    if (i === 5) {
      if (m.generatorTrackGate) x = tf.add(x, trackGate(gan, z)) as tf.Tensor4D
      return
    }
    const gamma = g.get(`l${i}/gamma`)
    const beta = g.get(`l${i}/beta`)
    if (mode === 'train') {
      const bn = batchNorm(x, gamma, beta)
      updateStats(gStats, i, bn.mean, bn.variance, bs * h * w)
      x = bn.y as tf.Tensor4D
    } else {
      x = normalize(
        x,
        gStats.get(`l${i}/mean`),
        gStats.get(`l${i}/var`),
        gamma,
        beta
      ) as tf.Tensor4D
    }
    x = prelu(x, g.get(`l${i}/a`)) as tf.Tensor4D
    if (i === 3) x = selfAttention(x, g, 'attn')
  })
  return tf.sigmoid(x) as tf.Tensor4D
}

/** The track gate's output scale (python/model.py GATE_SCALE): Adam's ~lr steps then move a track's logits by whole units in ~1k steps. */
export const GATE_SCALE = 8

/** G's per-track bias from z ([B, 1, 1, tracks], added to the last layer's logits): the piece's instrumentation. */
function trackGate(gan: Gan, z: tf.Tensor2D): tf.Tensor4D {
  const { g, model: m } = gan
  const bias = tf.add(tf.matMul(z, g.get('gate/w') as unknown as tf.Tensor2D), g.get('gate/b'))
  return tf.reshape(tf.mul(bias, GATE_SCALE), [z.shape[0], 1, 1, m.tracks]) as tf.Tensor4D
}

/**
 * D(x): roll [B, steps, pitches, tracks] -> score [B, 1] (no sigmoid). Batch norm uses this call's batch, so real,
 * fake and interpolates must be separate calls. `dropoutSeed` null turns dropout off (evaluation).
 */
export function critic(gan: Gan, x: tf.Tensor4D, dropoutSeed: number | null): tf.Tensor2D {
  const { d, model: m } = gan
  let h: tf.Tensor4D = x
  CRITIC_LAYERS.forEach((l, i) => {
    const filter = d.get(`c${i}/w`) as unknown as tf.Tensor4D
    h = tf.add(tf.conv2d(h, filter, l.strides, l.pad), d.get(`c${i}/b`)) as tf.Tensor4D
    if (i > 0 && m.criticNorm === 'batch')
      h = batchNorm(h, d.get(`c${i}/gamma`), d.get(`c${i}/beta`)).y as tf.Tensor4D
    if (i > 0 && m.criticNorm === 'layer')
      h = layerNorm(h, d.get(`c${i}/gamma`), d.get(`c${i}/beta`)) as tf.Tensor4D
    h = prelu(h, d.get(`c${i}/a`)) as tf.Tensor4D
    if (i === 2) h = selfAttention(h, d, 'attn')
  })
  let flat = tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D
  if (dropoutSeed !== null && m.dropout > 0)
    flat = tf.dropout(flat, m.dropout, undefined, dropoutSeed) as tf.Tensor2D
  const score = tf.add(
    tf.matMul(flat, d.get('fc/w') as unknown as tf.Tensor2D),
    d.get('fc/b')
  ) as tf.Tensor2D
  const dense = (v: tf.Tensor2D, w: string, bias: string) =>
    tf.add(tf.matMul(v, d.get(w) as unknown as tf.Tensor2D), d.get(bias)) as tf.Tensor2D
  return FEATURE_BRANCHES.reduce((total, { key, on, features }) => {
    if (!on(m)) return total
    const hidden = prelu(dense(features(x, m), `${key}/w1`, `${key}/b1`), d.get(`${key}/a`))
    const branch = tf.mul(dense(hidden as tf.Tensor2D, `${key}/w2`, `${key}/b2`), STATS_SCALE)
    return tf.add(total, branch) as tf.Tensor2D
  }, score)
}

/** Parameter counts of G and D (trainable values; running statistics excluded, as PyTorch counts them). */
export function paramCounts(gan: Gan): { generator: number; critic: number } {
  return { generator: gan.g.count(), critic: gan.d.count() }
}
