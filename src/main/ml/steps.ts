// One critic update and one generator update (WGAN-GP with split tapes, or the BCE baseline), each in one tf.tidy.
import { tf } from './tf'
import { rollConfigOf, type TrainConfig } from './config'
import { barSteps, BINARY_AT } from '../../shared/music/pianoroll'
import type { ExactAdam } from './adam'
import type { Gan } from './models'
import type { ParamSet } from './layers'
import { critic, generator } from './models'
import { grooveGap, polyphonyGap, statsGap } from './rollStats'
import { shareGap } from './shareStats'
import { augmentDraws, diffAugment, type AugmentDraw } from './diffAugment'

/** Seeds of every random draw in one step, derived from the run seed and the step (so a resumed step redraws them). */
export interface StepSeeds {
  z: number
  eps: number
  dropFake: number
  dropReal: number
  dropInterp: number
  /** train.diffAugment's moves of the real and the generated batch. */
  augReal: number
  augFake: number
}

/** Loss figures of one critic update. */
export interface CriticResult {
  /** Critic loss including lambda·gp. */
  dLoss: number
  /** The gradient penalty before lambda: mean((‖∇D(x̂)‖ − 1)²). */
  gp: number
  wasserstein: number
}

/** Derive a 31-bit seed from the run seed, the step and a purpose index (splitmix-style hash). */
export function stepSeed(seed: number, step: number, purpose: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) & 0x7fffffff
}

/** All seeds of a step. */
export function seedsFor(seed: number, step: number): StepSeeds {
  const s = (p: number) => stepSeed(seed, step, p)
  return {
    z: s(0),
    eps: s(1),
    dropFake: s(2),
    dropReal: s(3),
    dropInterp: s(4),
    augReal: s(7),
    augFake: s(8)
  }
}

/** Noise given explicitly instead of drawn from the step's seeds (comparisons with another implementation). */
export interface FixedNoise {
  /** G's input for the fake batch, [B, zDim]. */
  z: tf.Tensor2D
  /** Interpolation weights of the gradient penalty, [B, 1, 1, 1]. */
  eps?: tf.Tensor4D
  /** train.diffAugment's moves of the real and the generated batch. */
  augment?: { real: readonly AugmentDraw[]; fake: readonly AugmentDraw[] }
}

/**
 * What the critic sees of a batch under train.diffAugment (each piece moved by its draw: given, else from the seed),
 * or the batch itself when it is off.
 */
function augmented(
  x: tf.Tensor4D,
  gan: Gan,
  cfg: TrainConfig,
  seed: number,
  draws?: readonly AugmentDraw[]
): tf.Tensor4D {
  const maxRows = cfg.diffAugment ?? 0
  if (maxRows <= 0) return x
  const bar = barSteps(rollConfigOf(gan.model))
  const bars = Math.max(1, Math.floor(gan.model.steps / bar))
  return diffAugment(x, draws ?? augmentDraws(seed, x.shape[0], bars, maxRows), bar)
}

type GradMap = Parameters<ExactAdam['applyGradients']>[0]

// Adam maps moments to variables by position: every variable gets a gradient, in the ParamSet's order.
function ordered(params: ParamSet, ...parts: tf.NamedTensorMap[]): GradMap {
  const out: tf.NamedTensorMap = {}
  for (const v of params.vars.values()) {
    const gs = parts.map((p) => p[v.name]).filter((g): g is tf.Tensor => g != null)
    out[v.name] = gs.length === 0 ? tf.zerosLike(v) : gs.length === 1 ? gs[0] : tf.addN(gs)
  }
  return out as unknown as GradMap
}

const varList = (p: ParamSet) => [...p.vars.values()]

/** The roll as a composer gets it (> 0.5 -> 1, else 0); the gradient passes straight through to G's sigmoid output. */
const straightThrough = tf.customGrad((x) => ({
  value: tf.cast(tf.greater(x as tf.Tensor, BINARY_AT), 'float32'),
  gradFunc: (dy: tf.Tensor) => dy
})) as unknown as (x: tf.Tensor4D) => tf.Tensor4D

/** G's roll as the critic sees it: binarised when the run trains with straight-through outputs (train.straightThrough). */
const asCriticSees = (fake: tf.Tensor4D, cfg: TrainConfig) =>
  cfg.straightThrough ? straightThrough(fake) : fake
const softplusMean = (x: tf.Tensor) => tf.mean(tf.softplus(x))

/**
 * G's soft output with its logits scaled by k (train.statsSharpness): cells below 0.5 fall towards 0 and those above
 * rise towards 1, so stats read from it are close to the binary roll's while every cell keeps a gradient. python
 * steps.sharpen.
 */
export function sharpen(x: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    const logits = tf.sub(tf.log(tf.maximum(x, 1e-7)), tf.log1p(tf.neg(tf.minimum(x, 1 - 1e-7))))
    return tf.sigmoid(tf.mul(k, logits)) as tf.Tensor4D
  })
}

/** mean((‖∂ΣD/∂x̂‖₂ − 1)²) over the batch (before lambda). */
function penalty(gan: Gan, xh: tf.Tensor4D, seed: number): tf.Scalar {
  const g = tf.grad((x) => tf.sum(critic(gan, x as tf.Tensor4D, seed)))(xh)
  const n = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12))
  return tf.mean(tf.square(tf.sub(n, 1))) as tf.Scalar
}

/** One critic update on a real batch; G runs in train mode without a tape (its running statistics move, as in PyTorch). */
export function criticStep(
  gan: Gan,
  opt: ExactAdam,
  realBatch: tf.Tensor4D,
  cfg: TrainConfig,
  s: StepSeeds,
  fixed?: FixedNoise
): CriticResult {
  const out = tf.tidy(() => {
    const bs = realBatch.shape[0]
    const z =
      fixed?.z ?? (tf.randomNormal([bs, gan.model.zDim], 0, 1, 'float32', s.z) as tf.Tensor2D)
    const real = augmented(realBatch, gan, cfg, s.augReal, fixed?.augment?.real)
    const fake = augmented(
      asCriticSees(generator(gan, z, 'train'), cfg),
      gan,
      cfg,
      s.augFake,
      fixed?.augment?.fake
    )
    let realMean: tf.Scalar | null = null
    let fakeMean: tf.Scalar | null = null
    const w = tf.variableGrads(() => {
      const f = critic(gan, fake, s.dropFake)
      const r = critic(gan, real, s.dropReal)
      fakeMean = tf.keep(tf.mean(f)) as tf.Scalar
      realMean = tf.keep(tf.mean(r)) as tf.Scalar
      if (cfg.loss === 'gan') return tf.add(softplusMean(tf.neg(r)), softplusMean(f)) as tf.Scalar
      return tf.sub(tf.mean(f), tf.mean(r)) as tf.Scalar
    }, varList(gan.d))
    let gp: tf.Scalar = tf.scalar(0)
    let penaltyTerm: tf.Scalar = tf.scalar(0)
    let grads: GradMap
    if (cfg.loss === 'wgan-gp') {
      const e = fixed?.eps ?? tf.randomUniform([bs, 1, 1, 1], 0, 1, 'float32', s.eps)
      const xh = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake)) as tf.Tensor4D
      let raw: tf.Scalar | null = null
      const p = tf.variableGrads(() => {
        raw = tf.keep(penalty(gan, xh, s.dropInterp))
        return tf.mul(cfg.lambda, raw) as tf.Scalar
      }, varList(gan.d))
      gp = raw!
      penaltyTerm = p.value
      grads = ordered(gan.d, w.grads, p.grads)
    } else grads = ordered(gan.d, w.grads)
    opt.applyGradients(grads)
    const result = tf.stack([tf.add(w.value, penaltyTerm), gp, tf.sub(realMean!, fakeMean!)])
    tf.dispose([realMean!, fakeMean!, gp])
    return result
  })
  const [dLoss, gp, wasserstein] = out.dataSync()
  out.dispose()
  return { dLoss, gp, wasserstein }
}

/**
 * One generator update: −mean D(G(z)) (wgan-gp) or the non-saturating BCE; only G's variables change. With
 * train.statsMatching > 0 and the step's real batch, plus that weight times statsGap(what D scores, real) (in the real
 * batch's sds under train.statsInSd; with the
 * instrumentation terms under train.matchInstrumentation; on G's soft output under train.statsOnSoftOutput, sharpened
 * by train.statsSharpness > 0); with train.grooveMatching > 0 and train.polyphonyMatching > 0, plus those weights times
 * grooveGap and polyphonyGap on the same roll; with train.shareMatching > 0, plus that weight times shareGap of G's binary
 * roll (straight through, whatever the critic hears; its MMD under train.shareDistribution). Under train.diffAugment
 * the critic scores G's roll moved as augmentSeed (or augment) draws; the matching terms read it as it is. fixedZ
 * replaces the seeded noise (the PyTorch parity test).
 */
export function generatorStep(
  gan: Gan,
  opt: ExactAdam,
  bs: number,
  cfg: TrainConfig,
  zSeed: number,
  dropSeed: number,
  {
    fixedZ,
    real,
    augmentSeed = 0,
    augment
  }: {
    fixedZ?: tf.Tensor2D
    real?: tf.Tensor4D
    augmentSeed?: number
    augment?: readonly AugmentDraw[]
  } = {}
): number {
  const matching = cfg.statsMatching ?? 0
  const groove = cfg.grooveMatching ?? 0
  const polyphony = cfg.polyphonyMatching ?? 0
  const shares = cfg.shareMatching ?? 0
  if ((matching > 0 || groove > 0 || polyphony > 0 || shares > 0) && !real)
    throw new Error('stats matching needs the real batch')
  const bar = barSteps(rollConfigOf(gan.model))
  const out = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const z =
        fixedZ ?? (tf.randomNormal([bs, gan.model.zDim], 0, 1, 'float32', zSeed) as tf.Tensor2D)
      const out = generator(gan, z, 'train')
      const seen = asCriticSees(out, cfg)
      const score = critic(gan, augmented(seen, gan, cfg, augmentSeed, augment), dropSeed)
      const terms = [cfg.loss === 'gan' ? softplusMean(tf.neg(score)) : tf.neg(tf.mean(score))]
      const sharpness = cfg.statsSharpness ?? 0
      const soft = sharpness > 0 ? sharpen(out, sharpness) : out
      const matched = cfg.statsOnSoftOutput ? soft : seen
      if (matching > 0) {
        const options = { instrumentation: cfg.matchInstrumentation, bar, inSd: cfg.statsInSd }
        terms.push(tf.mul(matching, statsGap(matched, real!, options)))
      }
      if (groove > 0) terms.push(tf.mul(groove, grooveGap(matched, real!, bar)))
      if (polyphony > 0) terms.push(tf.mul(polyphony, polyphonyGap(matched, real!)))
      if (shares > 0) {
        const binary = cfg.straightThrough ? seen : straightThrough(out)
        const gap = shareGap(binary, real!, bar, cfg.shareDistribution, cfg.shareCounts)
        terms.push(tf.mul(shares, gap))
      }
      return tf.addN(terms) as tf.Scalar
    }, varList(gan.g))
    opt.applyGradients(ordered(gan.g, grads))
    return value
  })
  const v = out.dataSync()[0]
  out.dispose()
  return v
}
