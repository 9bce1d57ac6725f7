import type { JobKind, JobStatus } from '../../shared/api/types'
import type { EventBus } from '../ipc/events'
import { newId } from './files'

/** Long-running jobs (imports, training) the status bar shows; every change is published as a job:status event. */
export class JobRegistry {
  #jobs = new Map<string, JobStatus>()
  readonly #bus: EventBus

  constructor(bus: EventBus) {
    this.#bus = bus
  }

  /** Start tracking a job; returns its status (state running, progress unknown). */
  start(kind: JobKind, label: string, subjectId?: string, id: string = newId()): JobStatus {
    const job: JobStatus = { id, kind, label, state: 'running', progress: null, subjectId }
    this.#jobs.set(id, job)
    this.#bus.publish({ type: 'job:status', job: { ...job } })
    return { ...job }
  }

  /** Change a job's state, progress or message; finished jobs leave the list (the event still tells the UI). */
  update(id: string, patch: Partial<Omit<JobStatus, 'id' | 'kind'>>): JobStatus | undefined {
    const job = this.#jobs.get(id)
    if (!job) return undefined
    Object.assign(job, patch)
    if (job.progress !== null) job.progress = Math.min(1, Math.max(0, job.progress))
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled')
      this.#jobs.delete(id)
    this.#bus.publish({ type: 'job:status', job: { ...job } })
    return { ...job }
  }

  /** One job, if it is still running or paused. */
  get(id: string): JobStatus | undefined {
    const job = this.#jobs.get(id)
    return job && { ...job }
  }

  /** Jobs running or paused now. */
  list(): JobStatus[] {
    return [...this.#jobs.values()].map((j) => ({ ...j }))
  }
}
