import { guarded } from '../../state/guarded'
import type { ComposerApi, DatasetDetail, EventOf, SourceGrant } from '@shared/api'
import { blankAdvanced, failureLines, labelList, segmentOptions } from './importForm'

/** The part of window.composer an import uses. */
export type ImportClient = {
  datasets: Pick<ComposerApi['datasets'], 'chooseSource' | 'import' | 'cancelImport' | 'get'>
  events: Pick<ComposerApi['events'], 'on'>
}

/** Where an import stands: the form, running, or ended. */
export type ImportPhase = 'closed' | 'form' | 'running' | 'ended'

/** How an import ended. */
export type ImportOutcome = 'done' | 'failed' | 'cancelled'

/** Files done of total, failures so far and the file being read. */
export interface ImportProgress {
  done: number
  total: number
  errors: number
  file: string | null
}

type JobEnd = { state: ImportOutcome; message?: string }

/** State of one MIDI import from the Library: choose a source, name it, settings, start, progress, cancel, outcome. */
export class ImportState {
  phase = $state<ImportPhase>('closed')
  source = $state<SourceGrant | null>(null)
  labels = $state<SourceGrant | null>(null)
  name = $state('')
  advanced = $state(blankAdvanced())
  progress = $state<ImportProgress | null>(null)
  outcome = $state<ImportOutcome | null>(null)
  message = $state<string | null>(null)
  report = $state<DatasetDetail | null>(null)
  error = $state<string | null>(null)
  jobId = $state<string | null>(null)
  datasetId = $state<string | null>(null)

  readonly failures = $derived(this.report ? failureLines(this.report.files) : [])
  readonly imported = $derived(this.progress ? this.progress.done - this.progress.errors : 0)

  // Events may arrive before import() answers with the job id: keep them by job until it is known.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #ends = new Map<string, JobEnd>()
  #off: (() => void)[] = []

  /** onEnd hears the dataset id when an import finishes or fails (the library reloads and selects it). */
  constructor(
    private readonly api: ImportClient,
    private readonly onEnd: (datasetId: string, outcome: ImportOutcome) => void | Promise<void>
  ) {}

  /** Open the form (a running import stays on show instead). */
  open(): void {
    if (this.phase === 'running') return
    this.phase = 'form'
    this.error = null
  }

  /** Close the form or the outcome. */
  close(): void {
    if (this.phase !== 'running') this.phase = 'closed'
  }

  /** Ask main for music (a native dialog, or serve mode's music folder); names the dataset after it. */
  async choose(kind: 'midi-folder' | 'midi-files' | 'labels-csv' = 'midi-folder'): Promise<void> {
    await this.#guard(async () => {
      const grant = await this.api.datasets.chooseSource({ kind })
      if (!grant) return
      if (kind === 'labels-csv') this.labels = grant
      else {
        this.source = grant
        if (!this.name.trim()) this.name = grant.label.split(/[\\/]/).filter(Boolean).at(-1) ?? ''
      }
    })
  }

  /** Start the import with the name and settings; false (with a reason in error) when something is missing. */
  async start(): Promise<boolean> {
    const segments = segmentOptions(this.advanced)
    if (!this.source) return this.#refuse('Choose the music to import first.')
    if (!this.name.trim()) return this.#refuse('Give the new dataset a name.')
    if (!segments.ok) return this.#refuse(segments.error)
    const request = {
      name: this.name.trim(),
      sourceId: this.source.sourceId,
      labelsSourceId: this.labels?.sourceId,
      labelFilter: this.labels ? labelList(this.advanced.labelFilter) : undefined,
      segments: segments.value
    }
    this.#listen()
    return this.#guard(async () => {
      const { jobId, datasetId } = await this.api.datasets.import(request)
      Object.assign(this, { jobId, datasetId, outcome: null, report: null, message: null })
      this.progress = { done: 0, total: this.source?.fileCount ?? 0, errors: 0, file: null }
      this.phase = 'running'
      const early = this.#ends.get(jobId)
      if (early) await this.#finish(early)
    })
  }

  /** Cancel the running import (main removes what it had imported). */
  async cancel(): Promise<void> {
    const jobId = this.jobId
    if (this.phase !== 'running' || !jobId) return
    await this.#guard(() => this.api.datasets.cancelImport({ jobId }))
  }

  /** Stop listening to events (the view calls it on destroy). */
  dispose(): void {
    for (const off of this.#off.splice(0)) off()
  }

  #listen(): void {
    if (this.#off.length) return
    this.#off.push(
      this.api.events.on('import:progress', (e) => this.#onProgress(e)),
      this.api.events.on('job:status', ({ job }) => {
        if (job.state !== 'done' && job.state !== 'failed' && job.state !== 'cancelled') return
        const end = { state: job.state, message: job.message }
        if (job.id === this.jobId && this.phase === 'running') void this.#finish(end)
        else this.#ends.set(job.id, end)
      })
    )
  }

  #onProgress(e: EventOf<'import:progress'>): void {
    if (e.jobId !== this.jobId || this.phase !== 'running') return
    // the file's name only: the folder is the composer's (or the server's) business
    const file = e.file?.split(/[\\/]/).at(-1) ?? null
    this.progress = { done: e.done, total: e.total, errors: e.errors, file }
  }

  async #finish(end: JobEnd): Promise<void> {
    const datasetId = this.datasetId
    this.phase = 'ended'
    this.outcome = end.state
    this.message = end.state === 'cancelled' ? 'Import cancelled.' : (end.message ?? null)
    if (!datasetId) return
    if (end.state !== 'cancelled') {
      await this.#guard(async () => {
        this.report = await this.api.datasets.get({ id: datasetId })
      })
    }
    await this.onEnd(datasetId, end.state)
  }

  #refuse(reason: string): false {
    this.error = reason
    return false
  }

  #guard(fn: () => Promise<void>): Promise<boolean> {
    return guarded(this, fn)
  }
}
