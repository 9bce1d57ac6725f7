// Backend names and the record of a choice: no tfjs import, so the main thread can read and describe choices cheaply.
import { BackendName } from '../../shared/api/common'

export type { BackendName } from '../../shared/api/common'

/** Backends the engine can run on, best first (the API's enum is the one list). */
export const BACKENDS = BackendName.options

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
  /** Compute threads (wasm: XNNPACK threads of the threaded SIMD build, 1 for the single-threaded one). */
  threads: number
  /** How it runs, for the run record: e.g. 'SIMD, 2 threads' or why threads were not used. */
  detail: string
}

/** One line for the run record and the UI: how the backend runs, and why better ones were skipped. */
export function describeBackend(c: BackendChoice): string {
  const why = c.forced ? 'forced' : c.skipped.join('; ') || 'best available'
  return c.detail ? `${c.detail}; ${why}` : why
}
