// One critic update and one generator update (WGAN-GP with split tapes, or the BCE baseline), each in one tf.tidy.
import { tf } from './tf'
import type { TrainConfig } from './config'
import type { ExactAdam } from './adam'
import type { Gan } from './models'
import type { ParamSet } from './layers'
import { critic, generator, trackStats } from './models'

/** Seeds of every random draw in one step, derived from the run seed and the step (so a resumed step redraws them). */
export interface StepSeeds {
  z: number
  eps: number
  dropFake: number
  dropReal: number
  dropInterp: number
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
  return { z: s(0), eps: s(1), dropFake: s(2), dropReal: s(3), dropInterp: s(4) }
}

/** Noise given explicitly instead of drawn from the step's seeds (comparisons with another implementation). */
export interface FixedNoise {
  /** G's input for the fake batch, [B, zDim]. */
  z: tf.Tensor2D
  /** Interpolation weights of the gradient penalty, [B, 1, 1, 1]. */
  eps?: tf.Tensor4D
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

/** Straight-through outputs binarise here: the threshold the app and bench:fidelity start from. */
export const BINARY_AT = 0.5

/** The roll as a composer gets it (> 0.5 -> 1, else 0); the gradient passes straight through to G's sigmoid output. */
const straightThrough = tf.customGrad((x) => ({
  value: tf.cast(tf.greater(x as tf.Tensor, BINARY_AT), 'float32'),
  gradFunc: (dy: tf.Tensor) => dy
})) as unknown as (x: tf.Tensor4D) => tf.Tensor4D

/** G's roll as the critic sees it: binarised when the run trains with straight-through outputs (train.straightThrough). */
const asCriticSees = (fake: tf.Tensor4D, cfg: TrainConfig) =>
  cfg.straightThrough ? straightThrough(fake) : fake
const softplusMean = (x: tf.Tensor) => tf.mean(tf.softplus(x))

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
  real: tf.Tensor4D,
  cfg: TrainConfig,
  s: StepSeeds,
  fixed?: FixedNoise
): CriticResult {
  const out = tf.tidy(() => {
    const bs = real.shape[0]
    const z =
      fixed?.z ?? (tf.randomNormal([bs, gan.model.zDim], 0, 1, 'float32', s.z) as tf.Tensor2D)
    const fake = asCriticSees(generator(gan, z, 'train'), cfg)
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

/** Rolls are 4/4 at 4 steps per beat (a model's steps are a multiple of 16). */
const STEPS_PER_BAR = 16

/**
 * Onset counts [B, steps, k] -> [B, k]: log1p(16 × mean squared change between consecutive bars' onset patterns), a
 * step counting as an onset by 1 − exp(−count) (muspy's groove consistency is 1 − the mean absolute change; squared
 * here because |x|'s gradient at 0 is 0 in torch and −1 in tfjs). python groove_change.
 */
function grooveChange(onsets: tf.Tensor3D): tf.Tensor2D {
  const [b, s, k] = onsets.shape
  const on = tf.sub(1, tf.exp(tf.neg(onsets)))
  const bars = tf.reshape(on, [b, s / STEPS_PER_BAR, STEPS_PER_BAR, k])
  const n = s / STEPS_PER_BAR - 1
  const change = tf.square(tf.sub(tf.slice(bars, [0, 1], [-1, n]), tf.slice(bars, [0, 0], [-1, n])))
  return tf.log1p(tf.mul(STEPS_PER_BAR, tf.mean(change, [1, 2]))) as tf.Tensor2D
}

/**
 * roll [B, steps, pitches, tracks] -> [B, tracks·18 (+ tracks + 1 with two bars or more)]: log1p of each track's
 * onsets at each step of the bar, summed over bars (a cell whose step before it was off starts a note), then of its
 * one-step and two-step notes; then how much each track's onset pattern, and all tracks' together, changes from bar
 * to bar (grooveChange). python/steps.py rhythm_stats.
 */
export function rhythmStats(x: tf.Tensor4D): tf.Tensor2D {
  const [b, s, , t] = x.shape
  const rest = tf.relu(tf.sub(tf.slice(x, [0, 1], [-1, s - 1]), tf.slice(x, [0, 0], [-1, s - 1])))
  const onsets = tf.sum(tf.concat([tf.slice(x, [0, 0], [-1, 1]), rest], 1), 2) as tf.Tensor3D // [B, steps, tracks]
  const byStep = tf.sum(tf.reshape(onsets, [b, s / STEPS_PER_BAR, STEPS_PER_BAR, t]), 1) // [B, 16, tracks]
  const xp = tf.pad(x, [
    [0, 0],
    [1, 2],
    [0, 0],
    [0, 0]
  ]) // steps padded with silence: one before, two after
  const at = (k: number) => tf.slice(xp, [0, k], [-1, s])
  const [prev, cur, nxt, nxt2] = [at(0), at(1), at(2), at(3)]
  const off = (v: tf.Tensor) => tf.sub(1, v)
  const count = (v: tf.Tensor) => tf.sum(v, [1, 2]) // [B, tracks]
  const one = count(tf.mul(tf.mul(cur, off(prev)), off(nxt)))
  const two = count(tf.mul(tf.mul(tf.mul(cur, nxt), off(prev)), off(nxt2)))
  const stepsOfBar = tf.reshape(tf.transpose(byStep, [0, 2, 1]), [b, t * STEPS_PER_BAR])
  const parts: tf.Tensor[] = [tf.log1p(tf.concat([stepsOfBar, one, two], 1))]
  if (s >= 2 * STEPS_PER_BAR)
    parts.push(grooveChange(onsets), grooveChange(tf.sum(onsets, 2, true) as tf.Tensor3D))
  return tf.concat(parts, 1) as tf.Tensor2D
}

/**
 * Feature matching (train.statsMatching): squared gaps between the batch means of every track-stats and rhythm-stats
 * feature, plus between the spreads of each track's log note count (a track in some pieces and not in others has a
 * wide spread). python/steps.py stats_gap.
 */
export function statsGap(fake: tf.Tensor4D, real: tf.Tensor4D): tf.Scalar {
  const tracks = fake.shape[3]
  const f = trackStats(fake)
  const r = trackStats(real)
  const sd = (x: tf.Tensor2D) => {
    const perTrack = tf.slice(x, [0, 0], [-1, tracks])
    return tf.sqrt(tf.add(tf.mean(tf.square(tf.sub(perTrack, tf.mean(perTrack, 0))), 0), 1e-8))
  }
  const gap = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.sum(tf.square(tf.sub(tf.mean(a, 0), tf.mean(b, 0))))
  return tf.addN([
    gap(f, r),
    tf.sum(tf.square(tf.sub(sd(f), sd(r)))),
    gap(rhythmStats(fake), rhythmStats(real))
  ]) as tf.Scalar
}

/**
 * One generator update: −mean D(G(z)) (wgan-gp) or the non-saturating BCE; only G's variables change. With
 * train.statsMatching > 0 and the step's real batch, plus that weight times statsGap(what D scores, real).
 */
export function generatorStep(
  gan: Gan,
  opt: ExactAdam,
  bs: number,
  cfg: TrainConfig,
  zSeed: number,
  dropSeed: number,
  fixedZ?: tf.Tensor2D,
  real?: tf.Tensor4D
): number {
  const matching = cfg.statsMatching ?? 0
  if (matching > 0 && !real) throw new Error('stats matching needs the real batch')
  const out = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const z =
        fixedZ ?? (tf.randomNormal([bs, gan.model.zDim], 0, 1, 'float32', zSeed) as tf.Tensor2D)
      const seen = asCriticSees(generator(gan, z, 'train'), cfg)
      const score = critic(gan, seen, dropSeed)
      const loss = cfg.loss === 'gan' ? softplusMean(tf.neg(score)) : tf.neg(tf.mean(score))
      return (matching > 0 ? tf.add(loss, tf.mul(matching, statsGap(seen, real!))) : loss) as tf.Scalar
    }, varList(gan.g))
    opt.applyGradients(ordered(gan.g, grads))
    return value
  })
  const v = out.dataSync()[0]
  out.dispose()
  return v
}
