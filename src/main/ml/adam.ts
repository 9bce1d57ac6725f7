// Adam whose bias-correction state is a pure function of its int32 iteration count, so a resumed run is bit-identical.
import { tf } from './tf'

interface AdamInternals {
  accBeta1: tf.Variable
  accBeta2: tf.Variable
  beta1: number
  beta2: number
  learningRate: number
}

/**
 * tfjs Adam, except that accBeta1/2 are set to pow(beta, iterations + 1) before every update: exactly what setWeights
 * restores (the stock live run multiplies them step by step and differs in the last bit; docs/requirements.md T2/T3).
 */
export class ExactAdam extends tf.AdamOptimizer {
  constructor(lr: number, beta1: number, beta2: number, epsilon = 1e-8) {
    super(lr, beta1, beta2, epsilon)
  }

  override applyGradients(grads: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const self = this as unknown as AdamInternals
    const n = this.iterations + 1
    tf.tidy(() => {
      self.accBeta1.assign(tf.pow(self.beta1, n))
      self.accBeta2.assign(tf.pow(self.beta2, n))
    })
    super.applyGradients(grads)
  }

  /** Current learning rate (the step-decay schedule sets it each batch). */
  get lr(): number {
    return (this as unknown as AdamInternals).learningRate
  }

  set lr(value: number) {
    ;(this as unknown as AdamInternals).learningRate = value
  }

  /** Round-trip the state through getWeights/setWeights (the live path equals the resumed path), freeing the old copies. */
  async normalize(): Promise<void> {
    const old = await this.getWeights()
    await this.setWeights(old)
    tf.dispose(old.map((w) => w.tensor))
  }
}
