// Worker-thread entry of training: the main thread never waits on a step; it sends commands and receives events.
import type { RollConfig } from '../../shared/music/pianoroll'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../workers/priority'
import { initBackend } from './backend'
import { assertSelfTest } from './selfTest'
import { syntheticSource, type BatchSource } from './data'
import { openDatasetSource } from './datasetSource'
import { Trainer } from './trainer'
import { LibraryRecorder } from './libraryRecorder'
import { failureMessage } from '../library/failures'
import { tf } from './tf'
import type { DatasetSpec, StartTraining, TrainCommand, TrainEvent } from './protocol'

const port = parentPort
if (!port) throw new Error('trainWorker must run in a worker thread')
const post = (e: TrainEvent) => port.postMessage(e)
// Training yields the CPU to the main thread, which must keep answering the UI (L3).
lowerThreadPriority()

let trainer: Trainer | null = null
/** The run's real segments; closed when the worker finishes (its cache file would otherwise wait for GC). */
let source: BatchSource | null = null
let recorder: LibraryRecorder | null = null
let paused = false
let stopRequested = false
/** A Pause that arrived while the worker was starting. */
let pauseRequested = false
/** Set once the worker is stopping: later commands are ignored (a resume must not restart the loop mid-stop). */
let stopping = false

function sourceOf(
  spec: DatasetSpec,
  shape: [number, number, number],
  roll?: RollConfig
): Promise<BatchSource> {
  if (spec.kind === 'synthetic')
    return Promise.resolve(syntheticSource(spec.count, shape, spec.seed))
  return openDatasetSource(spec.path, spec.name, shape, 'train', roll)
}

function rateTracker(total: () => number) {
  const times: number[] = []
  return (step: number) => {
    times.push(performance.now())
    if (times.length > 20) times.shift()
    const span = (times[times.length - 1] - times[0]) / 1000
    const stepsPerSec = times.length > 1 && span > 0 ? (times.length - 1) / span : 0
    const etaSec = stepsPerSec > 0 ? (total() - step) / stepsPerSec : Infinity
    return { stepsPerSec, etaSec }
  }
}

async function loop(maxSteps?: number): Promise<void> {
  const t = trainer!
  const reason = await t.run(maxSteps === undefined ? Infinity : Math.max(0, maxSteps - t.step))
  if (reason === 'pause') {
    paused = true
    recorder?.status('paused')
    post({ type: 'paused', step: t.step })
    if (stopRequested) await stop()
    return
  }
  if (reason === 'stop') return stop()
  if (reason === 'end') recorder?.status('completed')
  post({ type: 'finished', step: t.step, reason })
  finish()
}

function finish(): void {
  trainer?.dispose()
  trainer = null
  source?.close?.().catch(() => {}) // read-only: nothing is lost if closing fails
  source = null
  recorder?.close()
  recorder = null
  port!.close()
}

async function stop(): Promise<void> {
  stopping = true
  const t = trainer!
  // A paused run's checkpoint at this step is already on disk; checkpoint() returns it without writing again.
  if (paused) await t.checkpoint('stop')
  recorder?.status('stopped')
  post({ type: 'stopped', step: t.step })
  finish()
}

async function start(m: StartTraining): Promise<void> {
  const backend = await initBackend(m.backend)
  assertSelfTest()
  const { steps, pitches, tracks } = m.config.model
  source = await sourceOf(m.dataset, [steps, pitches, tracks], m.config.model.roll)
  const rate = rateTracker(() => trainer?.totalSteps ?? 0)
  let resumeFrom: string | undefined
  if (m.library) {
    const lib = await LibraryRecorder.open(m.library)
    recorder = lib.recorder
    resumeFrom = lib.resumeFrom ?? undefined
    recorder.backend(backend)
  }
  trainer = await Trainer.open({
    config: m.config,
    source,
    dir: m.dir,
    resume: m.resume && !m.library,
    resumeFrom,
    hooks: {
      onMetrics: (row) => {
        recorder?.metrics(row)
        const { stepsPerSec, etaSec } = rate(row.step)
        const numTensors = tf.memory().numTensors
        post({
          type: 'progress',
          row,
          totalSteps: trainer!.totalSteps,
          stepsPerSec,
          etaSec,
          numTensors
        })
      },
      onSample: (s) => {
        // The one place samples are stored (file + row); main only announces them (issue 11 item 9).
        const sampleIds = recorder?.sample(s, m.config.model, m.dir) ?? []
        post({ type: 'sample', ...s, sampleIds })
      },
      onCheckpoint: (c) => {
        recorder?.checkpoint(c)
        post({ type: 'checkpoint', ...c })
      }
    }
  })
  const t = trainer
  post({
    type: 'ready',
    backend,
    step: t.step,
    totalSteps: t.totalSteps,
    skippedCheckpoints: t.skippedCheckpoints
  })
  maxStepsOfRun = m.maxSteps
  // A Stop that came while the worker was starting (an early Ctrl+C) ends the run before its first step: recorded
  // as stopped, with no new checkpoint (a resumed run keeps the one it started from).
  if (stopRequested) return stop()
  if (pauseRequested) t.requestStop('pause')
  await loop(m.maxSteps)
}

let maxStepsOfRun: number | undefined

async function handle(cmd: TrainCommand): Promise<void> {
  if (cmd.type === 'start') return start(cmd)
  if (stopping) return
  // Before the trainer exists, start() honours the last word once the run is open: a Stop ends the run before its
  // first step; a Pause pauses after it (with its checkpoint), unless a Resume withdrew it.
  if (!trainer) {
    if (cmd.type === 'stop') stopRequested = true
    else pauseRequested = cmd.type === 'pause'
    return
  }
  if (cmd.type === 'pause' && !paused) trainer.requestStop('pause')
  if (cmd.type === 'resume' && !paused) trainer.cancelPause()
  if (cmd.type === 'resume' && paused) {
    paused = false
    recorder?.status('running')
    post({ type: 'resumed', step: trainer.step })
    await loop(maxStepsOfRun)
  }
  if (cmd.type === 'stop') {
    stopRequested = true
    if (paused) await stop()
    else trainer.requestStop('stop')
  }
}

port.on('message', (cmd: TrainCommand) => {
  handle(cmd).catch((err) => {
    console.error('training worker:', err)
    post({ type: 'error', message: failureMessage('Training', err, 'resume the run') })
    port.close()
  })
})
