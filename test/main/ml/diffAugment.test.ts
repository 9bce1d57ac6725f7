// train.diffAugment: what the critic sees of a piece, moved by whole bars and pitch rows; the engine's move equals
// python/steps.py diff_augment (the roundTrip test's tiny model has one bar, so rotations are checked here).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { augmentDraws, diffAugment, type AugmentDraw } from '../../../src/main/ml/diffAugment'
import { tf } from '../../../src/main/ml/tf'
import { mulberry32 } from '../../../src/shared/random'

const PY = '/usr/bin/python3'
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0

beforeAll(async () => {
  await initBackend('cpu')
})

describe('diffAugment', () => {
  // [pieces, steps (two bars of 4), pitches, tracks]; track 0 is drums.
  const [STEPS, PITCHES, TRACKS] = [8, 6, 3]
  const at = (b: number, s: number, p: number, t: number) =>
    ((b * STEPS + s) * PITCHES + p) * TRACKS + t

  it('rotates whole bars and shifts pitched rows, drums only rotated, rows pushed out dropped', () => {
    const x = new Float32Array(2 * STEPS * PITCHES * TRACKS)
    for (const b of [0, 1]) {
      x[at(b, 1, 2, 0)] = 1 // a drum hit
      x[at(b, 0, 3, 1)] = 1 // a note at step 0, row 3
      x[at(b, 5, 5, 2)] = 1 // a note at step 5, top row
    }
    const draws: AugmentDraw[] = [
      [1, 2],
      [0, -1]
    ]
    const y = tf.tidy(() =>
      diffAugment(tf.tensor4d(x, [2, STEPS, PITCHES, TRACKS]), draws, 4).dataSync()
    )
    expect(y[at(0, 5, 2, 0)]).toBe(1) // the drum hit a bar later, on its own row
    expect(y[at(0, 4, 5, 1)]).toBe(1) // step 0 -> 4, row 3 -> 5
    expect(
      Array.from({ length: STEPS * PITCHES }, (_, k) => y[at(0, 0, 0, 2) + k * TRACKS]).every(
        (v) => v === 0
      )
    ).toBe(true)
    expect(y[at(1, 1, 2, 0)]).toBe(1)
    expect(y[at(1, 0, 2, 1)]).toBe(1) // row 3 -> 2
    expect(y[at(1, 5, 4, 2)]).toBe(1)
    expect(Array.from(y).reduce((a, v) => a + v, 0)).toBe(5) // nothing else appeared
  })

  it('passes the gradient to every cell that stays in the roll and none to those pushed out', () => {
    const x = tf.ones([1, STEPS, PITCHES, TRACKS]) as tf.Tensor4D
    const g = tf
      .grad((v) => tf.sum(diffAugment(v as tf.Tensor4D, [[1, 1]], 4)))(x)
      .dataSync()
    expect(g[at(0, 3, 5, 1)]).toBe(0) // the top row of a pitched track leaves the roll
    expect(g[at(0, 3, 4, 1)]).toBe(1)
    expect(g[at(0, 3, 5, 0)]).toBe(1) // drums keep every row
    x.dispose()
  })

  it('draws a rotation in 0..bars-1 and a shift in -N..N for each piece, the same for the same seed', () => {
    const draws = augmentDraws(7, 400, 4, 2)
    expect(new Set(draws.map(([b]) => b))).toEqual(new Set([0, 1, 2, 3]))
    expect(new Set(draws.map(([, r]) => r))).toEqual(new Set([-2, -1, 0, 1, 2]))
    expect(augmentDraws(7, 400, 4, 2)).toEqual(draws)
    expect(augmentDraws(8, 400, 4, 2)).not.toEqual(draws)
  })

  it.skipIf(!hasTorch)('equals python diff_augment on a random roll, value and gradient', () => {
    const rand = mulberry32(5)
    const x = Float32Array.from({ length: 3 * STEPS * PITCHES * TRACKS }, () => rand())
    const w = Float32Array.from({ length: x.length }, () => rand())
    const draws: AugmentDraw[] = [
      [1, -2],
      [0, 3],
      [1, 0]
    ]
    const shape: [number, number, number, number] = [3, STEPS, PITCHES, TRACKS]
    const [value, grad] = tf.tidy(() => {
      const weights = tf.tensor4d(w, shape)
      const f = (v: tf.Tensor) => tf.sum(tf.mul(diffAugment(v as tf.Tensor4D, draws, 4), weights))
      const input = tf.tensor4d(x, shape)
      return [
        Array.from(diffAugment(input, draws, 4).dataSync()),
        Array.from(tf.grad(f)(input).dataSync())
      ]
    })
    const script = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(resolve('python'))})
from steps import diff_augment
a = json.load(sys.stdin)
nhwc = lambda v: torch.tensor(v, dtype=torch.float32).view(${shape.join(', ')}).permute(0, 3, 1, 2)
x = nhwc(a["x"]).requires_grad_(True)
y = diff_augment(x, torch.tensor(a["draws"]), 4)
(y * nhwc(a["w"])).sum().backward()
print(json.dumps([y.permute(0, 2, 3, 1).flatten().tolist(), x.grad.permute(0, 2, 3, 1).flatten().tolist()]))
`
    const r = spawnSync(PY, ['-c', script], {
      input: JSON.stringify({ x: Array.from(x), w: Array.from(w), draws }),
      encoding: 'utf8'
    })
    expect(r.status, r.stderr).toBe(0)
    const [pyValue, pyGrad] = JSON.parse(r.stdout) as [number[], number[]]
    expect(Math.max(...value.map((v, i) => Math.abs(v - pyValue[i])))).toBeLessThan(1e-6)
    expect(Math.max(...grad.map((v, i) => Math.abs(v - pyGrad[i])))).toBeLessThan(1e-6)
  })
})
