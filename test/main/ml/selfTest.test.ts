import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { assertSelfTest } from '../../../src/main/ml/selfTest'
import { tf } from '../../../src/main/ml/tf'

describe('engine self-test (second-order gradients)', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`passes on ${backend}`, async () => {
      await initBackend('wasm')
      await tf.setBackend(backend)
      const checks = assertSelfTest()
      expect(checks).toHaveLength(2)
      for (const c of checks) expect(c.relError).toBeLessThan(2e-2)
    })
  }
  it('records why the native backends were skipped', async () => {
    const choice = await initBackend('wasm')
    expect(choice.name).toBe('wasm')
    expect(choice.customKernels).toContain('Conv2DBackpropFilter')
  })
  it('fails on stock tfjs (without the gradient fixes): the bug it guards against is real', () => {
    const child = resolve(__dirname, 'fixtures/stockSelfTest.ts')
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', child], {
      encoding: 'utf8'
    })
    const [tanh, gp] = JSON.parse(out) as { ok: boolean }[]
    expect(tanh.ok).toBe(false)
    expect(gp.ok).toBe(false)
  })
})
