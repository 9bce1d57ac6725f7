// Statistics of a roll that the critic's track-stats path reads and stats matching compares (python/model.py
// track_stats, python/steps.py rhythm_stats and stats_gap compute the same): sums and smooth functions only, so the
// gradient is the same in every library.
import { tf } from './tf'

/**
 * roll [B, steps, pitches, tracks] -> [B, tracks + tracks·12]: log1p of each track's cell count, then of its count per
 * pitch class (pitches folded by octave from lowestPitch, a C). The conv path mixes all tracks in its first layer;
 * this shows the critic which tracks play and in which pitch classes. Sums only: the same gradient in every library.
 */
export function trackStats(x: tf.Tensor4D): tf.Tensor2D {
  const [b, , , t] = x.shape
  const perClass = tf.sum(octaveGrid(x, 'track stats'), 1) // [B, 12, tracks]
  const byTrack = tf.transpose(perClass, [0, 2, 1]) // [B, tracks, 12]
  return tf.concat(
    [tf.log1p(tf.sum(byTrack, 2)), tf.reshape(tf.log1p(byTrack), [b, t * 12])],
    1
  ) as tf.Tensor2D
}

/** roll [B, steps, pitches, tracks] -> cells per [B, octave, pitch class, tracks] (pitches from lowestPitch, a C). */
function octaveGrid(x: tf.Tensor4D, what: string): tf.Tensor4D {
  const [b, , p, t] = x.shape
  if (p % 12 !== 0)
    throw new Error(`${what} fold pitches by octave: ${p} pitches is not whole octaves`)
  return tf.reshape(tf.sum(x, 1), [b, p / 12, 12, t])
}

/**
 * Onset counts [B, steps, k] -> [B, k]: log1p(bar × mean squared change between consecutive bars' onset patterns), a
 * step counting as an onset by 1 − exp(−count) (muspy's groove consistency is 1 − the mean absolute change; squared
 * here because |x|'s gradient at 0 is 0 in torch and −1 in tfjs). python groove_change.
 */
function grooveChange(onsets: tf.Tensor3D, bar: number): tf.Tensor2D {
  const [b, s, k] = onsets.shape
  const on = tf.sub(1, tf.exp(tf.neg(onsets)))
  const bars = tf.reshape(on, [b, s / bar, bar, k])
  const n = s / bar - 1
  const change = tf.square(tf.sub(tf.slice(bars, [0, 1], [-1, n]), tf.slice(bars, [0, 0], [-1, n])))
  return tf.log1p(tf.mul(bar, tf.mean(change, [1, 2]))) as tf.Tensor2D
}

/** roll [B, steps, pitches, tracks] -> [B, steps, tracks]: notes starting at each step (the step before was off). */
function onsetCounts(x: tf.Tensor4D): tf.Tensor3D {
  const s = x.shape[1]
  const rest = tf.relu(tf.sub(tf.slice(x, [0, 1], [-1, s - 1]), tf.slice(x, [0, 0], [-1, s - 1])))
  return tf.sum(tf.concat([tf.slice(x, [0, 0], [-1, 1]), rest], 1), 2) as tf.Tensor3D
}

/**
 * roll [B, steps, pitches, tracks] -> the roll one step before, at, one and two steps after each step, silence past
 * either end: what note starts and lengths are read from.
 */
export function stepNeighbours(
  x: tf.Tensor4D
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const s = x.shape[1]
  const xp = tf.pad(x, [
    [0, 0],
    [1, 2],
    [0, 0],
    [0, 0]
  ])
  const at = (k: number) => tf.slice(xp, [0, k], [-1, s]) as tf.Tensor4D
  return [at(0), at(1), at(2), at(3)]
}

/**
 * roll [B, steps, pitches, tracks] -> [B, tracks·(bar + 2) (+ tracks + 1 with two bars or more)]: log1p of each track's
 * onsets at each step of the bar, summed over bars (a cell whose step before it was off starts a note), then of its
 * one-step and two-step notes; then how much each track's onset pattern, and all tracks' together, changes from bar
 * to bar (grooveChange). bar: steps in one bar (barSteps of the run's roll). python/steps.py rhythm_stats.
 */
export function rhythmStats(x: tf.Tensor4D, bar = 16): tf.Tensor2D {
  const [b, s, , t] = x.shape
  if (s % bar !== 0) throw new Error(`rhythm stats need whole bars: ${s} steps, ${bar} to a bar`)
  const onsets = onsetCounts(x)
  const byStep = tf.sum(tf.reshape(onsets, [b, s / bar, bar, t]), 1) // [B, bar, tracks]
  const [prev, cur, nxt, nxt2] = stepNeighbours(x)
  const off = (v: tf.Tensor) => tf.sub(1, v)
  const count = (v: tf.Tensor) => tf.sum(v, [1, 2]) // [B, tracks]
  const one = count(tf.mul(tf.mul(cur, off(prev)), off(nxt)))
  const two = count(tf.mul(tf.mul(tf.mul(cur, nxt), off(prev)), off(nxt2)))
  const stepsOfBar = tf.reshape(tf.transpose(byStep, [0, 2, 1]), [b, t * bar])
  const parts: tf.Tensor[] = [tf.log1p(tf.concat([stepsOfBar, one, two], 1))]
  if (s >= 2 * bar)
    parts.push(grooveChange(onsets, bar), grooveChange(tf.sum(onsets, 2, true) as tf.Tensor3D, bar))
  return tf.concat(parts, 1) as tf.Tensor2D
}

/**
 * train.grooveMatching: the squared gaps between the batch means of how much each track's onset pattern, and all
 * tracks' together, changes from bar to bar (rhythmStats' groove terms on their own weight: inside statsGap their
 * gradient is a few percent of the counts'); 0 for rolls of one bar. python/steps.py groove_gap.
 */
export function grooveGap(fake: tf.Tensor4D, real: tf.Tensor4D, bar = 16): tf.Scalar {
  if (fake.shape[1] < 2 * bar) return tf.mul(tf.sum(fake), 0) as tf.Scalar
  const groove = (x: tf.Tensor4D) => {
    const onsets = onsetCounts(x)
    const all = tf.sum(onsets, 2, true) as tf.Tensor3D
    return tf.concat([grooveChange(onsets, bar), grooveChange(all, bar)], 1)
  }
  return tf.sum(tf.square(tf.sub(tf.mean(groove(fake), 0), tf.mean(groove(real), 0)))) as tf.Scalar
}

/**
 * train.polyphonyMatching: the squared gap between the batch means of the share of steps where two or more non-drum
 * notes sound (polyphony_rate's measure; soft, as 1 − exp(−c)(1 + c) of a step's count c, so a thin step asks for
 * notes). Drums are track 0. python/steps.py polyphony_gap.
 */
export function polyphonyGap(fake: tf.Tensor4D, real: tf.Tensor4D): tf.Scalar {
  const rate = (x: tf.Tensor4D) => {
    const c = tf.sum(tf.slice(x, [0, 0, 0, 1], [-1, -1, -1, -1]), [2, 3]) // [B, steps]
    return tf.mean(tf.sub(1, tf.mul(tf.exp(tf.neg(c)), tf.add(1, c))))
  }
  return tf.square(tf.sub(rate(fake), rate(real))) as tf.Scalar
}

/**
 * roll [B, steps, pitches, tracks] -> [B, tracks·8]: whether each track plays (1 − exp(−cell count), so a stray part
 * of one note already counts 0.63), then log1p of its cells in each octave from lowestPitch (its register: the bass
 * low, the lead high). python/steps.py instrumentation_stats.
 */
export function instrumentationStats(x: tf.Tensor4D): tf.Tensor2D {
  const [b, , p, t] = x.shape
  const octaves = tf.sum(octaveGrid(x, 'instrumentation stats'), 2) // [B, octaves, tracks]
  const byTrack = tf.transpose(octaves, [0, 2, 1]) // [B, tracks, octaves]
  return tf.concat(
    [
      tf.sub(1, tf.exp(tf.neg(tf.sum(byTrack, 2)))),
      tf.reshape(tf.log1p(byTrack), [b, (t * p) / 12])
    ],
    1
  ) as tf.Tensor2D
}

/** train.statsInSd: a feature the real batch never varies in still weighs at most 1 / 0.1². */
const SD_FLOOR = 0.1

/**
 * Feature matching (train.statsMatching): squared gaps between the batch means of every track-stats and rhythm-stats
 * feature (and instrumentation-stats feature with train.matchInstrumentation), plus between the spreads of each
 * track's log note count (a track in some pieces and not in others has a wide spread). bar: steps in one bar. inSd
 * (train.statsInSd): each mean gap in the real batch's sd of that feature (plus SD_FLOOR), as the classifier and
 * Cohen's d read it, so a rare feature the real pieces all share weighs as much as a loud one. python/steps.py
 * stats_gap.
 */
export function statsGap(
  fake: tf.Tensor4D,
  real: tf.Tensor4D,
  {
    instrumentation = false,
    bar = 16,
    inSd = false
  }: { instrumentation?: boolean; bar?: number; inSd?: boolean } = {}
): tf.Scalar {
  const tracks = fake.shape[3]
  const f = trackStats(fake)
  const r = trackStats(real)
  const sd = (x: tf.Tensor2D) => {
    const perTrack = tf.slice(x, [0, 0], [-1, tracks])
    return tf.sqrt(tf.add(tf.mean(tf.square(tf.sub(perTrack, tf.mean(perTrack, 0))), 0), 1e-8))
  }
  const gap = (a: tf.Tensor2D, b: tf.Tensor2D) => {
    const diff = tf.sub(tf.mean(a, 0), tf.mean(b, 0))
    if (!inSd) return tf.sum(tf.square(diff))
    const spread = tf.sqrt(tf.mean(tf.square(tf.sub(b, tf.mean(b, 0))), 0))
    return tf.sum(tf.square(tf.div(diff, tf.add(spread, SD_FLOOR))))
  }
  const terms = [
    gap(f, r),
    tf.sum(tf.square(tf.sub(sd(f), sd(r)))),
    gap(rhythmStats(fake, bar), rhythmStats(real, bar))
  ]
  if (instrumentation) terms.push(gap(instrumentationStats(fake), instrumentationStats(real)))
  return tf.addN(terms) as tf.Scalar
}
