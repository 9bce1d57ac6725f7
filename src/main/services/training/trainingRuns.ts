import { ApiError } from '../../../shared/api/errors'
import type { Settings } from '../../../shared/api/domains/settings'
import type { ApiEvent } from '../../../shared/api/events'
import type { BackendInfo } from '../../../shared/api/types'
import { runThreshold } from '../../../shared/music/pianoroll'
import { describeBackend } from '../../ml/backendChoice'
import {
  failureMessage,
  getDataset,
  getRun,
  setRunBackend,
  setRunStatus
} from '../../library/index'
import type { RunConfig } from '../../ml/config'
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
  runName: string
  datasetId: number
}

/** Runs training in worker threads; their events become library rows, API events and job updates. */
export class TrainingRuns {
  readonly live = new Map<number, Live>()
  /** Workers whose job has ended (stopped, finished, failed: then terminated) and that have not exited yet. */
  private readonly exiting = new Map<number, TrainingHandle>()
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
    await Promise.all([...waits, ...[...this.exiting.values()].map((h) => h.done)])
  }

  /** Wait until the run's previous worker has exited, so a resume never trains or writes beside it. */
  async exited(runId: number): Promise<void> {
    const handle = this.exiting.get(runId)
    if (!handle) return
    // A stopped worker exits within moments; one that does not (a stuck native call) is ended, never waited on forever.
    const timer = setTimeout(() => void handle.terminate(), 10_000)
    await handle.done.finally(() => clearTimeout(timer))
  }

  /** The name of a run training (or paused in its worker) on the dataset, or null. */
  trainingOn(datasetId: number): string | null {
    for (const l of this.live.values()) if (l.datasetId === datasetId) return l.runName
    return null
  }

  /** Start (or resume, from the library's latest valid checkpoint; or restart from scratch) a run's worker. */
  launch(runId: number, resume: boolean, restart = false): string {
    const { store, jobs } = this.deps
    const run = getRun(store.db, runId)!
    const dataset = run.datasetId === null ? undefined : getDataset(store.db, run.datasetId)
    if (!dataset)
      throw new ApiError(
        'conflict',
        'This run’s dataset was deleted, so the run cannot train any more. Its samples and checkpoints stay.'
      )
    const { backend, threshold } = this.deps.settings.get()
    setRunStatus(store.db, runId, 'running')
    const handle = startTraining({
      config: run.config as RunConfig,
      dataset: { kind: 'folder', path: store.files.datasetDir(dataset.id), name: dataset.name },
      dir: store.files.runDir(runId),
      resume,
      backend: backend === 'auto' ? undefined : backend,
      library: {
        dataDir: store.files.root,
        runId,
        threshold: runThreshold((run.config as RunConfig).train, threshold),
        restart
      }
    })
    const job = jobs.start('training', `Training ${run.name}`, String(runId))
    this.live.set(runId, { handle, jobId: job.id, runName: run.name, datasetId: dataset.id })
    const mine = () => this.live.get(runId)?.handle === handle
    handle.on('event', (e: TrainEvent) => {
      // A worker whose job has ended (failed, stopped) no longer speaks for the run: a resumed worker may have it now.
      if (!mine()) return
      // A failure here (a full disk refusing a status write) fails this run's job, never the process (issue 11 item 4).
      try {
        this.onEvent(runId, run.config as RunConfig, job.id, e)
      } catch (err) {
        this.fail(runId, job.id, failureMessage('Training', err, 'resume the run'))
      }
    })
    void handle.done.then(() => {
      // Only this worker's own entry: its exit can come after a Resume launched the next one (the full-disk race).
      if (mine()) {
        const state = jobs.get(job.id)?.state
        if (state === 'running' || state === 'paused')
          this.fail(runId, job.id, 'Training stopped unexpectedly. Resume the run to continue.')
        else this.live.delete(runId)
      }
      if (this.exiting.get(runId) === handle) this.exiting.delete(runId)
    })
    return job.id
  }

  /**
   * Mark a run's job failed with a plain message, and its row when the library still takes writes. Its worker is
   * terminated: a failed job never leaves a worker training behind it.
   */
  private fail(runId: number, jobId: string, message: string): void {
    void this.retire(runId)?.terminate()
    this.deps.jobs.update(jobId, { state: 'failed', message })
    try {
      setRunStatus(this.deps.store.db, runId, 'failed', message)
    } catch (err) {
      console.error(`run ${runId}: could not record the failure`, err)
    }
  }

  /** The run takes no more commands from its worker, which is on its way out; a resume waits for its exit. */
  private retire(runId: number): TrainingHandle | undefined {
    const handle = this.live.get(runId)?.handle
    this.live.delete(runId)
    if (handle) this.exiting.set(runId, handle)
    return handle
  }

  private publish(e: ApiEvent): void {
    this.deps.bus.publish(e)
  }

  private onEvent(runId: number, config: RunConfig, jobId: string, e: TrainEvent): void {
    const { store, jobs } = this.deps
    const db = store.db
    switch (e.type) {
      case 'ready': {
        const reason = describeBackend(e.backend)
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
          totalSteps: e.totalSteps,
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
        // The worker stored the samples (file and row); announce them.
        for (const id of e.sampleIds)
          this.publish({
            type: 'run:sample',
            runId: String(runId),
            sampleId: String(id),
            epoch: e.epoch
          })
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
        this.retire(runId)
        setRunStatus(db, runId, e.type === 'stopped' ? 'stopped' : 'completed')
        jobs.update(jobId, { state: 'done', progress: 1, message: e.type })
        break
      case 'error':
        this.fail(runId, jobId, e.message)
        break
    }
  }
}
