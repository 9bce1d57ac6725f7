import { describeError } from './describeError'

/** What a guarded call reports into: a view state's error line, and its busy flag where it has one. */
export interface GuardedState {
  error: string | null
  busy?: boolean
}

/**
 * Run `fn` for a view state: clear its error, raise `busy` while it runs (where the state has the flag) and, on
 * failure, put the error in words a composer understands (describeError) into `error`. True when `fn` succeeded.
 */
export async function guarded(state: GuardedState, fn: () => Promise<unknown>): Promise<boolean> {
  const busy = typeof state.busy === 'boolean'
  if (busy) state.busy = true
  state.error = null
  try {
    await fn()
    return true
  } catch (err) {
    state.error = describeError(err)
    return false
  } finally {
    if (busy) state.busy = false
  }
}
