import { execFileSync } from 'node:child_process'
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library'
import { DISK_FULL_MESSAGE } from '../../../src/main/ipc/dispatch'
import { TEST_MODEL_SEGMENTS, jobEnded, tempDataDir, testServices } from '../../helpers/api'
import { fixtureMidiFiles } from '../../helpers/fixtures'

// Issue 11 item 4: a full disk during import, training and piece save fails that job with a plain message; the process
// and the API stay up, nothing on disk is corrupt, and the same work succeeds once space returns. A real 64 MB tmpfs
// holds the data folder (CI runs as root; elsewhere the suite is skipped and says why).

const mnt = mkdtempSync(join(tmpdir(), 'b2b-fulldisk-'))
let skip = ''
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mnt], { stdio: 'pipe' })
} catch (err) {
  skip = `cannot mount a tmpfs here (needs root): ${String(err).split('\n')[0]}`
}

const dataDir = join(mnt, 'data')
const music = tempDataDir('b2b-fulldisk-music-')
const filler = join(mnt, 'filler')
const { services, cleanup } = skip
  ? ({} as ReturnType<typeof testServices>)
  : testServices({ dataDir })
const ctx = { transport: 'direct' as const }

/** Write the filler file until the tmpfs is full (ENOSPC). */
function fillDisk(): void {
  const fd = openSync(filler, 'a')
  const chunk = Buffer.alloc(256 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  } finally {
    closeSync(fd)
  }
}
const freeDisk = () => rmSync(filler, { force: true })

/** Resolve with the job's last status when it ends (done, failed or cancelled). */
const jobEnd = async (jobId: string) => (await jobEnded(services.bus, jobId)).job

function integrity(): string {
  const db = new Database(join(dataDir, 'library.sqlite'), { readonly: true })
  const r = db.pragma('integrity_check', { simple: true }) as string
  db.close()
  return r
}

const segments = TEST_MODEL_SEGMENTS
let sourceId = ''
async function importAs(name: string) {
  const started = await services.handlers.datasets.import({ name, sourceId, segments }, ctx)
  return { ...started, job: await jobEnd(started.jobId) }
}

beforeAll(async () => {
  if (skip) return
  await services.ready
  const dir = join(music.dir, 'doom')
  mkdirSync(dir)
  for (const f of fixtureMidiFiles('freedoom').slice(0, 4)) copyFileSync(f, join(dir, basename(f)))
  sourceId = (await services.deps.grants.register('midi-folder', [dir])).sourceId
}, 120_000)

afterAll(async () => {
  if (!skip) {
    freeDisk()
    try {
      // Bounded, so a hung close after a failed test never leaves the tmpfs mounted.
      await Promise.race([services.close(), new Promise((r) => setTimeout(r, 30_000))])
    } finally {
      execFileSync('umount', ['--lazy', mnt])
      cleanup()
    }
  }
  rmSync(mnt, { recursive: true, force: true })
  music.cleanup()
}, 60_000)

describe.skipIf(skip !== '')(`a full disk ${skip ? `(skipped: ${skip})` : '(64 MB tmpfs)'}`, () => {
  it('import: refused while full; a full disk mid-import fails the job plainly; it succeeds once space returns', async () => {
    fillDisk()
    const refused = await services.dispatcher.call(
      'datasets:import',
      { name: 'Doom', sourceId, segments },
      { transport: 'ws' }
    )
    expect(refused).toEqual({ ok: false, error: { code: 'failed', message: DISK_FULL_MESSAGE } })
    freeDisk()
    const started = await services.handlers.datasets.import(
      { name: 'Doom', sourceId, segments },
      ctx
    )
    fillDisk() // while the import worker starts and writes its cache
    const job = await jobEnd(started.jobId)
    expect(job.state).toBe('failed')
    expect(job.message).toMatch(/^The import stopped: the disk is full\. Free some space/)
    expect((await services.handlers.app.info({}, ctx)).mode).toBe('serve')
    freeDisk()
    expect(integrity()).toBe('ok')
    // Shown failed once its worker has exited, even though the full disk kept either side from recording it.
    let status = ''
    for (let i = 0; i < 200 && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      status = (await services.handlers.datasets.get({ id: started.datasetId }, ctx)).status
    }
    expect(status).toBe('failed')
    await services.handlers.datasets.remove({ id: started.datasetId }, ctx)
    const again = await importAs('Doom')
    expect(again.job.state).toBe('done')
  })

  // This case hung about 1 run in 3 until the failed worker's late exit could no longer remove the resumed worker
  // from the live runs (test/main/services/training/workerFailure.test.ts makes that race certain).
  it(
    'training: the run fails with a plain message, its checkpoints stay valid, and it resumes',
    { timeout: 120_000 },
    async () => {
      const [ds] = await services.handlers.datasets.list({}, ctx)
      const config = { epochs: 500, checkpointEvery: 1, sampleEvery: 1 }
      const { runId, jobId } = await services.handlers.runs.start(
        { datasetId: ds.id, name: 'Tiny', preset: 'test', config },
        ctx
      )
      const ended = jobEnd(jobId)
      await new Promise<void>((go) => {
        const off = services.bus.subscribe((e) => {
          if (e.type === 'run:sample' && e.runId === runId && e.epoch >= 2) {
            off()
            go()
          }
        })
      })
      fillDisk()
      const job = await ended
      expect(job.state).toBe('failed')
      expect(job.message).toMatch(/^Training stopped: the disk is full\. Free some space/)
      expect((await services.handlers.runs.get({ id: runId }, ctx)).status).toBe('failed')
      expect((await services.handlers.app.info({}, ctx)).mode).toBe('serve')
      freeDisk()
      expect(integrity()).toBe('ok')
      const store = LibraryStore.open(dataDir)
      const ck = await store.latestValidCheckpoint(Number(runId))
      store.close()
      expect(ck?.step).toBeGreaterThan(0)

      // Resume: the first step trained is the one after the last valid checkpoint.
      const steps: number[] = []
      const off = services.bus.subscribe((e) => {
        if (e.type === 'run:progress' && e.runId === runId) {
          steps.push(e.step)
          if (steps.length === 1) void services.handlers.runs.stop({ id: runId }, ctx)
        }
      })
      await services.handlers.runs.resume({ id: runId }, ctx)
      const resumed = services.deps.jobs.list().find((j) => j.subjectId === runId && j.id !== jobId)
      expect((await jobEnd(resumed!.id)).state).toBe('done')
      off()
      expect(steps[0]).toBe(ck!.step + 1)
      expect((await services.handlers.runs.get({ id: runId }, ctx)).status).toBe('stopped')
    }
  )

  it('piece save: refused with a plain message, nothing half-saved; saved once space returns', async () => {
    const notes = Array.from({ length: 90_000 }, (_, i) => ({
      pitch: 40 + (i % 48),
      start: i * 120,
      duration: 120,
      velocity: 90
    }))
    const piece = {
      title: 'Long',
      ppq: 480,
      tempos: [{ tick: 0, bpm: 120 }],
      timeSignatures: [],
      tracks: [{ name: 'Piano', family: 1, program: 0, isDrum: false, notes }]
    }
    const before = (await services.handlers.pieces.list({}, ctx)).total
    fillDisk()
    await expect(services.handlers.pieces.save({ title: 'Long', piece }, ctx)).rejects.toThrow()
    const viaDispatcher = await services.dispatcher.call(
      'pieces:save',
      { title: 'Long', piece },
      { transport: 'ws' }
    )
    expect(viaDispatcher).toEqual({
      ok: false,
      error: { code: 'failed', message: DISK_FULL_MESSAGE }
    })
    freeDisk()
    expect(integrity()).toBe('ok')
    expect((await services.handlers.pieces.list({}, ctx)).total).toBe(before)
    const saved = await services.handlers.pieces.save({ title: 'Long', piece }, ctx)
    expect(
      (await services.handlers.pieces.get({ id: saved.id }, ctx)).piece.tracks[0].notes
    ).toHaveLength(90_000)
  })
})
