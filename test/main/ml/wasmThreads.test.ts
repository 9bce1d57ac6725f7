import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wantedWasmThreads, WASM_THREADS_ENV } from '../../../src/main/ml/wasmThreads'

// The threaded SIMD build under Node: it starts with the threads asked for, computes what the cpu backend computes,
// the process ends by itself (the pthread workers do not hold it), and without what it needs it falls back to one
// thread saying why. Speed is bench:engine's business, not a test's.

const CHILD = resolve(__dirname, 'fixtures/threadsChild.ts')

function child(...args: string[]): Promise<{ code: number | null; out: Record<string, any> }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setTimeout(() => {
      p.kill('SIGKILL')
      fail(new Error(`the child did not end by itself: ${out} ${err}`))
    }, 100_000)
    p.on('exit', (code) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (!line) return fail(new Error(`no result (exit ${code}): ${err}`))
      done({ code, out: JSON.parse(line) })
    })
  })
}

describe('threaded wasm build in Node', () => {
  it('runs 2 XNNPACK threads, equals the cpu backend, and lets the process end by itself', async () => {
    const { code, out } = await child('2')
    expect(code).toBe(0)
    expect(out.threads).toBe(2)
    expect(out.detail).toMatch(/2 threads/)
    expect(out.maxAbs).toBeGreaterThan(0)
    expect(out.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1, out.maxAbs))
  }, 120_000)

  it('falls back to one thread and says why when the threaded build cannot load', async () => {
    const { code, out } = await child('2', 'no-blob')
    expect(code).toBe(0)
    expect(out.threads).toBe(1)
    expect(out.detail).toMatch(/threads off: Blob is not available/)
    expect(out.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1, out.maxAbs))
  }, 120_000)

  it('reads the thread count from the environment: unset = 1, auto = the cores, N = N', () => {
    const old = process.env[WASM_THREADS_ENV]
    try {
      delete process.env[WASM_THREADS_ENV]
      expect(wantedWasmThreads()).toBe(1)
      process.env[WASM_THREADS_ENV] = '2'
      expect(wantedWasmThreads()).toBe(2)
      process.env[WASM_THREADS_ENV] = 'auto'
      expect(wantedWasmThreads()).toBeGreaterThanOrEqual(1)
      process.env[WASM_THREADS_ENV] = 'lots'
      expect(() => wantedWasmThreads()).toThrow(/whole number/)
      expect(wantedWasmThreads(3)).toBe(3)
    } finally {
      if (old === undefined) delete process.env[WASM_THREADS_ENV]
      else process.env[WASM_THREADS_ENV] = old
    }
  })
})
