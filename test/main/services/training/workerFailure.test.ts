import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_SEGMENTS, jobEnded, tempDataDir, testServices } from '../../../helpers/api'
import { fixtureMidiFiles } from '../../../helpers/fixtures'

// Issue 11 item 4: a failure inside the training worker ends the job as failed, and the failed worker never outlives
// it. The full-disk case hung about 1 run in 3: the failed worker's late exit removed the *resumed* worker from the
// live runs, so Stop no longer reached it and it trained on forever. Here the failure is a file standing where the
// run's samples folder goes (real worker, real files), and Resume follows at once, before the failed worker is gone.

const { services, cleanup } = testServices()
const music = tempDataDir('b2b-workerfail-')
const h = services.handlers
const ctx = { transport: 'direct' as const }
const segments = TEST_MODEL_SEGMENTS
let datasetId = ''

const jobEnd = async (jobId: string) => (await jobEnded(services.bus, jobId)).job

beforeAll(async () => {
  await services.ready
  const dir = join(music.dir, 'doom')
  mkdirSync(dir)
  for (const f of fixtureMidiFiles('freedoom').slice(0, 3)) copyFileSync(f, join(dir, basename(f)))
  const { sourceId } = await services.deps.grants.register('midi-folder', [dir])
  const started = await h.datasets.import({ name: 'Doom', sourceId, segments }, ctx)
  expect((await jobEnd(started.jobId)).state).toBe('done')
  datasetId = started.datasetId
}, 120_000)

afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})

describe('a failure in the training worker', () => {
  it('fails the job plainly; a Resume at once trains in one new worker that Stop reaches', async () => {
    for (let round = 0; round < 1; round++) {
      // Epoch 1 writes a checkpoint; epoch 2's samples hit the file in the way.
      const config = { epochs: 500, checkpointEvery: 1, sampleEvery: 2 }
      const { runId, jobId } = await h.runs.start(
        { datasetId, name: `Blocked ${round}`, preset: 'test', config },
        ctx
      )
      const runDir = services.library.files.runDir(Number(runId))
      mkdirSync(runDir, { recursive: true })
      writeFileSync(join(runDir, 'samples'), 'a file where the samples folder goes')
      const failed = await jobEnd(jobId)
      expect(failed.state).toBe('failed')
      expect(failed.message).toMatch(/^Training stopped: /)
      expect((await h.runs.get({ id: runId }, ctx)).status).toBe('failed')
      expect((await h.app.info({}, ctx)).mode).toBe('serve')
      rmSync(join(runDir, 'samples'))

      const steps: number[] = []
      const off = services.bus.subscribe((e) => {
        if (e.type === 'run:progress' && e.runId === runId) {
          steps.push(e.step)
          if (steps.length === 1) void h.runs.stop({ id: runId }, ctx)
        }
      })
      await h.runs.resume({ id: runId }, ctx)
      const resumed = services.deps.jobs.list().find((j) => j.subjectId === runId)
      expect(resumed).toBeDefined()
      const end = await Promise.race([
        jobEnd(resumed!.id),
        new Promise<null>((r) => setTimeout(() => r(null), 60_000))
      ])
      // Before the fix: null here (the resumed worker never got Stop and trained on).
      expect(end?.state).toBe('done')
      expect((await h.runs.get({ id: runId }, ctx)).status).toBe('stopped')
      // No worker of this run trains on after its job ended.
      const seen = steps.length
      await new Promise((r) => setTimeout(r, 2000))
      off()
      expect(seen).toBeGreaterThan(0)
      expect(steps.length).toBe(seen)
    }
  }, 240_000)
})
