import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  LibraryStore,
  createRun,
  getRun,
  listCheckpoints,
  listSamples,
  metricRowsAfter
} from '../../../src/main/library'
import { presetConfig } from '../../../src/main/ml/config'
import { startTraining } from '../../../src/main/ml/trainClient'
import type { TrainEvent } from '../../../src/main/ml/protocol'

const data = mkdtempSync(join(tmpdir(), 'b2b-lib-'))
afterAll(() => rmSync(data, { recursive: true, force: true }))

function train(runId: number, kill: (e: TrainEvent) => boolean): Promise<TrainEvent[]> {
  const config = presetConfig('test', { epochs: 6, checkpointEvery: 1, sampleEvery: 2 })
  const h = startTraining({
    config,
    dataset: { kind: 'synthetic', count: 8, seed: 3 },
    dir: join(data, 'runs', `run${runId}`),
    resume: true,
    backend: 'wasm',
    library: { dataDir: data, runId }
  })
  const events: TrainEvent[] = []
  h.on('event', (e: TrainEvent) => {
    events.push(e)
    if (kill(e)) void h.terminate()
  })
  return h.done.then(() => events)
}

describe('training worker recording into the library', () => {
  it('commits rows with checkpoints (T4) and resumes from the library after a kill', async () => {
    const store = LibraryStore.open(data)
    const config = presetConfig('test')
    const runId = createRun(store.db, { name: 'tiny', preset: 'test', config })
    store.close()
    // killed after step 5 (checkpoints at steps 2 and 4): rows 5 are queued, never committed
    const first = await train(runId, (e) => e.type === 'progress' && e.row.step === 5)
    expect(first.some((e) => e.type === 'error')).toBe(false)
    const second = await train(runId, () => false)
    const ready = second.find((e) => e.type === 'ready')
    expect(ready && ready.type === 'ready' && ready.step).toBe(4)
    expect(second.at(-1)!.type).toBe('finished')
    const db = LibraryStore.open(data)
    const rows = metricRowsAfter(db.db, runId, 0)
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    const ckpts = listCheckpoints(db.db, runId)
    expect(ckpts.length).toBeLessThanOrEqual(3)
    expect(ckpts.at(-1)!.step).toBe(12)
    expect(await db.latestValidCheckpoint(runId)).not.toBeNull()
    // samples at epochs 2, 4, 6 (2 pieces each); those of the killed session after step 4 were deleted on resume
    const samples = listSamples(db.db, runId)
    expect(samples.map((s) => s.step)).toEqual([4, 4, 8, 8, 12, 12])
    const run = getRun(db.db, runId)!
    expect(run.status).toBe('completed')
    expect(run.backend).toBe('wasm')
    expect(samples[0].rawSize).toBe(16 * 12 * 17 * 4)
    expect(samples[0].piece.tracks.every((t) => t.family >= 0 && t.family < 17)).toBe(true)
    db.close()
  })
})
