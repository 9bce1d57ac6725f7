import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Settings } from '../../../shared/api/domains/settings'
import type { ApiEvent } from '../../../shared/api/events'
import type { BackendInfo } from '../../../shared/api/types'
import { addSample, getDataset, getRun, setRunBackend, setRunStatus } from '../../library/index'
import type { RunConfig } from '../../ml/config'
import { rawToPiece } from '../../ml/generate'
import type { TrainEvent } from '../../ml/protocol'
import { startTraining, type TrainingHandle } from '../../ml/trainClient'
import type { ImportJobDeps } from '../import/importJob'

/** What the training launcher needs: library, jobs, events, and the settings (backend, threshold). */
export interface TrainingDeps extends ImportJobDeps {
  settings: { get(): Settings }
}

/** A run training now: its worker handle and its job in the status bar. */
interface Live {
  handle: TrainingHandle
  jobId: string
}

/** Runs training in worker threads; their events become library rows, API events and job updates. */
export class TrainingRuns {
  readonly live = new Map<number, Live>()
  private readonly lastJobUpdate = new Map<number, number>()
  /** The backend the last worker reported (app.info shows it). */
  backend: BackendInfo | null = null

  constructor(private readonly deps: TrainingDeps) {}

  /** Stop every training worker (a checkpoint is written on stop) and wait for them to exit (app quit, tests). */
  async stopAll(timeoutMs = 10_000): Promise<void> {
    const waits = [...this.live.values()].map(({ handle }) => {
      handle.stop()
      const timer = setTimeout(() => void handle.terminate(), timeoutMs)
      return handle.done.finally(() => clearTimeout(timer))
    })
    await Promise.all(waits)
  }

  /** Start (or resume, from the library's latest valid checkpoint) a run's worker. */
  launch(runId: number, resume: boolean): string {
    const { store, jobs } = this.deps
    const run = getRun(store.db, runId)!
    const dataset = run.datasetId === null ? undefined : getDataset(store.db, run.datasetId)
    if (!dataset) throw new Error('the run’s dataset is gone')
    const backend = this.deps.settings.get().backend
    const handle = startTraining({
      config: run.config as RunConfig,
      dataset: { kind: 'folder', path: store.files.datasetDir(dataset.id), name: dataset.name },
      dir: store.files.runDir(runId),
      resume,
      backend: backend === 'auto' ? undefined : backend,
      library: { dataDir: store.files.root, runId }
    })
    const job = jobs.start('training', `Training ${run.name}`, String(runId))
    this.live.set(runId, { handle, jobId: job.id })
    setRunStatus(store.db, runId, 'running')
    handle.on('event', (e: TrainEvent) => this.onEvent(runId, run.config as RunConfig, job.id, e))
    void handle.done.then(() => this.live.delete(runId))
    return job.id
  }

  private publish(e: ApiEvent): void {
    this.deps.bus.publish(e)
  }

  private onEvent(runId: number, config: RunConfig, jobId: string, e: TrainEvent): void {
    const { store, jobs } = this.deps
    const db = store.db
    switch (e.type) {
      case 'ready': {
        const reason = e.backend.skipped.join('; ') || 'the best available backend'
        this.backend = { name: e.backend.name, reason }
        setRunBackend(db, runId, e.backend.name, reason)
        break
      }
      case 'progress': {
        const r = e.row
        this.publish({
          type: 'run:progress',
          runId: String(runId),
          step: r.step,
          epoch: r.epoch,
          epochs: config.train.epochs,
          stepsPerSecond: e.stepsPerSec,
          etaSeconds: Number.isFinite(e.etaSec) ? e.etaSec : null,
          losses: { g: r.gLoss ?? NaN, d: r.dLoss, gp: r.gp, wasserstein: r.wasserstein }
        })
        // The status bar needs a few updates a second, not one per step (run:progress carries every step).
        const now = Date.now()
        if (now - (this.lastJobUpdate.get(runId) ?? 0) >= 250) {
          this.lastJobUpdate.set(runId, now)
          jobs.update(jobId, { progress: e.totalSteps > 0 ? r.step / e.totalSteps : null })
        }
        break
      }
      case 'sample':
        this.onSample(runId, config, e)
        break
      case 'paused':
        setRunStatus(db, runId, 'paused')
        jobs.update(jobId, { state: 'paused' })
        break
      case 'resumed':
        setRunStatus(db, runId, 'running')
        jobs.update(jobId, { state: 'running' })
        break
      case 'stopped':
      case 'finished':
        // The worker exits next; the run takes no more commands from now on.
        this.live.delete(runId)
        setRunStatus(db, runId, e.type === 'stopped' ? 'stopped' : 'completed')
        jobs.update(jobId, { state: 'done', progress: 1, message: e.type })
        break
      case 'error':
        this.live.delete(runId)
        setRunStatus(db, runId, 'failed', e.message)
        jobs.update(jobId, { state: 'failed', message: e.message })
        break
    }
  }

  /** Keep the raw output (the threshold can change later) and the binarised pieces of a sample batch. */
  private onSample(
    runId: number,
    config: RunConfig,
    e: Extract<TrainEvent, { type: 'sample' }>
  ): void {
    const { store } = this.deps
    const file = store.files.samplePath(runId, e.epoch, 0)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, Buffer.from(e.raw.buffer, e.raw.byteOffset, e.raw.byteLength))
    const threshold = this.deps.settings.get().threshold
    for (let i = 0; i < e.shape[0]; i++) {
      const piece = rawToPiece({ shape: e.shape, raw: e.raw }, config.model, i, {
        threshold,
        title: `Epoch ${e.epoch} sample ${i + 1}`
      })
      const id = addSample(store.db, runId, {
        epoch: e.epoch,
        step: e.step,
        seed: i,
        rawFile: store.files.toRel(file),
        rawSize: e.raw.byteLength,
        piece
      })
      this.publish({
        type: 'run:sample',
        runId: String(runId),
        sampleId: String(id),
        epoch: e.epoch
      })
    }
  }
}
