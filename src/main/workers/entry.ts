import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/** Source file of each worker entry, relative to the project root; electron-vite builds each to out/main/<name>.js. */
export const WORKER_SOURCES = {
  importWorker: 'src/main/data/import/importWorker.ts',
  trainWorker: 'src/main/ml/trainWorker.ts',
  engineWorker: 'src/main/ml/engineWorker.ts',
  datasetImportWorker: 'src/main/services/import/datasetImportWorker.ts',
  nearestWorker: 'src/main/data/dataset/nearestWorker.ts'
} as const satisfies Record<string, string>

/** The name of a worker entry (a key of WORKER_SOURCES and an input of electron.vite.config.ts). */
export type WorkerName = keyof typeof WORKER_SOURCES

/** True when this code runs from TypeScript source (tests, tsx CLI) rather than the electron-vite build. */
export const runningFromSource = __filename.endsWith('.ts')

/** Where a worker's code is and how Node must load it: built JS beside this bundle, or the TS source through tsx. */
export function workerEntry(name: WorkerName): { file: string; execArgv: string[] } {
  if (runningFromSource) {
    const root = resolve(__dirname, '../../..')
    return { file: join(root, WORKER_SOURCES[name]), execArgv: ['--require', 'tsx/cjs'] }
  }
  // Shared code may land in out/main/chunks/, so look beside this file and one folder up.
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const file = join(dir, `${name}.js`)
    if (existsSync(file)) return { file, execArgv: [] }
  }
  throw new Error(`worker ${name} is missing from the build (run npm run build)`)
}

/** Start a worker thread by entry name, from source or from the build. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const { file, execArgv } = workerEntry(name)
  return new Worker(file, { ...options, execArgv: [...execArgv, ...(options.execArgv ?? [])] })
}
