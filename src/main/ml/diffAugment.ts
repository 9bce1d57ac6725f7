// train.diffAugment (DiffAugment, Zhao et al. 2020): what the critic sees of a roll, real and generated alike, moved
// a little differently each time, so a critic trained on a few hundred pieces cannot learn them by heart.
import { tf } from './tf'
import { mulberry32 } from '../../shared/random'

/** One piece's move: a rotation by whole bars and a shift of its pitched tracks by pitch rows. */
export type AugmentDraw = readonly [bars: number, rows: number]

/** Each piece's bar rotation (0..bars-1) and pitch shift (-maxRows..maxRows), from a seed. */
export function augmentDraws(
  seed: number,
  batch: number,
  bars: number,
  maxRows: number
): AugmentDraw[] {
  const rand = mulberry32(seed)
  return Array.from({ length: batch }, () => {
    const b = Math.floor(rand() * bars)
    return [b, Math.floor(rand() * (2 * maxRows + 1)) - maxRows] as const
  })
}

/** x shifted by `rows` along the pitch axis (2), rows pushed past the edge dropped, new ones empty. */
function shiftPitch(x: tf.Tensor4D, rows: number): tf.Tensor4D {
  const p = x.shape[2]
  if (Math.abs(rows) >= p) return tf.zerosLike(x)
  if (rows > 0)
    return tf.pad(x.slice([0, 0, 0, 0], [-1, -1, p - rows, -1]), [
      [0, 0],
      [0, 0],
      [rows, 0],
      [0, 0]
    ])
  return tf.pad(x.slice([0, 0, -rows, 0], [-1, -1, p + rows, -1]), [
    [0, 0],
    [0, 0],
    [0, -rows],
    [0, 0]
  ])
}

/**
 * A batch [B, steps, pitches, tracks] with piece i rotated by draws[i][0] bars (step t moves to t + bars·bar) and its
 * pitched tracks (all but track 0, drums) shifted up by draws[i][1] rows. Differentiable: G learns through it. python
 * steps.diff_augment.
 */
export function diffAugment(
  x: tf.Tensor4D,
  draws: readonly AugmentDraw[],
  bar: number
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, steps, pitches, tracks] = x.shape
    const pieces = draws.map(([bars, rows], i) => {
      let piece = x.slice([i, 0, 0, 0], [1, steps, pitches, tracks])
      const moved = (bars * bar) % steps
      if (moved > 0)
        piece = tf.concat(
          [
            piece.slice([0, steps - moved, 0, 0], [-1, moved, -1, -1]),
            piece.slice([0, 0, 0, 0], [-1, steps - moved, -1, -1])
          ],
          1
        )
      if (rows !== 0 && tracks > 1) {
        const drums = piece.slice([0, 0, 0, 0], [-1, -1, -1, 1])
        piece = tf.concat(
          [drums, shiftPitch(piece.slice([0, 0, 0, 1], [-1, -1, -1, tracks - 1]), rows)],
          3
        )
      }
      return piece
    })
    return tf.concat(pieces, 0)
  })
}
