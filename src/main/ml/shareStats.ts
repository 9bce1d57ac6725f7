// train.shareMatching: the shares a listener hears, read from G's binary roll (python/steps.py share_features and
// share_gap compute the same).
import { stepNeighbours } from './rollStats'
import { tf } from './tf'

/** train.shareMatching: shares vary by a few hundredths across real pieces; this keeps a rare one from weighing 1/0². */
const SHARE_SD_FLOOR = 0.02

/**
 * roll [B, steps, pitches, tracks] (binary) -> [B, 2·bar + 10]: where in the bar non-drum notes start and where drum
 * hits fall, how many non-drum notes last 1, 2 or 3+ steps, the non-drum cells on pitch rows 0-3 mod 4 (the ×4
 * upsampling's artefact), log density, and how many pitches (non-drum) and tracks play (a pitch or track counts
 * 1 − exp(−cells); without `counts`, [B, 2·bar + 8] stops before these two): the shares and counts
 * bench:fidelity's classifier reads. Onsets as x[s]·(1 − x[s−1]),
 * not relu(x[s] − x[s−1]): on a binary roll they are the same, but a silent step after a silent one still gets a
 * gradient, so notes can appear where there are none. Drums are track 0, one hit a cell. Each share's denominator
 * has one note more, so a piece without notes has shares of 0, not 0/0.
 */
export function shareFeatures(x: tf.Tensor4D, bar = 16, counts = true): tf.Tensor2D {
  const [b, s, p, t] = x.shape
  if (s % bar !== 0) throw new Error(`share stats need whole bars: ${s} steps, ${bar} to a bar`)
  if (p % 4 !== 0) throw new Error(`share stats fold pitch rows by 4: ${p} pitches`)
  const tonal = tf.slice(x, [0, 0, 0, 1], [-1, -1, -1, t - 1]) as tf.Tensor4D
  const [prev, cur, nxt, nxt2] = stepNeighbours(tonal)
  const off = (v: tf.Tensor) => tf.sub(1, v)
  const starts = tf.mul(cur, off(prev))
  const onsets = tf.sum(starts, [2, 3]) // [B, steps]
  const total = tf.add(tf.sum(onsets, 1, true), 1) // [B, 1]
  const one = tf.sum(tf.mul(starts, off(nxt)), [1, 2, 3])
  const two = tf.sum(tf.mul(tf.mul(starts, nxt), off(nxt2)), [1, 2, 3])
  const longer = tf.sub(tf.sub(tf.reshape(total, [b]), 1), tf.add(one, two))
  const lengths = tf.div(tf.stack([one, two, longer], 1), total)
  const drums = tf.sum(tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, 1]), [2, 3]) // [B, steps]
  const ofBar = (v: tf.Tensor) => tf.sum(tf.reshape(v, [b, s / bar, bar]), 1)
  const rows = tf.sum(tf.reshape(tf.sum(tonal, [1, 3]), [b, p / 4, 4]), 1) // [B, 4]
  const share = (v: tf.Tensor, of: tf.Tensor) => tf.div(v, tf.add(tf.sum(of, 1, true), 1))
  const played = (cells: tf.Tensor) => tf.sum(tf.sub(1, tf.exp(tf.neg(cells))), 1, true) // [B, 1]
  return tf.concat(
    [
      tf.div(ofBar(onsets), total),
      share(ofBar(drums), drums),
      lengths,
      share(rows, rows),
      tf.reshape(tf.log(tf.add(tf.mean(x, [1, 2, 3]), 1e-4)), [b, 1]),
      ...(counts ? [played(tf.sum(tonal, [1, 3])), played(tf.sum(x, [1, 2]))] : [])
    ],
    1
  ) as tf.Tensor2D
}

/** train.shareDistribution: the Gaussian kernels' widths, in squared distance per feature. */
const MMD_WIDTHS = [0.5, 1, 2]

/**
 * train.shareMatching: squared gaps between the batch means of shareFeatures of G's binary roll (straight through)
 * and the real batch's, each in the real batch's sd (plus SHARE_SD_FLOOR). distribution (train.shareDistribution):
 * instead, the squared maximum mean discrepancy between the two batches' feature vectors in those units (Gaussian
 * kernels, MMD_WIDTHS), so how the features go together in one piece counts, not only their means. counts
 * (train.shareCounts): the features also count the pitches and tracks that play. python/steps.py share_gap.
 */
export function shareGap(
  fake: tf.Tensor4D,
  real: tf.Tensor4D,
  bar = 16,
  distribution = false,
  counts = false
): tf.Scalar {
  const f = shareFeatures(fake, bar, counts)
  const r = shareFeatures(real, bar, counts)
  const mean = tf.mean(r, 0)
  const scale = tf.add(tf.sqrt(tf.mean(tf.square(tf.sub(r, mean)), 0)), SHARE_SD_FLOOR)
  if (!distribution)
    return tf.sum(tf.square(tf.div(tf.sub(tf.mean(f, 0), mean), scale))) as tf.Scalar
  const [fs, rs] = [tf.div(f, scale), tf.div(r, scale)] as tf.Tensor2D[]
  const d = f.shape[1]
  const kernel = (a: tf.Tensor2D, b: tf.Tensor2D) => {
    const sq = tf.sum(tf.square(tf.sub(tf.expandDims(a, 1), tf.expandDims(b, 0))), 2)
    return tf.mean(tf.addN(MMD_WIDTHS.map((w) => tf.exp(tf.div(tf.neg(sq), w * d)))))
  }
  return tf.sub(tf.add(kernel(fs, fs), kernel(rs, rs)), tf.mul(2, kernel(fs, rs))) as tf.Scalar
}
