import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig, type CriticNorm } from '../../../src/main/ml/config'
import {
  buildGan,
  critic,
  disposeGan,
  firstLayer,
  generator,
  paramCounts
} from '../../../src/main/ml/models'
import { trackStats } from '../../../src/main/ml/rollStats'
import { rhythmStats } from '../../../src/main/ml/rollStats'
import { tf } from '../../../src/main/ml/tf'

beforeAll(async () => {
  await initBackend('wasm')
})

describe('models (docs/model.md)', () => {
  it('paper preset has the anchor parameter counts and shapes', () => {
    const c = presetConfig('paper')
    const gan = buildGan(c.model, 1)
    const counts = paramCounts(gan)
    console.log('paper parameter counts', counts)
    expect(counts).toEqual({ generator: 7_747_330, critic: 2_300_674 })
    const [x, y] = tf.tidy(() => {
      const out = generator(gan, tf.randomNormal([1, 128]) as tf.Tensor2D, 'eval')
      return [out, critic(gan, out, null)]
    })
    expect(x.shape).toEqual([1, 64, 84, 17])
    expect(y.shape).toEqual([1, 1])
    tf.dispose([x, y])
    disposeGan(gan)
  })

  it('every CPU preset has the layer-norm critic; only paper keeps batch norm', () => {
    expect(presetConfig('small').model.criticNorm).toBe('layer')
    expect(presetConfig('improved').model.criticNorm).toBe('layer')
    expect(presetConfig('paper').model.criticNorm).toBe('batch')
  })

  it('small preset divides channels by 4 and critic norms change only the norm parameters', () => {
    const counts = (norm: CriticNorm) => {
      const c = presetConfig('small')
      c.model.criticNorm = norm
      const gan = buildGan(c.model, 1)
      const n = paramCounts(gan)
      disposeGan(gan)
      return n
    }
    const batch = counts('batch')
    console.log('small parameter counts', batch)
    expect(batch.generator).toBeLessThan(7_747_330 / 4)
    expect(counts('layer')).toEqual(batch)
    // four normalised critic layers of 16, 32, 64, 128 channels lose gamma and beta
    expect(counts('none').critic).toBe(batch.critic - 2 * (16 + 32 + 64 + 128))
  })

  it('track stats: the note count of each track, then its count per pitch class, folded by octave', () => {
    const [b, steps, pitches, tracks] = [2, 4, 24, 3]
    const roll = new Float32Array(b * steps * pitches * tracks)
    const on = (n: number, s: number, p: number, t: number) =>
      (roll[((n * steps + s) * pitches + p) * tracks + t] = 1)
    on(0, 0, 0, 1) // piece 0, track 1: C (row 0) at two steps, and C an octave up (row 12)
    on(0, 3, 0, 1)
    on(0, 1, 12, 1)
    on(1, 2, 7, 2) // piece 1, track 2: one G
    const stats = tf.tidy(() => trackStats(tf.tensor4d(roll, [b, steps, pitches, tracks])))
    expect(stats.shape).toEqual([b, tracks * 13])
    const v = Array.from(stats.dataSync())
    stats.dispose()
    const row = (n: number) => v.slice(n * tracks * 13, (n + 1) * tracks * 13)
    const expected = (counts: number[], byClass: [number, number, number][]) => {
      const out = new Array(tracks * 13).fill(0)
      counts.forEach((c, t) => (out[t] = Math.log1p(c)))
      for (const [t, pc, c] of byClass) out[tracks + t * 12 + pc] = Math.log1p(c)
      return out
    }
    row(0).forEach((x, i) => expect(x).toBeCloseTo(expected([0, 3, 0], [[1, 0, 3]])[i], 6))
    row(1).forEach((x, i) => expect(x).toBeCloseTo(expected([0, 0, 1], [[2, 7, 1]])[i], 6))
  })

  it('rhythm stats: onsets per step of the bar, one-step and two-step notes, bar-to-bar groove change', () => {
    const [b, steps, pitches, tracks] = [1, 32, 12, 2]
    const roll = new Float32Array(b * steps * pitches * tracks)
    const on = (s: number, p: number, t: number) => (roll[(s * pitches + p) * tracks + t] = 1)
    for (const s of [0, 1, 2]) on(s, 4, 1) // one note held over steps 0-2 of bar 1: one onset at step 0
    on(16, 4, 1) // bar 2, step 0
    on(16 + 5, 7, 1) // bar 2, step 5
    on(3, 0, 0) // track 0, step 3
    on(24, 2, 1) // bar 2, step 8: a two-step note
    on(25, 2, 1)
    const x = tf.tidy(() => rhythmStats(tf.tensor4d(roll, [b, steps, pitches, tracks])))
    const v = Array.from(x.dataSync())
    x.dispose()
    const expected = new Array(tracks * 18 + tracks + 1).fill(0)
    expected[3] = Math.log1p(1)
    expected[16 + 0] = Math.log1p(2)
    expected[16 + 5] = Math.log1p(1)
    expected[16 + 8] = Math.log1p(1)
    expected[32] = Math.log1p(1) // one-step notes: track 0's hit
    expected[33] = Math.log1p(2) // track 1: steps 16 and 21
    expected[35] = Math.log1p(1) // two-step notes: track 1's at step 24
    // Bar-to-bar squared change of each track's onset pattern (an onset step counts 1 - e^-1), then of all tracks.
    const hit = 1 - Math.exp(-1)
    expected[36] = Math.log1p(hit ** 2) // track 0: step 3 in bar 1 only
    expected[37] = Math.log1p(2 * hit ** 2) // track 1: step 0 in both bars; steps 5 and 8 in bar 2 only
    expected[38] = Math.log1p(3 * hit ** 2) // together: steps 3, 5 and 8 differ
    v.forEach((y, i) => expect(y).toBeCloseTo(expected[i], 6))
  })

  it('a critic with track stats starts scoring as the same critic without them (the branch starts at zero)', () => {
    const m = presetConfig('test').model
    const plain = buildGan(m, 5)
    const grown = buildGan({ ...m, criticTrackStats: true }, 5)
    expect(paramCounts(grown).critic - paramCounts(plain).critic).toBe(
      m.tracks * 13 * 32 + 32 + 32 + 32 + 1
    )
    const [a, c] = tf.tidy(() => {
      const x = tf.randomUniform(
        [3, m.steps, m.pitches, m.tracks],
        0,
        1,
        'float32',
        9
      ) as tf.Tensor4D
      return [critic(plain, x, null), critic(grown, x, null)]
    })
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()))
    tf.dispose([a, c])
    disposeGan(plain)
    disposeGan(grown)
    expect(() => buildGan({ ...m, pitches: 8, criticTrackStats: true }, 1)).toThrow(
      /multiple of 12/
    )
  })

  it('a critic with the share branch starts scoring as without it, then scores what the shares tell apart', () => {
    const m = presetConfig('test').model
    const plain = buildGan(m, 5)
    const grown = buildGan({ ...m, criticShares: true }, 5)
    const bar = 16 // the test preset's roll: 4/4 at 4 steps a beat
    expect(paramCounts(grown).critic - paramCounts(plain).critic).toBe(
      (2 * bar + 10) * 32 + 32 + 32 + 32 + 1
    )
    const x = tf.randomUniform([3, m.steps, m.pitches, m.tracks], 0, 1, 'float32', 9) as tf.Tensor4D
    const [a, c] = [critic(plain, x, null), critic(grown, x, null)]
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()))
    // With its last layer moved, the branch adds its own score gap between a held note and the same pitch struck.
    grown.d.get('shares/w2').assign(tf.ones([32, 1]))
    const held = tf.tidy(() =>
      tf.tile(tf.oneHot([0], m.pitches).toFloat().reshape([1, 1, m.pitches, 1]), [
        1,
        m.steps,
        1,
        m.tracks
      ])
    )
    const struck = tf.tidy(() =>
      tf.mul(held, tf.tile(tf.tensor([1, 0], [1, 2, 1, 1]), [1, m.steps / 2, 1, 1]))
    )
    const gap = (gan: typeof grown) =>
      tf.tidy(
        () =>
          tf
            .sub(critic(gan, held as tf.Tensor4D, null), critic(gan, struck as tf.Tensor4D, null))
            .dataSync()[0]
      )
    expect(Math.abs(gap(grown) - gap(plain))).toBeGreaterThan(1e-3)
    tf.dispose([x, a, c, held, struck])
    disposeGan(plain)
    disposeGan(grown)
    const waltz = {
      ...m,
      roll: {
        stepsPerBeat: 4,
        bars: 1,
        beatsPerBar: 3,
        lowestPitch: 60,
        pitchCount: 12,
        drums: 'onset' as const
      }
    }
    expect(() => buildGan({ ...waltz, criticShares: true }, 1)).toThrow(/whole bars/)
  })

  it('a generator with the track gate plays as without it until the gate moves; the gate turns a track off', () => {
    const m = presetConfig('test').model
    const plain = buildGan(m, 5, false)
    const gated = buildGan({ ...m, generatorTrackGate: true }, 5, false)
    const z = tf.randomNormal([2, m.zDim], 0, 1, 'float32', 3) as tf.Tensor2D
    const [a, b] = tf.tidy(() => [generator(plain, z, 'eval'), generator(gated, z, 'eval')])
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()))
    const off = new Float32Array(m.tracks)
    off[1] = -50 // track 1's bias: far below the threshold for every z
    gated.g.get('gate/b').assign(tf.tensor1d(off))
    const c = tf.tidy(() => generator(gated, z, 'eval'))
    const roll = c.arraySync() as number[][][][]
    const maxOf = (t: number) =>
      Math.max(...roll.flat(2).map((cell) => (cell as unknown as number[])[t]))
    expect(maxOf(1)).toBeLessThan(1e-6)
    expect(maxOf(0)).toBeGreaterThan(0.1)
    tf.dispose([z, a, b, c])
    disposeGan(plain)
    disposeGan(gated)
  })

  it('is deterministic per seed and G outputs lie in (0, 1)', () => {
    const c = presetConfig('test')
    const run = (seed: number) => {
      const gan = buildGan(c.model, seed)
      const out = tf.tidy(() =>
        generator(gan, tf.randomNormal([2, 8], 0, 1, 'float32', 5) as tf.Tensor2D, 'eval')
      )
      const v = out.dataSync().slice()
      out.dispose()
      disposeGan(gan)
      return v
    }
    const a = run(1)
    expect(run(1)).toEqual(a)
    expect(run(2)).not.toEqual(a)
    expect(a.every((v) => v > 0 && v < 1)).toBe(true)
  })

  it('train mode moves the running statistics, eval mode does not', () => {
    const c = presetConfig('test')
    const gan = buildGan(c.model, 1)
    const stats = () => gan.gStats.get('l0/mean').dataSync().slice()
    const before = stats()
    tf.tidy(() =>
      generator(gan, tf.randomNormal([4, 8], 0, 1, 'float32', 1) as tf.Tensor2D, 'eval')
    )
    expect(stats()).toEqual(before)
    tf.tidy(() =>
      generator(gan, tf.randomNormal([4, 8], 0, 1, 'float32', 1) as tf.Tensor2D, 'train')
    )
    expect(stats()).not.toEqual(before)
    disposeGan(gan)
  })

  it('critic with batch norm: a batch scored alone differs from the same batch scored with others', () => {
    const c = presetConfig('test')
    const gan = buildGan(c.model, 1)
    const [alone, mixed] = tf.tidy(() => {
      const a = tf.randomUniform([2, 16, 12, 17], 0, 1, 'float32', 1) as tf.Tensor4D
      const b = tf.randomUniform([2, 16, 12, 17], 0, 1, 'float32', 2) as tf.Tensor4D
      const both = critic(gan, tf.concat([a, b]) as tf.Tensor4D, null)
      return [critic(gan, a, null).dataSync(), both.slice([0, 0], [2, 1]).dataSync()]
    })
    expect(Array.from(alone)).not.toEqual(Array.from(mixed))
    disposeGan(gan)
  })
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: the first layer as a matmul equals the valid transposed conv from 1x1`, async () => {
      await tf.setBackend(backend)
      const [a, b] = tf.tidy(() => {
        const z = tf.randomNormal([3, 6], 0, 1, 'float32', 1) as tf.Tensor2D
        const w = tf.randomNormal([4, 5, 7, 6], 0, 1, 'float32', 2) as tf.Tensor4D
        const conv = tf.conv2dTranspose(
          tf.reshape(z, [3, 1, 1, 6]) as tf.Tensor4D,
          w,
          [3, 4, 5, 7],
          1,
          'valid'
        )
        return [firstLayer(z, w).dataSync(), conv.dataSync()]
      })
      expect(a.length).toBe(b.length)
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4)
      await tf.setBackend('wasm')
    })
  }
})
