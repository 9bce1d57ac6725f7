import { setPriority } from 'node:os'

/**
 * Lower the calling worker thread's priority so heavy work (parsing, training) yields the CPU to the main thread (M4, L3).
 * On Linux nice is per thread, so only this worker is lowered; elsewhere setPriority(0, ...) would lower the whole
 * process, so it is left alone there.
 */
export function lowerThreadPriority(nice = 10): void {
  if (process.platform !== 'linux') return
  try {
    setPriority(0, nice)
  } catch {
    // Not permitted in some sandboxes; the worker still runs at normal priority.
  }
}
