// Backend choice: tfjs-node-gpu > tfjs-node > wasm > cpu, or the one a setting, flag or env variable forces.
import { dirname, join } from 'node:path'
import { tf } from './tf'
import { assertSelfTest } from './selfTest'
import { BACKENDS, BACKEND_ENV, type BackendChoice, type BackendName } from './backendChoice'
import { registerSecondOrderGradFixes } from './gradFixes'
import { registerWasmKernels, wasmKernelNames } from './wasmKernels'
import {
  prepareWasmThreads,
  unrefWasmThreads,
  useSingleThreadedWasm,
  wantedWasmThreads,
  wasmThreadsInUse,
  wasmThreadsUnavailable
} from './wasmThreads'

export { BACKENDS, BACKEND_ENV, describeBackend } from './backendChoice'
export type { BackendChoice, BackendName } from './backendChoice'

/** How long the threaded wasm build may take to start before the single-threaded one is used instead. */
const THREADED_INIT_MS = 60_000

const NODE_PACKAGES: Partial<Record<BackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node'
}

let current: BackendChoice | null = null

/** Load a native tfjs-node package if installed; registers the 'tensorflow' backend as a side effect. */
function tryNative(name: BackendName): string | null {
  const pkg = NODE_PACKAGES[name]!
  try {
    require(pkg)
    return null
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err)
    return `${pkg} not available (${msg})`
  }
}

/** Where the wasm binaries are: next to the backend's own bundle in node_modules. */
export function wasmDir(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/')
}

/** The threaded SIMD build when more than one thread is wanted and it starts; otherwise the reason it did not. */
async function tryThreadedWasm(threads: number): Promise<string | null> {
  const unavailable = wasmThreadsUnavailable()
  if (unavailable) return unavailable
  const restore = prepareWasmThreads(threads)
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), THREADED_INIT_MS)
    })
    const ok = await Promise.race([tf.setBackend('wasm'), timeout])
    if (ok === 'timeout')
      return `the threaded build did not start within ${THREADED_INIT_MS / 1000} s`
    return ok ? null : 'the threaded build failed to initialise'
  } catch (err) {
    return `the threaded build failed: ${err instanceof Error ? err.message : String(err)}`
  } finally {
    clearTimeout(timer)
    restore()
  }
}

async function activateWasm(asked?: number | 'auto'): Promise<{ threads: number; detail: string }> {
  const wasm =
    require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
  wasm.setWasmPaths(wasmDir())
  const wanted = wantedWasmThreads(asked)
  let note = ''
  if (wanted > 1) {
    const why = await tryThreadedWasm(wanted)
    if (!why) {
      unrefWasmThreads()
      registerWasmKernels()
      const threads = wasmThreadsInUse()
      return { threads, detail: `SIMD, ${threads} threads (threaded build)` }
    }
    note = ` (threads off: ${why})`
    useSingleThreadedWasm()
    wasm.setThreadsCount(1)
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise')
  registerWasmKernels()
  return { threads: 1, detail: `SIMD, 1 thread${note}` }
}

/** How to start a backend: wasm threads (default: $BYTES_TO_BEATS_WASM_THREADS, else 1). */
export interface BackendOptions {
  threads?: number | 'auto'
}

async function activate(
  name: BackendName,
  opts: BackendOptions
): Promise<{ customKernels: string[]; threads: number; detail: string }> {
  if (name === 'wasm')
    return { customKernels: wasmKernelNames(), ...(await activateWasm(opts.threads)) }
  if (name === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise')
    return { customKernels: [], threads: 1, detail: '' }
  }
  const why = tryNative(name)
  if (why) throw new Error(why)
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${name} failed to initialise`)
  return { customKernels: [], threads: 0, detail: '' }
}

/**
 * Choose and activate the backend once per thread: the forced one (argument, then $BYTES_TO_BEATS_BACKEND) or the best
 * available that passes the engine self-test (a failing one is skipped with the numbers as its reason). Installs the
 * second-order gradient fixes in every case. A second call returns the first choice.
 */
export async function initBackend(
  force?: BackendName | null,
  opts: BackendOptions = {}
): Promise<BackendChoice> {
  const wanted = force ?? (process.env[BACKEND_ENV] as BackendName | undefined) ?? null
  if (current && (!wanted || wanted === current.name)) return current
  if (wanted && !BACKENDS.includes(wanted)) throw new Error(`unknown backend ${wanted}`)
  registerSecondOrderGradFixes()
  const skipped: string[] = []
  const order = wanted ? [wanted] : [...BACKENDS]
  for (const name of order) {
    try {
      const activated = await activate(name, opts)
      // The self-test gates every backend: a native build or a tfjs upgrade that gets the penalty wrong is skipped.
      try {
        assertSelfTest()
      } catch (err) {
        if (wanted) throw err
        throw new Error(`self-test failed (${err instanceof Error ? err.message : String(err)})`)
      }
      current = { name, forced: Boolean(wanted), skipped, ...activated }
      return current
    } catch (err) {
      if (wanted) throw err
      skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  throw new Error(`no backend available:\n${skipped.join('\n')}`)
}

/** The backend chosen by initBackend in this thread, or null before it ran. */
export function backendChoice(): BackendChoice | null {
  return current
}
