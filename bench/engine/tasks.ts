// The benchmark tasks of bench:engine on the 'paper' config: the same five tasks as the PyTorch anchor's bench.py.
import { tf } from '../../src/main/ml/tf'
import { ExactAdam } from '../../src/main/ml/adam'
import { presetConfig } from '../../src/main/ml/config'
import { buildGan, generator, type Gan } from '../../src/main/ml/models'
import { criticStep, generatorStep, seedsFor } from '../../src/main/ml/steps'

/** One timed task: a name matching the anchor's, and the call. */
export interface Task {
  name: string
  run: () => void
}

/** Build the paper GAN, its optimizers and synthetic real batches (~3 % of cells on, as the anchor). */
export function paperTasks(): { gan: Gan; tasks: Task[]; dispose: () => void } {
  const c = presetConfig('paper')
  const gan = buildGan(c.model, 1234)
  const optD = new ExactAdam(c.train.lrD, 0.5, 0.9)
  const optG = new ExactAdam(c.train.lrG, 0.5, 0.9)
  const real = (b: number) =>
    tf.tidy(() =>
      tf.cast(tf.less(tf.randomUniform([b, 64, 84, 17], 0, 1, 'float32', b), 0.03), 'float32')
    ) as tf.Tensor4D
  const real16 = real(16)
  const real4 = real(4)
  let step = 0
  const gen = (b: number) => () =>
    tf.tidy(() => {
      const z = tf.randomNormal([b, 128], 0, 1, 'float32', step++) as tf.Tensor2D
      generator(gan, z, 'eval').dataSync()
    })
  const tasks: Task[] = [
    { name: 'generate_b1', run: gen(1) },
    // right after generate_b1, with G unchanged: generation as the app does it from a loaded model (the engine derives
    // its filters once per weight; generate_b1 comes first after a generator step changed every weight)
    { name: 'generate_b1_warm', run: gen(1) },
    { name: 'generate_b16', run: gen(16) },
    {
      name: 'critic_step_b4',
      run: () => criticStep(gan, optD, real4, c.train, seedsFor(1, step++))
    },
    {
      name: 'critic_step_b16',
      run: () => criticStep(gan, optD, real16, c.train, seedsFor(1, step++))
    },
    { name: 'generator_step_b16', run: () => generatorStep(gan, optG, 16, c.train, step++, step++) }
  ]
  const dispose = () => {
    tf.dispose([real16, real4])
    optD.dispose()
    optG.dispose()
  }
  return { gan, tasks, dispose }
}

/** Fastest single kernel here: GFLOP/s of a large 2-D matmul and of the critic's biggest conv, best of 3. */
export function peakKernelGflops(): { name: string; gflops: number }[] {
  const cases = [
    {
      name: 'matMul 1024x1024x1024',
      flops: 2 * 1024 ** 3,
      make: () => [tf.randomNormal([1024, 1024]), tf.randomNormal([1024, 1024])],
      f: (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)
    },
    {
      name: 'conv2d 16x32x42x64 -> 128, 4x3 s(2,1)',
      flops: 2 * 16 * 16 * 42 * 128 * 4 * 3 * 64,
      make: () => [tf.randomNormal([16, 32, 42, 64]), tf.randomNormal([4, 3, 64, 128])],
      f: (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 1], 'same')
    }
  ]
  return cases.map((c) => {
    const [a, b] = c.make()
    let best = Infinity
    for (let i = 0; i < 6; i++) {
      const t = performance.now()
      tf.tidy(() => {
        c.f(a, b).dataSync() // never return a big typed array from tidy: it walks it
      })
      if (i > 0) best = Math.min(best, performance.now() - t)
    }
    tf.dispose([a, b])
    return { name: c.name, gflops: c.flops / (best / 1000) / 1e9 }
  })
}
