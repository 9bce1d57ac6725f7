import type { ComposerApi, JobStatus } from '@shared/api'

/** The running jobs the status bar shows (imports, training), kept live from job and progress events. */
export class JobsState {
  jobs = $state<JobStatus[]>([])
  #off: (() => void)[] = []

  /** The job shown first in the status bar: training before imports, then the newest. */
  get current(): JobStatus | null {
    return this.jobs.find((j) => j.kind === 'training') ?? this.jobs.at(-1) ?? null
  }

  /** Load the jobs running now and follow their events; onFailed hears jobs that end in failure. */
  async start(api: ComposerApi, onFailed?: (job: JobStatus) => void): Promise<void> {
    const events = api.events
    this.#off.push(
      events.on('job:status', ({ job }) => {
        if (job.state === 'failed') onFailed?.(job)
        this.#apply(job)
      }),
      // The same figure as the Train header and main's job updates: steps done over the run's steps.
      events.on('run:progress', (e) =>
        this.#progress(e.runId, e.totalSteps > 0 ? e.step / e.totalSteps : null)
      ),
      events.on('import:progress', (e) =>
        this.#progress(e.datasetId, e.total > 0 ? e.done / e.total : null)
      )
    )
    this.jobs = await api.app.jobs()
  }

  /** Stop following events. */
  stop(): void {
    for (const off of this.#off.splice(0)) off()
  }

  #apply(job: JobStatus): void {
    const ended = job.state === 'done' || job.state === 'failed' || job.state === 'cancelled'
    const others = this.jobs.filter((j) => j.id !== job.id)
    this.jobs = ended ? others : [...others, job]
  }

  #progress(subjectId: string, progress: number | null): void {
    this.jobs = this.jobs.map((j) => (j.subjectId === subjectId ? { ...j, progress } : j))
  }
}
