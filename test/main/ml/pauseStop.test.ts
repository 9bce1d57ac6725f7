import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore, createRun, getRun, listCheckpoints } from '../../../src/main/library'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig, type RunConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { LibraryRecorder } from '../../../src/main/ml/libraryRecorder'
import type { TrainCommand, TrainEvent } from '../../../src/main/ml/protocol'
import { startTraining } from '../../../src/main/ml/trainClient'
import { Trainer } from '../../../src/main/ml/trainer'

// Issue 11 item 2: Pause then Stop, and a stop or pause on an epoch-end step, used to write a second checkpoint at the
// same step: the file was overwritten, the INSERT hit UNIQUE(run_id, step), the run failed and the row's sha256 no
// longer matched its file. Every command order must leave one verified checkpoint per step and resume from it.

// 8 synthetic segments in batches of 4: 2 steps an epoch, a checkpoint at every epoch end (steps 2, 4, 6, ...).
const config: RunConfig = presetConfig('test', { epochs: 6, checkpointEvery: 1, sampleEvery: 0 })
const data = mkdtempSync(join(tmpdir(), 'b2b-pausestop-'))
beforeAll(async () => {
  await initBackend('wasm')
})
afterAll(() => rmSync(data, { recursive: true, force: true }))

function newRun(name: string): number {
  const store = LibraryStore.open(data)
  const id = createRun(store.db, { name, preset: 'test', config })
  store.close()
  return id
}

/** Every checkpoint row of the run, with whether its file's sha256 is the row's. */
function checkpointRows(runId: number) {
  const store = LibraryStore.open(data)
  const rows = listCheckpoints(store.db, runId).map((c) => {
    const bytes = readFileSync(store.files.toAbs(c.file))
    return { step: c.step, matches: createHash('sha256').update(bytes).digest('hex') === c.sha256 }
  })
  const status = getRun(store.db, runId)!.status
  store.close()
  return { rows, status }
}

/** The trainer in this thread, recording into the library like the worker does. */
async function openTrainer(runId: number, onStep: (t: Trainer, step: number) => void) {
  const { recorder, resumeFrom } = await LibraryRecorder.open({ dataDir: data, runId })
  const t: Trainer = await Trainer.open({
    config,
    source: syntheticSource(8, [16, 12, 17], 3),
    dir: join(data, 'runs', String(runId)),
    resumeFrom: resumeFrom ?? undefined,
    hooks: {
      onMetrics: (r) => {
        recorder.metrics(r)
        onStep(t, r.step)
      },
      onCheckpoint: (c) => recorder.checkpoint(c)
    }
  })
  return { t, recorder }
}

/** A worker run of runId; `act` sends commands on events. Resolves with all events when the worker exits. */
function work(
  runId: number,
  act: (e: TrainEvent, send: (c: TrainCommand['type']) => void) => void,
  early: TrainCommand['type'][] = []
): Promise<TrainEvent[]> {
  const h = startTraining({
    config,
    dataset: { kind: 'synthetic', count: 8, seed: 3 },
    dir: join(data, 'runs', String(runId)),
    resume: true,
    backend: 'wasm',
    library: { dataDir: data, runId }
  })
  const events: TrainEvent[] = []
  const send = (c: TrainCommand['type']) =>
    c === 'pause' ? h.pause() : c === 'resume' ? h.resume() : h.stop()
  h.on('event', (e: TrainEvent) => {
    events.push(e)
    act(e, send)
  })
  // Sent at once: they reach the worker while it is still starting (backend, data, library), before 'ready'.
  for (const c of early) send(c)
  return h.done.then(() => events)
}

describe('pause, stop and resume write one checkpoint per step', () => {
  it('a stop landing on an epoch-end step keeps the scheduled checkpoint and resumes from it', async () => {
    const runId = newRun('epoch-end stop')
    const { t, recorder } = await openTrainer(runId, (tr, step) => {
      if (step === 4) tr.requestStop('stop')
    })
    expect(await t.run()).toBe('stop')
    t.dispose()
    recorder.close()
    const { rows } = checkpointRows(runId)
    expect(rows).toEqual([
      { step: 2, matches: true },
      { step: 4, matches: true }
    ])
    const again = await openTrainer(runId, () => {})
    expect(again.t.step).toBe(4)
    again.t.dispose()
    again.recorder.close()
  })

  it('a pause on the last step, then resume, ends the run without a second checkpoint at that step', async () => {
    const runId = newRun('pause at the end')
    const { t, recorder } = await openTrainer(runId, (tr, step) => {
      if (step === 12) tr.requestStop('pause')
    })
    expect(await t.run()).toBe('pause')
    expect(await t.run()).toBe('end')
    t.dispose()
    recorder.status('completed')
    recorder.close()
    const { rows, status } = checkpointRows(runId)
    expect(rows.at(-1)).toEqual({ step: 12, matches: true })
    expect(rows.every((r) => r.matches)).toBe(true)
    expect(status).toBe('completed')
  })

  it('pause then stop in the worker: stopped (not failed), verified checkpoint, resume continues from it', async () => {
    const runId = newRun('pause then stop')
    let pausedAt = -1
    const first = await work(runId, (e, send) => {
      if (e.type === 'progress' && e.row.step === 3) send('pause')
      if (e.type === 'paused') {
        pausedAt = e.step
        send('stop')
      }
    })
    expect(first.filter((e) => e.type === 'error')).toEqual([])
    expect(first.at(-1)).toMatchObject({ type: 'stopped', step: pausedAt })
    const after = checkpointRows(runId)
    expect(after.status).toBe('stopped')
    expect(after.rows.every((r) => r.matches)).toBe(true)
    expect(after.rows.at(-1)!.step).toBe(pausedAt)

    const second = await work(runId, (e, send) => {
      if (e.type === 'ready') send('stop')
    })
    expect(second.filter((e) => e.type === 'error')).toEqual([])
    expect(second.find((e) => e.type === 'ready')).toMatchObject({ step: pausedAt })
  })

  it('a Stop or Pause sent while the worker starts is kept (it was dropped, and the run trained on)', async () => {
    const runId = newRun('early commands')
    const stopped = await work(runId, () => {}, ['stop'])
    expect(stopped.map((e) => e.type)).toEqual(['ready', 'stopped'])
    expect(stopped.at(-1)).toMatchObject({ type: 'stopped', step: 0 })
    expect(checkpointRows(runId)).toEqual({ rows: [], status: 'stopped' })

    let pausedAt = -1
    const paused = await work(
      runId,
      (e, send) => {
        if (e.type === 'paused') {
          pausedAt = e.step
          send('stop')
        }
      },
      ['pause']
    )
    expect(paused.filter((e) => e.type === 'error')).toEqual([])
    expect(pausedAt).toBe(1)
    expect(paused.at(-1)).toMatchObject({ type: 'stopped', step: 1 })
    const { rows, status } = checkpointRows(runId)
    expect(status).toBe('stopped')
    expect(rows).toEqual([{ step: 1, matches: true }])
  })

  it('pause, stop and resume in any order never fail the run', async () => {
    const runId = newRun('any order')
    const orders: TrainCommand['type'][][] = [
      ['resume', 'pause', 'pause', 'resume', 'pause', 'stop', 'stop', 'resume'],
      ['stop', 'pause', 'resume', 'stop'],
      ['pause', 'resume', 'resume', 'pause', 'stop']
    ]
    for (const order of orders) {
      const events = await work(runId, (e, send) => {
        if (e.type === 'ready' || e.type === 'paused' || e.type === 'resumed')
          for (const c of order.splice(0, 2)) send(c)
      })
      expect(events.filter((e) => e.type === 'error')).toEqual([])
      expect(['stopped', 'finished']).toContain(events.at(-1)!.type)
      const { rows, status } = checkpointRows(runId)
      expect(rows.every((r) => r.matches)).toBe(true)
      expect(['stopped', 'completed']).toContain(status)
    }
  })
})
