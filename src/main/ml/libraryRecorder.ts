// Persists a run's per-batch rows and checkpoint rows in the library (SQLite) from the training worker (T1, T4, L4).
import { statSync } from 'node:fs'
import { join } from 'node:path'
import {
  LibraryStore,
  addSample,
  noValidCheckpointMessage,
  setRunBackend,
  setRunStatus,
  type MetricWriter,
  type RunStatus
} from '../library'
import { describeBackend, type BackendChoice } from './backend'
import type { ModelConfig } from './config'
import { writeAtomic } from './checkpoint'
import { rawToPiece } from './generate'
import type { CheckpointEvent, StepMetrics, SampleEvent } from './trainer'

/** Where a run is recorded: the data folder holding library.sqlite and the run's row id. */
export interface LibraryTarget {
  dataDir: string
  runId: number
  /** Threshold of the pieces stored with samples (the composer's setting; 0.9 when not given). */
  threshold?: number
  /** The composer confirmed Restart from scratch: drop the run's rows and files and train from step 0. */
  restart?: boolean
}

/** The worker's connection to the library for one run. */
export class LibraryRecorder {
  private readonly writer: MetricWriter

  private constructor(
    private readonly store: LibraryStore,
    private readonly runId: number,
    private readonly threshold?: number
  ) {
    this.writer = store.metricWriter({ keepCheckpoints: 3 })
  }

  /** Open the library; `resumeFrom` is the checkpoint file to continue from (null: start over), per the library's rows. */
  static async open(
    t: LibraryTarget
  ): Promise<{ recorder: LibraryRecorder; resumeFrom: string | null }> {
    const store = LibraryStore.open(t.dataDir)
    const check = await store.resumeCheck(t.runId)
    // Issue 11.3: never drop a run's history unless the composer chose Restart from scratch.
    if (!check.checkpoint && check.hasHistory && !t.restart) {
      store.close()
      throw new Error(noValidCheckpointMessage(check.failed))
    }
    const ck = t.restart ? null : check.checkpoint
    // T4: rows, samples and checkpoints after the resume point go in the same transaction that marks the run resumed
    store.resumeRun(t.runId, ck ? ck.step : null)
    return {
      recorder: new LibraryRecorder(store, t.runId, t.threshold),
      resumeFrom: ck ? store.files.toAbs(ck.file) : null
    }
  }

  /** Queue one batch row (committed in batches). */
  metrics(r: StepMetrics): void {
    this.writer.add(this.runId, {
      step: r.step,
      epoch: r.epoch,
      gLoss: r.gLoss,
      dLoss: r.dLoss,
      gp: r.gp,
      wDist: r.wasserstein,
      lrG: r.lrG,
      lrD: r.lrD,
      wallMs: r.wallMs
    })
  }

  /** Commit the checkpoint row with every queued row up to its step, in one transaction (after the file is on disk). */
  checkpoint(c: CheckpointEvent): void {
    this.writer.checkpoint(this.runId, {
      epoch: c.epoch,
      step: c.step,
      file: this.store.files.toRel(c.file),
      sha256: c.sha256,
      size: statSync(c.file).size
    })
  }

  /** Store each sample's raw output as a file (<dir>/samples/) and a sample row with its piece; returns the row ids. */
  sample(e: SampleEvent, model: ModelConfig, dir: string): number[] {
    if (model.tracks !== 17) return []
    const ids: number[] = []
    const size = e.shape[1] * e.shape[2] * e.shape[3]
    for (let i = 0; i < e.shape[0]; i++) {
      const raw = e.raw.slice(i * size, (i + 1) * size)
      const file = join(dir, 'samples', `step${e.step}-${i}.f32`)
      const bytes = new Uint8Array(raw.buffer)
      const sha = writeAtomic(file, [bytes])
      const piece = rawToPiece({ shape: [1, e.shape[1], e.shape[2], e.shape[3]], raw }, model, 0, {
        title: `Epoch ${e.epoch} sample ${i + 1}`,
        threshold: this.threshold
      })
      const id = addSample(this.store.db, this.runId, {
        epoch: e.epoch,
        step: e.step,
        seed: i,
        rawFile: this.store.files.toRel(file),
        rawSha256: sha,
        rawSize: bytes.byteLength,
        piece
      })
      ids.push(id)
    }
    return ids
  }

  /** Record the backend in use and why better ones were skipped (the run record and the UI show it). */
  backend(choice: BackendChoice): void {
    setRunBackend(this.store.db, this.runId, choice.name, describeBackend(choice))
  }

  /** Set the run's status (rows queued so far are committed first). */
  status(status: RunStatus, error: string | null = null): void {
    this.writer.flush()
    setRunStatus(this.store.db, this.runId, status, error)
  }

  /** Flush and close the connection. */
  close(): void {
    this.writer.close()
    this.store.close()
  }
}
