// The training loop: critic and generator updates, LR decay, samples, checkpoints and exact resume.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { tf } from './tf'
import { ExactAdam } from './adam'
import { backendChoice } from './backend'
import type { RunConfig } from './config'
import type { BatchSource, DatasetIdentity } from './data'
import { permutation } from './data'
import { buildGan, disposeGan, generator, type Gan } from './models'
import { criticStep, generatorStep, seedsFor, stepSeed } from './steps'
import {
  loadCheckpoint,
  loadLatestCheckpoint,
  removeTempFiles,
  saveCheckpoint,
  stateHash,
  type CheckpointContent
} from './checkpoint'
import { restoreState, snapshotState } from './state'
import { keyShift, transposeRoll } from './augment'

/** Metrics of one batch (one critic update; gLoss when a generator update followed it). */
export interface StepMetrics {
  step: number
  epoch: number
  gLoss: number | null
  dLoss: number
  gp: number
  wasserstein: number
  lrG: number
  lrD: number
  /** Milliseconds since this session of the run started (the library's wallMs). */
  wallMs: number
  /** Milliseconds this batch took. */
  stepMs: number
}

/** Raw sigmoid outputs of the fixed sample noise, [count, steps, pitches, tracks] flattened. */
export interface SampleEvent {
  step: number
  epoch: number
  shape: [number, number, number, number]
  raw: Float32Array
}

/** Why a checkpoint was written. */
export type CheckpointReason = 'schedule' | 'pause' | 'stop' | 'end'

/** A checkpoint that is on disk (atomically) and verified: what the library records in its row. */
export interface CheckpointEvent {
  file: string
  sha256: string
  step: number
  epoch: number
  reason: CheckpointReason
}

/** Callbacks the worker and the library wire to (persisting rows is the library's job). */
export interface TrainerHooks {
  onMetrics?(row: StepMetrics): void
  onSample?(e: SampleEvent): void
  onCheckpoint?(e: CheckpointEvent): void
}

/** Metadata stored in every checkpoint besides the tensors. */
export interface CheckpointMeta {
  version: 1
  config: RunConfig
  step: number
  epoch: number
  /** The data-order cursor: epoch permutation seed and position in it (derived from step, stored for readers). */
  cursor: { epoch: number; batch: number }
  seed: number
  lr: { g: number; d: number }
  dataset: DatasetIdentity
  backend: string
  createdAt: string
}

/** Options of Trainer.open. */
export interface TrainerOptions {
  config: RunConfig
  source: BatchSource
  /** Folder of this run's checkpoints. */
  dir: string
  hooks?: TrainerHooks
  /** Continue from the newest valid checkpoint in dir when there is one. */
  resume?: boolean
  /** Continue from this checkpoint file (the library's latest valid row); overrides `resume`. */
  resumeFrom?: string
}

/** One training run; drive it with run() and stop it between steps with requestStop(). */
export class Trainer {
  step = 0
  private stopReason: 'pause' | 'stop' | null = null
  private perm: { epoch: number; order: number[] } | null = null
  private readonly startedAt = performance.now()
  /** Checkpoints skipped on resume because they were truncated or corrupt. */
  skippedCheckpoints: string[] = []
  /** The step whose checkpoint is on disk (written here or resumed from): never written twice (issue 11 item 2). */
  private saved: CheckpointEvent | null = null

  private constructor(
    readonly config: RunConfig,
    readonly gan: Gan,
    readonly optG: ExactAdam,
    readonly optD: ExactAdam,
    private readonly source: BatchSource,
    readonly dir: string,
    private readonly hooks: TrainerHooks
  ) {}

  /** Build the models (or resume them from the newest valid checkpoint in dir). */
  static async open(o: TrainerOptions): Promise<Trainer> {
    const { train, model } = o.config
    if (o.source.count < train.batchSize) throw new Error('dataset smaller than one batch')
    const gan = buildGan(model, train.seed)
    const optG = new ExactAdam(train.lrG, train.beta1, train.beta2)
    const optD = new ExactAdam(train.lrD, train.beta1, train.beta2)
    const t = new Trainer(o.config, gan, optG, optD, o.source, o.dir, o.hooks ?? {})
    removeTempFiles(o.dir)
    if (o.resumeFrom) await t.restore(loadCheckpoint<CheckpointMeta>(o.resumeFrom), o.resumeFrom)
    else if (o.resume) {
      const found = loadLatestCheckpoint<CheckpointMeta>(o.dir)
      if (found) {
        t.skippedCheckpoints = found.skipped
        await t.restore(found.content, found.file)
      }
    }
    return t
  }

  private async restore(content: CheckpointContent<CheckpointMeta>, file: string): Promise<void> {
    const meta = content.meta
    const ds = this.source.identity
    if (
      meta.dataset.name !== ds.name ||
      meta.dataset.count !== ds.count ||
      meta.dataset.hash !== ds.hash
    )
      throw new Error(`checkpoint was trained on ${meta.dataset.name}, not ${ds.name}`)
    await restoreState(this.gan, this.optG, this.optD, content.tensors)
    this.step = meta.step
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex')
    this.saved = { file, sha256, step: meta.step, epoch: meta.epoch, reason: 'schedule' }
  }

  /** Batches per epoch (the last partial batch is dropped). */
  get stepsPerEpoch(): number {
    return Math.floor(this.source.count / this.config.train.batchSize)
  }

  /** Total batches of the run. */
  get totalSteps(): number {
    return this.stepsPerEpoch * this.config.train.epochs
  }

  /** Completed epochs. */
  get epoch(): number {
    return Math.floor(this.step / this.stepsPerEpoch)
  }

  /** Learning rates at the current epoch (step decay). */
  learningRates(): { g: number; d: number } {
    const t = this.config.train
    const f = Math.pow(t.decayRate, Math.floor(this.epoch / t.decayEvery))
    return { g: t.lrG * f, d: t.lrD * f }
  }

  /** Ask the loop to stop after the current step, writing a checkpoint. */
  requestStop(reason: 'pause' | 'stop'): void {
    this.stopReason = reason
  }

  /** Withdraw a pause asked for but not reached yet (a resume arrived first); true when there was one. */
  cancelPause(): boolean {
    if (this.stopReason !== 'pause') return false
    this.stopReason = null
    return true
  }

  private async realBatch(): Promise<tf.Tensor4D> {
    const { batchSize } = this.config.train
    const e = this.epoch
    if (!this.perm || this.perm.epoch !== e)
      this.perm = {
        epoch: e,
        order: permutation(this.source.count, stepSeed(this.config.train.seed, e, 7))
      }
    const b = this.step % this.stepsPerEpoch
    const idx = this.perm.order.slice(b * batchSize, (b + 1) * batchSize)
    const { steps, pitches, tracks, lowestPitch } = this.config.model
    const dims: [number, number, number] = [steps, pitches, tracks]
    const data = await this.source.batch(idx)
    const k = this.config.train.transpose ?? 0
    if (this.config.train.alignKey)
      for (let i = 0; i < idx.length; i++)
        transposeRoll(data, i, dims, keyShift(data, i, dims, lowestPitch))
    else if (k > 0)
      for (let i = 0; i < idx.length; i++) {
        const shift = (stepSeed(this.config.train.seed, this.step * 64 + i, 8) % (2 * k + 1)) - k
        transposeRoll(data, i, dims, shift)
      }
    return tf.tensor4d(data, [idx.length, steps, pitches, tracks])
  }

  /** One batch: a critic update, then a generator update every nCritic batches. */
  async trainStep(): Promise<StepMetrics> {
    const t0 = performance.now()
    const cfg = this.config.train
    const lr = this.learningRates()
    this.optG.lr = lr.g
    this.optD.lr = lr.d
    const seed = cfg.seed
    const real = await this.realBatch()
    const r = criticStep(this.gan, this.optD, real, cfg, seedsFor(seed, this.step))
    let gLoss: number | null = null
    if ((this.step + 1) % cfg.nCritic === 0)
      gLoss = generatorStep(
        this.gan,
        this.optG,
        cfg.batchSize,
        cfg,
        stepSeed(seed, this.step, 5),
        stepSeed(seed, this.step, 6),
        // the same batch the critic saw: stats matching compares with it
        { real, augmentSeed: stepSeed(seed, this.step, 9) }
      )
    real.dispose()
    const epoch = this.epoch
    this.step++
    const row = {
      step: this.step,
      epoch,
      gLoss,
      ...r,
      lrG: lr.g,
      lrD: lr.d,
      wallMs: performance.now() - this.startedAt,
      stepMs: performance.now() - t0
    }
    this.hooks.onMetrics?.(row)
    return row
  }

  /** Raw generator output for the run's fixed sample noise (eval mode). */
  sample(): SampleEvent {
    const { sampleCount, seed } = this.config.train
    const { steps, pitches, tracks, zDim } = this.config.model
    const out = tf.tidy(() => {
      const z = tf.randomNormal(
        [sampleCount, zDim],
        0,
        1,
        'float32',
        stepSeed(seed, 0, 99)
      ) as tf.Tensor2D
      return generator(this.gan, z, 'eval')
    })
    const raw = out.dataSync() as Float32Array
    out.dispose()
    return {
      step: this.step,
      epoch: this.epoch,
      shape: [sampleCount, steps, pitches, tracks],
      raw: Float32Array.from(raw)
    }
  }

  /**
   * Write a checkpoint now (normalising Adam first, so live and resumed runs compute the same). A step already saved
   * (pause then stop, a stop or pause on an epoch-end step, resumed at the end) is not written again: rewriting it
   * would change the file under its library row; the saved one is returned instead.
   */
  async checkpoint(reason: CheckpointReason): Promise<CheckpointEvent> {
    if (this.saved?.step === this.step) return this.saved
    await this.optG.normalize()
    await this.optD.normalize()
    const tensors = await snapshotState(this.gan, this.optG, this.optD)
    const b = this.step % this.stepsPerEpoch
    const meta: CheckpointMeta = {
      version: 1,
      config: this.config,
      step: this.step,
      epoch: this.epoch,
      cursor: { epoch: this.epoch, batch: b },
      seed: this.config.train.seed,
      lr: this.learningRates(),
      dataset: this.source.identity,
      backend: backendChoice()?.name ?? tf.getBackend(),
      createdAt: new Date().toISOString()
    }
    const { file, sha256 } = saveCheckpoint(this.dir, this.step, { meta, tensors })
    const e = { file, sha256, step: this.step, epoch: this.epoch, reason }
    this.hooks.onCheckpoint?.(e)
    this.saved = e
    return e
  }

  private async afterStep(): Promise<void> {
    const t = this.config.train
    if (this.step % this.stepsPerEpoch !== 0) return
    const e = this.epoch
    if (t.sampleEvery > 0 && e % t.sampleEvery === 0) this.hooks.onSample?.(this.sample())
    if (t.checkpointEvery > 0 && e % t.checkpointEvery === 0 && this.step < this.totalSteps)
      await this.checkpoint('schedule')
  }

  /**
   * Train until the run ends, `maxSteps` more batches are done, or requestStop is called; yields to the event loop
   * between steps so control messages arrive. Writes a checkpoint on end, pause and stop.
   */
  async run(maxSteps = Infinity): Promise<'end' | 'pause' | 'stop' | 'limit'> {
    const last = Math.min(this.totalSteps, this.step + maxSteps)
    while (this.step < last) {
      await this.trainStep()
      await this.afterStep()
      await new Promise((r) => setImmediate(r))
      if (this.stopReason) {
        const reason = this.stopReason
        this.stopReason = null
        await this.checkpoint(reason)
        return reason
      }
    }
    if (this.step >= this.totalSteps) {
      await this.checkpoint('end')
      return 'end'
    }
    return 'limit'
  }

  /** sha256 of all weights and optimizer state (bit-identity checks). */
  async stateHash(): Promise<string> {
    return stateHash(await snapshotState(this.gan, this.optG, this.optD))
  }

  /** Free every tensor of the run. */
  dispose(): void {
    disposeGan(this.gan)
    this.optG.dispose()
    this.optD.dispose()
  }
}
