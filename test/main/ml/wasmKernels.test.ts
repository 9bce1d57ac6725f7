import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { tf } from '../../../src/main/ml/tf'
import { derivedFilterCount } from '../../../src/main/ml/filterCache'
import { matMulKernels, type KernelFn } from '../../../src/main/ml/wasmMatMul'

type Case = { name: string; run: () => tf.Tensor }

// Each case runs once on wasm (with the engine's kernels) and once on the cpu backend, from the same seeded inputs.
async function onBoth(run: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend('wasm')
  const w = tf.tidy(run)
  const a = (await w.data()) as Float32Array
  w.dispose()
  await tf.setBackend('cpu')
  const c = tf.tidy(run)
  const b = (await c.data()) as Float32Array
  c.dispose()
  return [a, b]
}

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed)

function convCase(xs: number[], fs: number[], s: [number, number], pad: 'same' | 'valid'): Case[] {
  const tag = `x${xs} f${fs} s${s} ${pad}`
  const x = () => rn(xs, 1) as tf.Tensor4D
  const f = () => rn(fs, 2) as tf.Tensor4D
  const loss = (xx: tf.Tensor4D, ff: tf.Tensor4D) =>
    tf.sum(tf.mul(tf.conv2d(xx, ff, s, pad), tf.sin(tf.conv2d(xx, ff, s, pad))))
  return [
    {
      name: `Conv2DBackpropFilter ${tag}`,
      run: () => tf.grad((ff) => loss(x(), ff as tf.Tensor4D))(f())
    },
    {
      name: `Conv2DBackpropInput ${tag}`,
      run: () => tf.grad((xx) => loss(xx as tf.Tensor4D, f()))(x())
    }
  ]
}

const CASES: Case[] = [
  ...convCase([2, 8, 10, 3], [4, 4, 3, 5], [2, 2], 'same'),
  ...convCase([2, 8, 10, 3], [4, 3, 3, 5], [2, 1], 'same'),
  ...convCase([1, 9, 7, 2], [3, 3, 2, 4], [1, 1], 'same'),
  ...convCase([2, 9, 8, 2], [3, 2, 2, 3], [2, 2], 'valid'),
  {
    name: 'conv2dTranspose (4,21) valid from 1x1',
    run: () =>
      tf.conv2dTranspose(
        rn([2, 1, 1, 6], 3) as tf.Tensor4D,
        rn([4, 21, 5, 6], 4) as tf.Tensor4D,
        [2, 4, 21, 5],
        1,
        'valid'
      )
  },
  {
    name: 'conv2dTranspose 4x4 s2 same',
    run: () =>
      tf.conv2dTranspose(
        rn([2, 4, 6, 6], 3) as tf.Tensor4D,
        rn([4, 4, 5, 6], 4) as tf.Tensor4D,
        [2, 8, 12, 5],
        2,
        'same'
      )
  },
  { name: 'BatchMatMul batched', run: () => tf.matMul(rn([3, 5, 7], 5), rn([3, 7, 4], 6)) },
  {
    name: 'BatchMatMul transposeA',
    run: () => tf.matMul(rn([3, 7, 5], 5), rn([3, 7, 4], 6), true)
  },
  {
    name: 'BatchMatMul transposeB',
    run: () => tf.matMul(rn([3, 5, 7], 5), rn([3, 4, 7], 6), false, true)
  },
  {
    name: 'BatchMatMul both transposed',
    run: () => tf.matMul(rn([2, 7, 5], 5), rn([2, 4, 7], 6), true, true)
  },
  { name: 'BatchMatMul shared b', run: () => tf.matMul(rn([3, 5, 7], 5), rn([1, 7, 4], 6)) },
  { name: 'BatchMatMul shared a', run: () => tf.matMul(rn([1, 5, 7], 5), rn([3, 7, 4], 6)) },
  { name: 'BatchMatMul 2-D', run: () => tf.matMul(rn([5, 7], 5), rn([4, 7], 6), false, true) },
  { name: 'BatchMatMul rank 4', run: () => tf.matMul(rn([2, 2, 5, 7], 5), rn([2, 2, 7, 3], 6)) },
  {
    name: 'BatchMatMul gradients (attention)',
    run: () => {
      const q = rn([2, 6, 3], 7)
      const k = rn([2, 6, 3], 8)
      return tf.grad((qq: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(tf.softmax(tf.matMul(qq, k, false, true)), k)))
      )(q)
    }
  },
  // transposeA with a large [N, N] a (attention's backward), and the cases where the swapped form (op(b)ᵀ·op(a)ᵀ)ᵀ is taken
  {
    name: 'BatchMatMul transposeA, large a (Aᵀ·dy)',
    run: () => tf.matMul(rn([2, 9, 9], 5), rn([2, 9, 3], 6), true)
  },
  {
    name: 'BatchMatMul transposeA, large shared a',
    run: () => tf.matMul(rn([1, 9, 9], 5), rn([3, 9, 2], 6), true)
  },
  {
    name: 'BatchMatMul transposeB, large b: swapped',
    run: () => tf.matMul(rn([2, 3, 4], 5), rn([2, 50, 4], 6), false, true)
  },
  {
    name: 'BatchMatMul transposeB, shared a, large b: swapped',
    run: () => tf.matMul(rn([1, 3, 4], 5), rn([3, 50, 4], 6), false, true)
  },
  {
    name: 'BatchMatMul both transposed, swapped',
    run: () => tf.matMul(rn([2, 9, 3], 5), rn([2, 2, 9], 6), true, true)
  },
  {
    name: 'BatchMatMul gradients (attention, N > C)',
    run: () => {
      const x = rn([2, 12, 4], 7)
      const wq = rn([4, 2], 8)
      const f = (xx: tf.Tensor) => {
        const q = tf.matMul(xx, tf.tile(tf.expandDims(wq, 0), [2, 1, 1]))
        return tf.matMul(tf.softmax(tf.matMul(q, q, false, true)), xx)
      }
      return tf.grad((xx: tf.Tensor) => tf.sum(tf.square(f(xx))))(x)
    }
  },
  { name: 'Sum over leading axes', run: () => tf.sum(rn([3, 4, 5, 6], 10), [0, 1, 2]) },
  { name: 'Sum over leading axes, kept', run: () => tf.sum(rn([3, 4, 5, 6], 10), [0, 1], true) },
  { name: 'Sum over the first axis', run: () => tf.sum(rn([7, 5], 10), 0) },
  { name: 'Sum over many leading rows', run: () => tf.sum(rn([40, 30, 20, 3], 10), [0, 1, 2]) },
  { name: 'Sum over leading axes, one row', run: () => tf.sum(rn([1, 5, 3], 10), [0]) },
  { name: 'Sum over inner axes (original kernel)', run: () => tf.sum(rn([3, 4, 5], 10), [1, 2]) },
  { name: 'Sum over all axes (original kernel)', run: () => tf.sum(rn([3, 4, 5], 10)) },
  {
    name: 'Mean over leading axes, kept',
    run: () => tf.mean(rn([3, 4, 5, 6], 11), [0, 1, 2], true)
  },
  {
    name: 'moments over batch and space',
    run: () => tf.moments(rn([4, 3, 5, 6], 12), [0, 1, 2]).variance
  },
  { name: 'Identity (shared data)', run: () => tf.add(tf.clone(rn([4, 4], 9)), 1) },
  {
    name: 'Cast to its own dtype (shared data)',
    run: () => tf.add(tf.cast(rn([4, 4], 9), 'float32'), 1)
  },
  {
    name: 'Cast bool to float32 (original kernel)',
    run: () => tf.cast(tf.greater(rn([4, 4], 9), 0), 'float32')
  },
  {
    name: 'relu gradient and its gradient (casts its mask)',
    run: () =>
      tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(x, tf.grad((y: tf.Tensor) => tf.sum(tf.square(tf.relu(y))))(x)))
      )(rn([3, 5], 13))
  }
]

describe('wasm kernels equal the cpu backend', () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })
  for (const c of CASES) {
    it(c.name, async () => {
      const [w, cpu] = await onBoth(c.run)
      expect(w.length).toBe(cpu.length)
      let maxAbs = 0
      let maxDiff = 0
      for (let i = 0; i < w.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(cpu[i]))
        maxDiff = Math.max(maxDiff, Math.abs(w[i] - cpu[i]))
      }
      expect(maxAbs).toBeGreaterThan(0)
      expect(maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs))
    })
  }
  it('the convolution form of BatchMatMul (used with threads) equals cpu in every BatchMatMul case', async () => {
    await tf.setBackend('wasm')
    const k = (n: string) => tf.getKernel(n, 'wasm')!.kernelFunc as unknown as KernelFn
    const conv = matMulKernels({
      conv2d: k('Conv2D'),
      transpose: k('Transpose'),
      reshape: k('Reshape'),
      sum: k('Sum'),
      mean: k('Mean'),
      avgPool: k('AvgPool')
    }).BatchMatMul
    const fc = tf.getKernel('BatchMatMul', 'wasm')!
    const swap = (f: unknown) => {
      tf.unregisterKernel('BatchMatMul', 'wasm')
      tf.registerKernel({ ...fc, kernelFunc: f as tf.KernelFunc })
    }
    swap(conv)
    try {
      for (const c of CASES.filter((x) => x.name.startsWith('BatchMatMul'))) {
        const [w, cpu] = await onBoth(c.run)
        await tf.setBackend('wasm')
        const maxAbs = Math.max(...Array.from(cpu, Math.abs))
        const maxDiff = Math.max(...Array.from(w, (v, i) => Math.abs(v - cpu[i])))
        expect(maxDiff, c.name).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs))
      }
    } finally {
      swap(fc.kernelFunc)
    }
  })
  it('derived filters are reused while the weight lives, follow assign, and go when it is disposed', async () => {
    // cpu expectations first, for the weight and for the weight after assign(w · −1.5)
    const ops = (w: tf.Tensor4D, dy: tf.Tensor4D) => [
      tf.conv2dTranspose(dy, w, [2, 8, 12, 5], 2, 'same'),
      tf.conv2dTranspose(dy, w, [2, 4, 6, 5], 1, 'same')
    ]
    const run = (scale: number) => {
      const out = tf.tidy(() =>
        ops(tf.mul(rn([4, 4, 5, 6], 4), scale) as tf.Tensor4D, rn([2, 4, 6, 6], 3) as tf.Tensor4D)
      )
      const v = out.map((t) => t.dataSync().slice())
      tf.dispose(out)
      return v
    }
    await tf.setBackend('cpu')
    const want = [run(1), run(-1.5)]
    await tf.setBackend('wasm')
    const init = rn([4, 4, 5, 6], 4)
    const w = tf.variable(init)
    init.dispose()
    const dy = rn([2, 4, 6, 6], 3) as tf.Tensor4D
    for (const [round, expected] of want.entries()) {
      for (let call = 0; call < 2; call++) {
        const out = ops(w as tf.Variable as unknown as tf.Tensor4D, dy)
        out.forEach((t, i) => {
          const got = t.dataSync()
          const diff = Math.max(...Array.from(got, (v, j) => Math.abs(v - expected[i][j])))
          expect(diff, `round ${round} call ${call} op ${i}`).toBeLessThan(1e-4)
        })
        tf.dispose(out)
      }
      expect(derivedFilterCount()).toBe(5) // 4 phases at stride 2x2 + 1 flipped filter, of this weight only
      tf.tidy(() => w.assign(tf.mul(w, -1.5)))
    }
    w.dispose()
    tf.tidy(() =>
      tf.conv2dTranspose(dy, rn([3, 3, 5, 6], 9) as tf.Tensor4D, [2, 4, 6, 5], 1, 'same')
    )
    dy.dispose()
    // the disposed weight's filters are gone; the last call's own filter stays until the next sweep
    expect(derivedFilterCount()).toBe(1)
  })
  it('x·Wᵀ with a variable W keeps W transposed while it lives and follows assign', async () => {
    const x = () => rn([3, 7], 5) as tf.Tensor2D
    const want = async (scale: number) => {
      await tf.setBackend('cpu')
      const t = tf.tidy(() => tf.matMul(x(), tf.mul(rn([6, 7], 6), scale), false, true))
      const v = t.dataSync().slice()
      t.dispose()
      await tf.setBackend('wasm')
      return v
    }
    const expected = [await want(1), await want(-1.5)]
    const init = rn([6, 7], 6)
    const w = tf.variable(init)
    init.dispose()
    for (const e of expected) {
      for (let call = 0; call < 2; call++) {
        const got = tf.tidy(() => tf.matMul(x(), w as tf.Tensor as tf.Tensor2D, false, true))
        const diff = Math.max(...Array.from(got.dataSync(), (v, i) => Math.abs(v - e[i])))
        got.dispose()
        expect(diff).toBeLessThan(1e-5)
      }
      tf.tidy(() => w.assign(tf.mul(w, -1.5)))
    }
    w.dispose()
  })
  it('leaves no tensors behind on wasm', async () => {
    await tf.setBackend('wasm')
    // derived filters stay on the backend until their weight's disposal is noticed (the test above covers them)
    const ids = () => tf.engine().backend.numDataIds() - derivedFilterCount()
    const before = [tf.memory().numTensors, ids()]
    for (const c of CASES) tf.tidy(c.run).dispose()
    expect([tf.memory().numTensors, ids()]).toEqual(before)
  })
})
