import type { z } from 'zod'
import type { BackendName, Preset } from './common'
import type { Piece } from '../music/piece'

// Result types of the API: what the views receive. Services map their own records to these.

/** The engine backend in use and why the better ones were not taken. */
export interface BackendInfo {
  name: BackendName
  reason: string
}

/** What the app is and where it keeps its data (the status bar, Help > About). */
export interface AppInfo {
  name: string
  version: string
  mode: 'desktop' | 'serve'
  platform: string
  versions: { node: string; electron?: string; chrome?: string }
  backend: BackendInfo | null
  dataDir: string
}

/** A file or folder the start-up check moved aside (relative to the data folder). */
export interface MovedAside {
  from: string
  to: string
}

/**
 * What the library's start-up check found and did. It deletes only what the app recorded as its own (interrupted
 * writes, deletes a crash cut short); anything else it moves aside to quarantine/ or just reports.
 */
export interface StartupReport {
  /** 'checking' until the check has run; 'failed' when it could not (error says why). */
  state: 'checking' | 'done' | 'failed'
  error: string | null
  /** Interrupted writes of the app's own (*.tmp in its run and dataset folders) that were removed. */
  tmpRemoved: string[]
  /** Deletes the user asked for that a crash cut short, finished now. */
  finishedDeletes: string[]
  /** Files the library lists that are gone or damaged (their rows are kept and marked). */
  missing: string[]
  corrupt: string[]
  /** Files in the library's folders that no row names (left where they are). */
  unknownFiles: string[]
  /** Folders and files the library does not own, moved out of its way (nothing is deleted). */
  quarantined: MovedAside[]
  /** Training runs and imports a crash or kill interrupted, now marked so they can be resumed or removed. */
  interrupted: { runs: { id: string; name: string }[]; imports: { id: string; name: string }[] }
}

/** The kinds of long work the status bar shows. */
export type JobKind = 'import' | 'training' | 'generation' | 'export'

/** A long-running job and its progress (0..1, or null while unknown). */
export interface JobStatus {
  id: string
  kind: JobKind
  label: string
  state: 'running' | 'paused' | 'done' | 'failed' | 'cancelled'
  progress: number | null
  message?: string
  /** The library object the job works on (dataset or run id). */
  subjectId?: string
}

/** A summary row of a dataset. */
export interface DatasetSummary {
  id: string
  name: string
  status: 'importing' | 'ready' | 'failed' | 'cancelled'
  createdAt: string
  fileCount: number
  errorCount: number
  segmentCount: number
  labels: string[]
}

/** One imported file's report. */
export interface FileReport {
  file: string
  status: 'ok' | 'error'
  tracks: { name: string; family: number; notes: number }[]
  notesKept: number
  notesDropped: { outOfRange: number; zeroLength: number }
  warnings: string[]
  error?: { code: string; message: string }
}

/** A dataset with its import report. */
export interface DatasetDetail extends DatasetSummary {
  files: FileReport[]
}

/** A folder or files the composer chose in a native dialog, known to the renderer only by id (E3). */
export interface SourceGrant {
  sourceId: string
  label: string
  fileCount: number
}

/** The losses of one training step. */
export interface Losses {
  g: number
  d: number
  gp: number
  wasserstein: number
}

/** A summary row of a training run. */
export interface RunSummary {
  id: string
  name: string
  datasetId: string
  preset: z.infer<typeof Preset>
  backend: string | null
  status: 'created' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed'
  createdAt: string
  updatedAt: string
  step: number
  epoch: number
  epochs: number
  lastLosses: Losses | null
}

/** A run with its full training config and the run it resumed. */
export interface RunDetail extends RunSummary {
  config: Record<string, unknown>
  resumedFrom: string | null
}

/** One metric's curve, downsampled to buckets (min, max, mean per bucket). */
export interface CurveSeries {
  runId: string
  metric: string
  x: number[]
  min: number[]
  max: number[]
  mean: number[]
}

/** A sample the trainer kept at an epoch. */
export interface SampleSummary {
  id: string
  runId: string
  epoch: number
  step: number
  createdAt: string
  /** Notes in the sample's stored piece (raw output at the run's threshold when it was recorded). */
  notes?: number
  /** No note at all: a run whose samples stay empty after its first epochs is not learning (or needs a lower threshold). */
  empty?: boolean
  /** The threshold the run's samples are read at: 0.5 for a straight-through run, else the paper's 0.9 (runThreshold). */
  threshold: number
}

/** A stored checkpoint. */
export interface CheckpointSummary {
  id: string
  runId: string
  epoch: number
  step: number
  createdAt: string
  sizeBytes: number
}

/** A metrics table: one row per subject ('real' or a run id), metric and variant. */
export interface MetricsTable {
  rows: { subject: string; metric: string; variant: string; mean: number; sd: number | null }[]
}

/** A model that can generate: the shipped default, another shipped model (resources/models/*) or a checkpoint. */
export interface ModelSummary {
  id: string
  kind: 'default' | 'shipped' | 'checkpoint'
  label: string
  runId: string | null
  epoch: number | null
  /** The threshold the model was evaluated at and recommends (null: none stored, use the settings' default). */
  recommendedThreshold: number | null
  /** The threshold it recommends for each of the 17 families, where it stores one per family (others: the single one). */
  recommendedThresholds?: number[] | null
  /** Mean and sd of each metric over the real data the model was trained on, where the model ships them. */
  realMetrics?: Record<string, { mean: number; sd: number | null }> | null
  /** Trained on segments moved to C major / A minor (train.alignKey): its pieces come out in that key. */
  keyAligned?: boolean
}

/** One generated piece of a generation. */
export interface GeneratedItem {
  index: number
  seed: number
  piece: Piece
}

/** The pieces of one generate call, kept so they can be re-binarised without generating again. */
export interface Generation {
  generationId: string
  items: GeneratedItem[]
}

/** A summary row of a stored piece. */
export interface PieceSummary {
  id: string
  title: string
  tags: string[]
  favourite: boolean
  createdAt: string
  updatedAt: string
  trackCount: number
  noteCount: number
  source: 'generated' | 'sample' | 'imported' | 'edited' | 'new'
  /** A generated piece's model, seed and settings (null: not generated, or saved before pieces recorded them). */
  generatedFrom: GeneratedFromSummary | null
}

/** What made a generated piece: enough to make it again (the model's run may have been renamed or deleted since). */
export interface GeneratedFromSummary {
  /** "Run name, epoch N", or null when that run or checkpoint is gone. */
  model: string | null
  seed: number
  threshold: number
  /** Semitones its pitched tracks were moved from the model's key. */
  transpose: number
  /** The noise's scale (1 = as trained). */
  variety: number
}

/** A stored piece with its notes. */
export interface PieceRecord extends PieceSummary {
  piece: Piece
}

/** A file written to the exports folder, known by id. */
export interface ExportResult {
  exportId: string
  fileName: string
}

/** A real segment of a dataset as a piece, with an id stable for the dataset (listening tests, real-data SSMs). */
export interface RealSegment {
  id: string
  piece: Piece
}

/** A run's or dataset's favourite flag and tags (Library view stars and tag chips). */
export interface Marks {
  id: string
  favourite: boolean
  tags: string[]
}
