// A pool of import workers: 256 MB heap cap each, a 2 s watchdog per file, respawn after a timeout or crash (M1, M4).
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../../workers/entry'
import type { ImportErrorCode } from '../midi/errors'
import { READY, type ParseReply, type ParseTask } from './protocol'

/** Pool settings. */
export interface PoolOptions {
  /** Parallel workers (default 2). */
  lanes?: number
  /** Watchdog per file in ms (default 2000). */
  timeoutMs?: number
  /** Old-generation heap cap per worker in MB (default 256). */
  heapMb?: number
}

type Job = { task: ParseTask; resolve: (r: ParseReply) => void }

interface Lane {
  worker?: Worker
  ready: boolean
  job?: Job
  timer?: NodeJS.Timeout
  bootFailures: number
}

/** Consecutive start-up failures of one lane after which the pool gives up (no retry loops). */
const MAX_BOOT_FAILURES = 3

/** Parses files in worker threads; a hang or crash costs one file, never the process or the other files. */
export class ImportPool {
  private readonly lanes: Lane[]
  private readonly queue: Job[] = []
  private readonly timeoutMs: number
  private readonly heapMb: number
  private nextId = 1
  private closed = false
  private broken = ''
  /** Counters for tests and reports. */
  readonly stats = { timeouts: 0, crashes: 0, respawns: 0, parsed: 0 }

  constructor(options: PoolOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.heapMb = options.heapMb ?? 256
    const n = Math.max(1, options.lanes ?? 2)
    this.lanes = Array.from({ length: n }, () => ({ ready: false, bootFailures: 0 }))
    for (const lane of this.lanes) this.spawn(lane)
  }

  /** Parse one file (path or bytes); always resolves, with a typed error on failure. */
  run(task: Omit<ParseTask, 'id'>): Promise<ParseReply> {
    const full: ParseTask = { ...task, id: this.nextId++ }
    if (this.closed)
      return Promise.resolve(this.failure(full, 'cancelled', 'the import was cancelled'))
    if (this.broken) return Promise.resolve(this.failure(full, 'worker-crash', this.broken))
    return new Promise((resolve) => {
      this.queue.push({ task: full, resolve })
      this.pump()
    })
  }

  /** Stop every worker; queued and running files resolve as 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true
    const pending = [...this.queue.splice(0), ...this.lanes.flatMap((l) => (l.job ? [l.job] : []))]
    for (const lane of this.lanes) {
      clearTimeout(lane.timer)
      lane.job = undefined
    }
    for (const job of pending)
      job.resolve(this.failure(job.task, 'cancelled', 'the import was cancelled'))
    await Promise.all(this.lanes.map((l) => l.worker?.terminate()))
  }

  private failure(task: ParseTask, code: ImportErrorCode, message: string): ParseReply {
    return { id: task.id, ok: false, error: { file: task.file, code, message } }
  }

  private spawn(lane: Lane): void {
    const worker = startWorker('importWorker', {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb }
    })
    lane.worker = worker
    lane.ready = false
    worker.on('message', (msg: ParseReply | typeof READY) => {
      if (lane.worker !== worker) return
      if (msg === READY) {
        lane.ready = true
        lane.bootFailures = 0
        this.pump()
      } else this.finish(lane, msg)
    })
    worker.on('error', (err) => this.lost(lane, worker, `the worker failed: ${err.message}`))
    worker.on('exit', (code) => this.lost(lane, worker, `the worker exited with code ${code}`))
  }

  private pump(): void {
    for (const lane of this.lanes) {
      if (!this.queue.length) return
      if (!lane.ready || lane.job || !lane.worker) continue
      const job = this.queue.shift() as Job
      lane.job = job
      lane.timer = setTimeout(() => this.timeout(lane), this.timeoutMs)
      lane.worker.postMessage(job.task)
    }
  }

  private finish(lane: Lane, reply: ParseReply): void {
    const job = lane.job
    if (!job || job.task.id !== reply.id) return
    clearTimeout(lane.timer)
    lane.job = undefined
    this.stats.parsed++
    job.resolve(reply)
    this.pump()
  }

  private timeout(lane: Lane): void {
    const job = lane.job
    if (!job) return
    this.stats.timeouts++
    lane.job = undefined
    job.resolve(this.failure(job.task, 'timeout', `parsing took longer than ${this.timeoutMs} ms`))
    this.replace(lane)
  }

  private lost(lane: Lane, worker: Worker, why: string): void {
    if (lane.worker !== worker || this.closed) return
    clearTimeout(lane.timer)
    const job = lane.job
    lane.job = undefined
    if (job) {
      this.stats.crashes++
      job.resolve(this.failure(job.task, 'worker-crash', why))
    } else if (!lane.ready && ++lane.bootFailures >= MAX_BOOT_FAILURES) {
      this.broken = `import workers cannot start: ${why}`
      lane.worker = undefined
      if (this.lanes.every((l) => !l.worker))
        for (const j of this.queue.splice(0))
          j.resolve(this.failure(j.task, 'worker-crash', this.broken))
      return
    }
    this.replace(lane)
  }

  private replace(lane: Lane): void {
    const old = lane.worker
    lane.worker = undefined
    void old?.terminate()
    if (this.closed) return
    this.stats.respawns++
    this.spawn(lane)
  }
}
