// Stats, groove, polyphony and share matching (train.statsMatching, matchInstrumentation, statsSharpness,
// grooveMatching, polyphonyMatching, shareMatching): the engine's gaps and their gradients equal
// python/steps.py stats_gap on four-bar rolls (the roundTrip test's tiny model has one bar, so the bar-to-bar groove
// terms are checked here); the instrumentation stats read what a composer would call them.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import {
  grooveGap,
  instrumentationStats,
  polyphonyGap,
  rhythmStats,
  statsGap
} from '../../../src/main/ml/rollStats'
import { shareFeatures, shareGap } from '../../../src/main/ml/shareStats'
import { sharpen } from '../../../src/main/ml/steps'
import { tf } from '../../../src/main/ml/tf'
import { mulberry32 } from '../../../src/shared/random'

const PY = '/usr/bin/python3'
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0
const [B, STEPS, PITCHES, TRACKS] = [4, 48, 24, 3] // three bars of 4/4 or four of 3/4
const shape: [number, number, number, number] = [B, STEPS, PITCHES, TRACKS]

/** A binary roll with held notes of random lengths, denser on some tracks. */
function roll(seed: number): Float32Array {
  const rand = mulberry32(seed)
  const x = new Float32Array(B * STEPS * PITCHES * TRACKS)
  for (let b = 0; b < B; b++)
    for (let k = 0; k < 40; k++) {
      const t = Math.floor(rand() * TRACKS)
      const p = Math.floor(rand() * PITCHES)
      const s0 = Math.floor(rand() * STEPS)
      const len = 1 + Math.floor(rand() * 4)
      for (let s = s0; s < Math.min(STEPS, s0 + len); s++)
        x[((b * STEPS + s) * PITCHES + p) * TRACKS + t] = 1
    }
  return x
}

beforeAll(async () => {
  await initBackend('cpu')
})

describe('instrumentation stats', () => {
  it('a track that plays counts (one note already 0.63), a silent one does not; cells land in their octave', () => {
    const x = new Float32Array(STEPS * PITCHES * TRACKS)
    const on = (s: number, p: number, t: number) => (x[(s * PITCHES + p) * TRACKS + t] = 1)
    on(3, 2, 0) // track 0: one cell in the low octave
    for (let s = 0; s < 8; s++) on(s, 12 + 7, 2) // track 2: eight cells in the high octave
    const stats = tf.tidy(() =>
      Array.from(instrumentationStats(tf.tensor4d(x, [1, STEPS, PITCHES, TRACKS])).dataSync())
    )
    expect(stats).toHaveLength(TRACKS * 3) // presence, then two octaves per track
    expect(stats[0]).toBeCloseTo(1 - Math.exp(-1), 5)
    expect(stats[1]).toBe(0)
    expect(stats[2]).toBeCloseTo(1 - Math.exp(-8), 5)
    const octaves = stats.slice(TRACKS)
    expect(octaves).toEqual(
      [Math.log1p(1), 0, 0, 0, 0, Math.log1p(8)].map((v) => expect.closeTo(v, 5))
    )
  })
})

describe('sharpened soft output (train.statsSharpness)', () => {
  it('keeps 0.5 and pushes faint cells to silence and loud ones to notes; K = 1 is the soft output itself', () => {
    const x = tf.tensor4d([0, 0.05, 0.3, 0.5, 0.7, 0.95, 1], [1, 1, 7, 1])
    const [zero, faint, quiet, half, loud, strong, one] = sharpen(x, 3).dataSync()
    expect(half).toBeCloseTo(0.5, 6)
    expect(zero).toBeLessThan(1e-12)
    expect(one).toBeGreaterThan(1 - 1e-6)
    expect(faint).toBeLessThan(2e-4) // 0.05 -> 1.4e-4: a cell this faint no longer adds a note's worth of onsets
    expect(quiet).toBeCloseTo(0.3 ** 3 / (0.3 ** 3 + 0.7 ** 3), 5)
    expect(loud + quiet).toBeCloseTo(1, 5)
    expect(strong).toBeGreaterThan(0.95)
    const same = sharpen(x, 1).dataSync()
    x.dataSync().forEach((v, i) => expect(same[i]).toBeCloseTo(v, 5))
    // Every cell keeps a gradient, unlike the binarised roll's (where equal neighbours pass none).
    const g = tf
      .grad((v) => tf.sum(sharpen(v as tf.Tensor4D, 3)))(x)
      .dataSync()
    for (const i of [1, 2, 3, 4, 5]) expect(g[i]).toBeGreaterThan(1e-3)
  })
})

describe('share features (train.shareMatching)', () => {
  it('read where notes start and drums hit, note lengths, pitch rows mod 4, density, pitches and tracks played as a composer counts them', () => {
    const x = new Float32Array(STEPS * PITCHES * TRACKS)
    const on = (s: number, p: number, t: number) => (x[(s * PITCHES + p) * TRACKS + t] = 1)
    on(1, 5, 1) // a two-step note at step 1 on pitch row 5 (1 mod 4)
    on(2, 5, 1)
    on(20, 8, 2) // a one-step note at step 4 of the second bar, row 8 (0 mod 4)
    for (let s = 32; s < 36; s++) on(s, 3, 1) // a four-step note at step 0 of the third bar, row 3
    on(0, 0, 0) // drum hits at steps 0 and 5 of the first bar, 0 of the second
    on(5, 2, 0)
    on(16, 0, 0)
    const f = tf.tidy(() =>
      Array.from(shareFeatures(tf.tensor4d(x, [1, STEPS, PITCHES, TRACKS]), 16).dataSync())
    )
    expect(f).toHaveLength(2 * 16 + 10)
    const notes = 3 + 1 // three notes; each denominator has one note more
    const onsets = f.slice(0, 16)
    expect(onsets[0]).toBeCloseTo(1 / notes, 6)
    expect(onsets[1]).toBeCloseTo(1 / notes, 6)
    expect(onsets[4]).toBeCloseTo(1 / notes, 6)
    expect(onsets.reduce((a, b) => a + b, 0)).toBeCloseTo(3 / notes, 6)
    const drums = f.slice(16, 32)
    expect(drums[0]).toBeCloseTo(2 / 4, 6)
    expect(drums[5]).toBeCloseTo(1 / 4, 6)
    expect(f.slice(32, 35)).toEqual([1, 1, 1].map((n) => expect.closeTo(n / notes, 6))) // 1, 2 and 3+ steps
    const cells = 2 + 1 + 4 + 1
    expect(f.slice(35, 39)).toEqual([1, 2, 0, 4].map((n) => expect.closeTo(n / cells, 6)))
    expect(f[39]).toBeCloseTo(Math.log((7 + 3) / (STEPS * PITCHES * TRACKS) + 1e-4), 5)
    const played = (n: number) => 1 - Math.exp(-n)
    expect(f[40]).toBeCloseTo(played(2) + played(1) + played(4), 5) // pitches 5, 8 and 3
    expect(f[41]).toBeCloseTo(played(3) + played(6) + played(1), 5) // drums, track 1, track 2
    // Without the counts (share matching's default; train.shareCounts adds them) the same features stop at density.
    const shares = tf.tidy(() =>
      Array.from(shareFeatures(tf.tensor4d(x, [1, STEPS, PITCHES, TRACKS]), 16, false).dataSync())
    )
    expect(shares).toEqual(f.slice(0, 2 * 16 + 8))
  })

  it('a silent step after a silent one still asks for a note (unlike a relu onset)', () => {
    const x = tf.zeros([1, STEPS, PITCHES, TRACKS]) as tf.Tensor4D
    const onsetAt3 = (v: tf.Tensor) =>
      tf.slice(shareFeatures(v as tf.Tensor4D, 16), [0, 3], [1, 1]).sum()
    const g = tf.grad(onsetAt3)(x)
    const at = (s: number, p: number, t: number) => g.dataSync()[(s * PITCHES + p) * TRACKS + t]
    expect(at(3, 7, 1)).toBeGreaterThan(0.5) // a note at step 3 of any bar raises the step-3 share
    expect(at(19, 7, 2)).toBeGreaterThan(0.5)
    expect(at(3, 7, 0)).toBe(0) // drums have their own shares
    tf.dispose([x, g])
  })
})

describe('rhythm stats', () => {
  it("count bars by the roll's own bar length and refuse steps that are not whole bars", () => {
    const x = tf.zeros([1, STEPS, PITCHES, TRACKS]) as tf.Tensor4D
    expect(tf.tidy(() => rhythmStats(x, 12).shape[1])).toBe(TRACKS * 14 + TRACKS + 1)
    expect(() => rhythmStats(x, 32)).toThrow(/whole bars: 48 steps, 32 to a bar/)
    x.dispose()
  })
})

/** Value and gradient (NHWC, flat) of a gap between a generated and a real roll, in the engine and in python. */
function bothSides(
  fake: Float32Array,
  real: Float32Array,
  mine: (f: tf.Tensor4D, r: tf.Tensor4D) => tf.Scalar,
  theirs: string
): number {
  const engine = tf.tidy(() => {
    const r = tf.tensor4d(real, shape)
    const g = tf.valueAndGrad((x: tf.Tensor) => mine(x as tf.Tensor4D, r))(tf.tensor4d(fake, shape))
    return { value: g.value.dataSync()[0], grads: g.grad.dataSync() }
  })
  const code = [
    'import sys, json, torch',
    `sys.path.insert(0, ${JSON.stringify(resolve('python'))})`,
    'from steps import groove_gap, polyphony_gap, share_gap, sharpen, stats_gap',
    'd = json.load(sys.stdin)',
    `t = lambda k: torch.tensor(d[k], dtype=torch.float32).reshape(${shape.join(', ')}).permute(0, 3, 1, 2).contiguous()`,
    "fake = t('fake').requires_grad_(True)",
    "real = t('real')",
    `gap = ${theirs}`,
    'gap.backward()',
    'print(json.dumps({"gap": gap.item(), "grad": fake.grad.permute(0, 2, 3, 1).flatten().tolist()}))'
  ].join('\n')
  const p = spawnSync(PY, ['-c', code], {
    input: JSON.stringify({ fake: Array.from(fake), real: Array.from(real) }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  expect(p.status, p.stderr).toBe(0)
  const python = JSON.parse(p.stdout) as { gap: number; grad: number[] }
  expect(Math.abs(python.gap - engine.value) / engine.value).toBeLessThan(1e-5)
  let worst = 0
  let scale = 0
  for (let i = 0; i < engine.grads.length; i++) {
    worst = Math.max(worst, Math.abs(engine.grads[i] - python.grad[i]))
    scale = Math.max(scale, Math.abs(python.grad[i]))
  }
  expect(scale).toBeGreaterThan(0)
  expect(worst / scale).toBeLessThan(1e-4)
  return engine.value
}

/** A soft roll like G's: mostly faint cells, the binary roll's notes loud. */
function softRoll(seed: number): Float32Array {
  const rand = mulberry32(seed + 100)
  return roll(seed).map((v) => (v ? 0.6 + 0.4 * rand() : 0.3 * rand() ** 4))
}

describe.runIf(hasTorch)('stats and groove matching against python/steps.py', () => {
  it.each([
    { instrumentation: false, bar: 16, inSd: false },
    { instrumentation: true, bar: 16, inSd: false },
    { instrumentation: true, bar: 12, inSd: false },
    { instrumentation: true, bar: 16, inSd: true }
  ])(
    'the same gap and the same gradient (instrumentation $instrumentation, $bar steps a bar, in sds $inSd)',
    ({ instrumentation, bar, inSd }) => {
      const features = tf.tidy(() => rhythmStats(tf.tensor4d(roll(1), shape), bar).shape[1])
      expect(features).toBe(TRACKS * (bar + 2) + TRACKS + 1) // several bars: the groove terms are there
      const py = (b: boolean) => (b ? 'True' : 'False')
      const python = `stats_gap(fake, real, ${py(instrumentation)}, ${bar}, ${py(inSd)})`
      const options = { instrumentation, bar, inSd }
      bothSides(roll(1), roll(2), (f, r) => statsGap(f, r, options), python)
    },
    60_000
  )

  it.each([16, 12])('the same share gap and gradient (%i steps a bar)', (bar) => {
    const gap = bothSides(
      roll(9),
      roll(10),
      (f, r) => shareGap(f, r, bar),
      `share_gap(fake, real, ${bar})`
    )
    expect(gap).toBeGreaterThan(0)
  })

  it('the same share gap and gradient with the counts of pitches and tracks (train.shareCounts)', () => {
    const withCounts = bothSides(
      roll(9),
      roll(10),
      (f, r) => shareGap(f, r, 16, false, true),
      'share_gap(fake, real, 16, False, True)'
    )
    const without = tf.tidy(() =>
      shareGap(tf.tensor4d(roll(9), shape), tf.tensor4d(roll(10), shape)).arraySync()
    )
    expect(withCounts).toBeGreaterThan(without)
  })

  it('the same share distribution gap (MMD) and gradient (train.shareDistribution)', () => {
    const gap = bothSides(
      roll(11),
      roll(12),
      (f, r) => shareGap(f, r, 16, true),
      'share_gap(fake, real, 16, True)'
    )
    expect(gap).toBeGreaterThan(0)
  })

  it.each([16, 12])('the same groove gap and gradient (%i steps a bar)', (bar) => {
    const gap = bothSides(
      roll(3),
      roll(4),
      (f, r) => grooveGap(f, r, bar),
      `groove_gap(fake, real, ${bar})`
    )
    expect(gap).toBeGreaterThan(0)
  })

  it('the same groove gap and gradient on a sharpened soft roll (what train.grooveMatching reads)', () => {
    const gap = bothSides(
      softRoll(5),
      roll(6),
      (f, r) => grooveGap(sharpen(f, 3), r, 16),
      'groove_gap(sharpen(fake, 3), real, 16)'
    )
    expect(gap).toBeGreaterThan(0)
  })

  it('the same polyphony gap and gradient on a sharpened soft roll (train.polyphonyMatching)', () => {
    const gap = bothSides(
      softRoll(7),
      roll(8),
      (f, r) => polyphonyGap(sharpen(f, 3), r),
      'polyphony_gap(sharpen(fake, 3), real)'
    )
    expect(gap).toBeGreaterThan(0)
  })

  it('is 0 for a roll of one bar (nothing to compare it with)', () => {
    const one = tf.zeros([1, 16, PITCHES, TRACKS]) as tf.Tensor4D
    expect(grooveGap(one, one, 16).dataSync()[0]).toBe(0)
    one.dispose()
  })
})
