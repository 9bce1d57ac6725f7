// Issue 11.3: a resume the server refuses (no verified checkpoint) offers Restart from scratch, a separate
// action that runs only after the composer confirms.
import { describe, expect, it } from 'vitest'
import { TrainingState } from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import { runSummary } from './fakeClient'
import { fakeTrainApi } from './trainFake'

describe('resume without a valid checkpoint', () => {
  it('shows why, offers restart, and restarts only when confirmed', async () => {
    const { api, calls, runs } = fakeTrainApi()
    runs.push(runSummary({ id: 'rb', name: 'broken', status: 'paused', epoch: 2 }))
    const training = new TrainingState(api)
    await training.load()
    await training.control('resume', 'rb')
    expect(training.error).toContain('passed verification')
    expect(training.restartOffer).toBe('rb')
    const asked: string[] = []
    await training.restart('rb', (t) => (asked.push(t), false))
    expect(asked[0]).toContain('“broken” from step 0')
    expect(calls.some((c) => c.method === 'restart')).toBe(false)
    await training.restart('rb', () => true)
    expect(calls.find((c) => c.method === 'restart')!.args).toEqual({ id: 'rb', confirm: true })
    expect(training.restartOffer).toBeNull()
    // An ordinary resume offers nothing.
    await training.control('resume', 'old')
    expect(training.restartOffer).toBeNull()
  })
})
