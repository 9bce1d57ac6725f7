import { tf } from './tf'

type GradConfig = Parameters<typeof tf.registerGradient>[0]

// registerGradient warns when it replaces an existing gradient; the replacement is deliberate here.
function reg(config: GradConfig): void {
  const warn = console.warn
  console.warn = () => {}
  try {
    tf.registerGradient(config)
  } finally {
    console.warn = warn
  }
}

const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual']
const LOGICAL = ['LogicalAnd', 'LogicalOr']

let installed = false

/**
 * Re-register the gradients whose stock versions give silently wrong second-order terms (they save the op's
 * output, which nested tapes drop; docs/engine.md §1.1) so they save the input instead, and give comparison and
 * logical ops their true zero gradient. Idempotent; call before any training.
 */
export function registerSecondOrderGradFixes(): void {
  if (installed) return
  installed = true
  reg({
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(x)))) })
  })
  reg({
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.sigmoid(x)
        return tf.mul(dy as tf.Tensor, tf.mul(s, tf.sub(1, s)))
      }
    })
  })
  reg({
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, [z], attrs) => ({
      logits: () => {
        const dim = (attrs as { dim: number }).dim
        const y = tf.softmax(z, dim)
        const p = tf.mul(dy as tf.Tensor, y)
        return tf.sub(p, tf.mul(tf.sum(p, [dim], true), y))
      }
    })
  })
  reg({
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) })
  })
  reg({
    kernelName: 'Elu',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.step(x)
        const neg = tf.exp(tf.neg(tf.relu(tf.neg(x))))
        return tf.mul(dy as tf.Tensor, tf.add(s, tf.mul(tf.sub(1, s), neg)))
      }
    })
  })
  for (const k of [...COMPARISONS, ...LOGICAL]) {
    reg({
      kernelName: k,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, [a, b]) => ({ a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) })
    })
  }
  reg({
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (g, [inp], attrs) => {
      const a = attrs as { filterSize: [number, number]; strides: [number, number]; pad: 'same' }
      return {
        dy: () => tf.avgPool(g as tf.Tensor4D, a.filterSize, a.strides, a.pad),
        input: () => tf.zeros(inp.shape)
      }
    }
  })
}
