import { describe, expect, it } from 'vitest'
import { startWorker } from '../../../src/main/workers/entry'

describe('worker entries', () => {
  it('starts a TypeScript worker from source and talks to it', async () => {
    const worker = startWorker('probeWorker')
    const reply = await new Promise<{ doubled: number; families: number }>((res, rej) => {
      worker.once('message', res)
      worker.once('error', rej)
      worker.postMessage({ n: 21 })
    })
    await worker.terminate()
    expect(reply).toEqual({ doubled: 42, families: 17 })
  })
})
