import { describe, expect, it } from 'vitest'
import { guarded } from '../../../src/renderer/src/state/guarded'
import { ApiError } from '../../../src/shared/api/errors'

describe('guarded', () => {
  it('says a failure in words, clears the error on the next call and keeps busy up only while it runs', async () => {
    const state = { error: null as string | null, busy: false }
    let busyInside = false
    expect(
      await guarded(state, async () => {
        busyInside = state.busy
        throw new TypeError('x is undefined')
      })
    ).toBe(false)
    expect(busyInside).toBe(true)
    expect(state).toEqual({ error: 'something went wrong (x is undefined).', busy: false })
    expect(await guarded(state, async () => {})).toBe(true)
    expect(state.error).toBeNull()
    await guarded(state, async () =>
      Promise.reject(new ApiError('not_found', 'Run 7 was deleted.'))
    )
    expect(state.error).toBe('it is not there any more. Run 7 was deleted.')
  })

  it('leaves a state without a busy flag without one', async () => {
    const state: { error: string | null; busy?: boolean } = { error: 'old' }
    await guarded(state, async () => {})
    expect(state).toEqual({ error: null })
  })
})
