// The threaded SIMD build of tfjs-backend-wasm under Node (upstream keeps it browser-only: tfjs #3830). Pinned to 4.22.0:
// it relies on how that bundle loads its emscripten main script and pthread worker script (docs/engine.md §3).
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tf } from './tf'

/** The only tfjs-backend-wasm version these shims were written and tested against. */
export const WASM_THREADS_VERSION = '4.22.0'
/** Most threads worth asking for (the bundle pre-creates 8 pthread workers; XNNPACK gains little past 4). */
export const MAX_WASM_THREADS = 4

/**
 * Environment variable: XNNPACK threads of the wasm backend: unset or 1 = the single-threaded SIMD build (the default:
 * on a machine whose cores are busy, 2 threads on 2 cores measured 1.1-3.5x slower, since every kernel waits for its
 * slowest thread); 'auto' = one per logical core (at most 4); N = N threads.
 */
export const WASM_THREADS_ENV = 'BYTES_TO_BEATS_WASM_THREADS'

/** Threads wanted: from the argument, else the variable, else 1. */
export function wantedWasmThreads(asked?: number | 'auto'): number {
  const env = process.env[WASM_THREADS_ENV]
  const value =
    asked ?? (env === undefined || env === '' ? 1 : env === 'auto' ? 'auto' : Number(env))
  if (value === 'auto') {
    // Read through require so the count is the real one even while prepareWasmThreads has os.cpus patched.
    const cores = (require('node:os') as typeof import('node:os')).cpus().length
    return Math.max(1, Math.min(cores, MAX_WASM_THREADS))
  }
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${WASM_THREADS_ENV} must be 'auto' or a whole number >= 1`)
  return Math.min(value, MAX_WASM_THREADS)
}

/** Why the threaded build cannot be used here, or null when it can be tried. */
export function wasmThreadsUnavailable(): string | null {
  const version = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string })
    .version
  if (version !== WASM_THREADS_VERSION)
    return `tfjs-backend-wasm ${version} is not the ${WASM_THREADS_VERSION} the thread shims were tested with`
  if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is not available'
  if (typeof globalThis.Blob !== 'function') return 'Blob is not available'
  return null
}

/** Write text once to a content-addressed file (atomic rename: concurrent workers may race to write it). */
function writeOnce(dir: string, name: string, text: string): string {
  const file = join(dir, name)
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
  return file
}

/**
 * Set up the next `setBackend('wasm')` to load the threaded SIMD build with `threads` XNNPACK threads, and return the
 * function that undoes the temporary patches (call it right after setBackend, whether it worked or not). The bundle
 * hands emscripten its main script and pthread worker script as Blob URLs, which Node's Worker cannot load: they are
 * written to files instead; the worker script gets the bundle globals the main script refers to; os.cpus() is padded
 * because the C++ side caps threads at logical cores / 2 (#4972).
 */
export function prepareWasmThreads(threads: number): () => void {
  const os = require('node:os') as typeof import('node:os')
  const wasm =
    require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
  const dir = join(tmpdir(), `bytes-to-beats-wasm-threads-${WASM_THREADS_VERSION}`)
  mkdirSync(dir, { recursive: true })
  const RealBlob = globalThis.Blob
  const realCreate = URL.createObjectURL
  const realCpus = os.cpus
  const files = new WeakMap<object, string>()
  // The bundle builds the main-script Blob before it calls the factory, which then asks for the worker script.
  let mainFile: string | null = null
  class FileBlob extends RealBlob {
    constructor(
      parts: ConstructorParameters<typeof Blob>[0] = [],
      options?: ConstructorParameters<typeof Blob>[1]
    ) {
      super(parts, options)
      const list = [...parts]
      const text = list.every((p) => typeof p === 'string') ? list.join('') : null
      if (text === null) return
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) {
        mainFile = writeOnce(dir, `main-${hash}.js`, text)
        files.set(this, mainFile)
      } else if (mainFile && text.includes('WasmBackendModuleThreadedSimd(Module)')) {
        const main = JSON.stringify(mainFile)
        const prelude = [
          `globalThis.require$$0 = require('fs'); globalThis.require$$1 = require('path');`,
          `globalThis.require$$3 = require('perf_hooks'); globalThis.require$$4 = require('os');`,
          `globalThis.commonjsGlobal = globalThis; globalThis._scriptDir = ${main};`,
          `URL.createObjectURL = () => ${main}; URL.revokeObjectURL = () => {};`
        ].join('\n')
        files.set(this, writeOnce(dir, `worker-${hash}.js`, `${prelude}\n${text}`))
      }
    }
  }
  globalThis.Blob = FileBlob as typeof Blob
  URL.createObjectURL = (b: Blob) => files.get(b) ?? realCreate(b)
  os.cpus = () => {
    const real = realCpus()
    return Array.from(
      { length: Math.max(real.length, 2 * threads) },
      (_, i) => real[i % real.length]
    )
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
  wasm.setThreadsCount(threads)
  return () => {
    globalThis.Blob = RealBlob
    URL.createObjectURL = realCreate
    os.cpus = realCpus
  }
}

/** Undo prepareWasmThreads' choice for the next setBackend: the single-threaded SIMD build. */
export function useSingleThreadedWasm(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
}

/** XNNPACK threads of the active wasm backend (1 for the single-threaded build). */
export function wasmThreadsInUse(): number {
  const wasm =
    require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
  return wasm.getThreadsCount()
}

type PThreads = {
  runningWorkers: { unref(): void }[]
  unusedWorkers: { unref(): void }[]
  terminateAllThreads(): void
}
const pthreads = () =>
  (tf.findBackend('wasm') as unknown as { wasm?: { PThread?: PThreads } } | undefined)?.wasm
    ?.PThread

/**
 * Let the owning thread exit while XNNPACK's pool threads idle: they wait on a futex and never message this thread
 * during a kernel (it blocks in the call), so nothing is lost; without this a CLI, test or worker never ends.
 */
export function unrefWasmThreads(): void {
  const p = pthreads()
  for (const w of [...(p?.runningWorkers ?? []), ...(p?.unusedWorkers ?? [])]) w.unref()
}

/** Stop the pthread workers of the threaded build (no-op otherwise); the wasm backend is unusable afterwards. */
export function stopWasmThreads(): void {
  pthreads()?.terminateAllThreads()
}
