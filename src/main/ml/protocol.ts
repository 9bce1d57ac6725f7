// Messages between the main thread and the training worker (structured-clone safe: plain objects and typed arrays).
import type { BackendChoice, BackendName } from './backend'
import type { RunConfig } from './config'
import type { CheckpointEvent, StepMetrics, SampleEvent } from './trainer'

/** Where the worker gets its data: synthetic rolls (tests, benchmarks) or a dataset folder built by music-core. */
export type DatasetSpec =
  | { kind: 'synthetic'; count: number; seed: number }
  | { kind: 'folder'; path: string; name: string }

/** The start message: everything a run needs. */
export interface StartTraining {
  type: 'start'
  config: RunConfig
  dataset: DatasetSpec
  /** Folder of the run's checkpoints. */
  dir: string
  resume: boolean
  backend?: BackendName
  /** Stop after this many batches (tests); the run's schedule otherwise. */
  maxSteps?: number
  /** Record rows and checkpoints in the library (data folder + run id); resume then follows the library's rows. */
  library?: { dataDir: string; runId: number; threshold?: number; restart?: boolean }
}

/** Commands the main thread sends. */
export type TrainCommand = StartTraining | { type: 'pause' } | { type: 'resume' } | { type: 'stop' }

/** Progress of one batch with rate and ETA. */
export interface ProgressEvent {
  type: 'progress'
  row: StepMetrics
  totalSteps: number
  stepsPerSec: number
  etaSec: number
  numTensors: number
}

/** Events the worker posts. */
export type TrainEvent =
  | {
      type: 'ready'
      backend: BackendChoice
      step: number
      totalSteps: number
      skippedCheckpoints: string[]
    }
  | ProgressEvent
  | ({ type: 'sample'; sampleIds: number[] } & SampleEvent)
  | ({ type: 'checkpoint' } & CheckpointEvent)
  | { type: 'paused'; step: number }
  | { type: 'resumed'; step: number }
  | { type: 'stopped'; step: number }
  | { type: 'finished'; step: number; reason: 'end' | 'limit' }
  | { type: 'error'; message: string }
