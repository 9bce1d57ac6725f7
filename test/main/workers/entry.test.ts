import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { READY, type ParseReply, type ParseTask } from '../../../src/main/data/import/protocol'
import { startWorker } from '../../../src/main/workers/entry'
import { FIXTURE_MIDI } from '../../helpers/fixtures'

const task: ParseTask = { id: 7, file: join(FIXTURE_MIDI, 'pop909/001.mid'), wantPiece: false }

describe('worker entries', () => {
  it('starts a TypeScript worker from source and talks to it', async () => {
    const worker = startWorker('importWorker')
    const reply = await new Promise<ParseReply>((res, rej) => {
      worker.on('message', (m) => (m === READY ? worker.postMessage(task) : res(m as ParseReply)))
      worker.once('error', rej)
    })
    await worker.terminate()
    expect(reply).toMatchObject({
      id: 7,
      ok: true,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/)
    })
  })
})
