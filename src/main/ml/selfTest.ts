// Start-up self-test of the second-order gradients the gradient penalty relies on; fails loudly after a bad tfjs upgrade.
import { tf } from './tf'

/** One self-test check: the value computed, the value expected and whether they agree within tolerance. */
export interface SelfTestCheck {
  name: string
  got: number
  want: number
  relError: number
  ok: boolean
}

/** d²/dx² of x·tanh(x) at 0.5 by nested tf.grad against the closed form 2·sech²(x)·(1 − x·tanh(x)). */
export function checkTanhSecondDerivative(): SelfTestCheck {
  const x0 = 0.5
  const got = tf.tidy(() => {
    const f = (x: tf.Tensor) => tf.mul(x, tf.tanh(x))
    return tf.grad(tf.grad(f))(tf.scalar(x0)).dataSync()[0]
  })
  const t = Math.tanh(x0)
  const want = 2 * (1 - t * t) * (1 - x0 * t)
  const relError = Math.abs(got - want) / Math.abs(want)
  return { name: 'tanh second derivative', got, want, relError, ok: relError < 1e-4 }
}

type Params = Record<string, tf.Tensor>

function tinyCritic(p: Params, x: tf.Tensor4D): tf.Tensor {
  const [b, h, w] = x.shape
  const c = tf.tanh(tf.add(tf.conv2d(x, p.conv as tf.Tensor4D, [2, 1], 'same'), p.convB))
  const flat = tf.reshape(c, [b, (h / 2) * w, 4])
  const q = tf.matMul(flat, tf.tile(tf.expandDims(p.wq, 0), [b, 1, 1]))
  const k = tf.matMul(flat, tf.tile(tf.expandDims(p.wk, 0), [b, 1, 1]))
  const att = tf.softmax(tf.matMul(q, k, false, true))
  const y = tf.add(tf.mul(p.gamma, tf.matMul(att, flat)), flat)
  return tf.matMul(tf.reshape(tf.sigmoid(y), [b, -1]), p.dense)
}

function penalty(p: Params, xh: tf.Tensor4D): tf.Scalar {
  const g = tf.grad((x) => tf.sum(tinyCritic(p, x as tf.Tensor4D)))(xh)
  const n = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12))
  return tf.mean(tf.square(tf.sub(n, 1))) as tf.Scalar
}

function tinyParams(seed: number): Params {
  return {
    conv: tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', seed),
    convB: tf.randomNormal([4], 0, 0.1, 'float32', seed + 1),
    wq: tf.randomNormal([4, 2], 0, 0.5, 'float32', seed + 2),
    wk: tf.randomNormal([4, 2], 0, 0.5, 'float32', seed + 3),
    gamma: tf.scalar(0.7),
    dense: tf.randomNormal([12 * 4, 1], 0, 0.3, 'float32', seed + 4)
  }
}

/**
 * Gradient of the gradient penalty of a tiny conv + tanh + self-attention + sigmoid critic with respect to all its
 * parameters, against a central finite difference along a random direction (float32, ε = 1e-3; cpu or wasm).
 */
export function checkPenaltyGradient(seed = 7): SelfTestCheck {
  const [got, want] = tf.tidy(() => {
    const p = tinyParams(seed)
    const xh = tf.randomUniform([2, 4, 6, 2], 0, 1, 'float32', seed + 10) as tf.Tensor4D
    const keys = Object.keys(p)
    const dir = keys.map((k, i) => tf.randomNormal(p[k].shape, 0, 1, 'float32', seed + 20 + i))
    const vars = keys.map((k) => tf.variable(p[k]))
    const vp: Params = Object.fromEntries(keys.map((k, i) => [k, vars[i]]))
    const { grads } = tf.variableGrads(() => penalty(vp, xh), vars)
    const analytic = keys.reduce(
      (s, _k, i) => s + tf.sum(tf.mul(grads[vars[i].name], dir[i])).dataSync()[0],
      0
    )
    const eps = 1e-3
    const shifted = (sign: number) =>
      Object.fromEntries(keys.map((k, i) => [k, tf.add(p[k], tf.mul(dir[i], sign * eps))]))
    const fd =
      (penalty(shifted(1), xh).dataSync()[0] - penalty(shifted(-1), xh).dataSync()[0]) / (2 * eps)
    vars.forEach((v) => v.dispose())
    return [analytic, fd]
  })
  const relError = Math.abs(got - want) / Math.max(Math.abs(want), 1e-6)
  return {
    name: 'gradient-penalty gradient vs finite differences',
    got,
    want,
    relError,
    ok: relError < 2e-2
  }
}

/** Run every check on the current backend; throws with the numbers when any fails. */
export function assertSelfTest(): SelfTestCheck[] {
  const checks = [checkTanhSecondDerivative(), checkPenaltyGradient()]
  const bad = checks.filter((c) => !c.ok)
  if (bad.length) {
    const lines = bad.map((c) => `${c.name}: got ${c.got}, want ${c.want} (rel ${c.relError})`)
    throw new Error(`engine self-test failed on ${tf.getBackend()}:\n${lines.join('\n')}`)
  }
  return checks
}
