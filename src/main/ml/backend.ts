// Backend choice: tfjs-node-gpu > tfjs-node > wasm > cpu, or the one a setting, flag or env variable forces.
import { dirname, join } from 'node:path'
import { tf } from './tf'
import { registerSecondOrderGradFixes } from './gradFixes'
import { registerWasmKernels } from './wasmKernels'

/** Backends the engine can run on, best first. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const
/** One engine backend name ('tensorflow-gpu' = tfjs-node-gpu, 'tensorflow' = tfjs-node). */
export type BackendName = (typeof BACKENDS)[number]

/** Environment variable that forces a backend (same values as BackendName). */
export const BACKEND_ENV = 'BYTES_TO_BEATS_BACKEND'

/** What was chosen and why the better ones were not: goes into the run record and the UI. */
export interface BackendChoice {
  name: BackendName
  forced: boolean
  /** One line per better backend that was skipped, with the reason. */
  skipped: string[]
  /** Kernels registered or replaced by the engine on this backend. */
  customKernels: string[]
}

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

async function activate(name: BackendName): Promise<string[]> {
  if (name === 'wasm') {
    const wasm =
      require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    wasm.setWasmPaths(wasmDir())
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise')
    registerWasmKernels()
    return ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'Identity']
  }
  if (name === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise')
    return []
  }
  const why = tryNative(name)
  if (why) throw new Error(why)
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${name} failed to initialise`)
  return []
}

/**
 * Choose and activate the backend once per thread: the forced one (argument, then $BYTES_TO_BEATS_BACKEND) or the best
 * available. Installs the second-order gradient fixes in every case. A second call returns the first choice.
 */
export async function initBackend(force?: BackendName | null): Promise<BackendChoice> {
  const wanted = force ?? (process.env[BACKEND_ENV] as BackendName | undefined) ?? null
  if (current && (!wanted || wanted === current.name)) return current
  if (wanted && !BACKENDS.includes(wanted)) throw new Error(`unknown backend ${wanted}`)
  registerSecondOrderGradFixes()
  const skipped: string[] = []
  const order = wanted ? [wanted] : [...BACKENDS]
  for (const name of order) {
    try {
      const customKernels = await activate(name)
      current = { name, forced: Boolean(wanted), skipped, customKernels }
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
