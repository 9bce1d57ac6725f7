import { performance } from 'node:perf_hooks'
import { recordCheckpoint, type NewCheckpoint } from './checkpoints'
import type { Db } from './db'
import { insertMetricRows } from './metrics'
import type { MetricRow } from './types'

/** Options of the batched writer (L4: >= 100 rows or >= 1 s per transaction). */
export interface MetricWriterOptions {
  maxRows?: number
  maxDelayMs?: number
  /** Newest checkpoints kept per run when one is recorded through the writer. */
  keepCheckpoints?: number
  /** Called with files of dropped checkpoints after their rows are gone (unlink them here). */
  onDroppedFiles?: (files: string[]) => void
}

/** Figures the writer keeps so benches and tests can check L4. */
export interface WriterStats {
  rows: number
  commits: number
  worstCommitMs: number
}

/**
 * Buffers the trainer's per-step rows and commits them in batches, so recording every batch does not slow
 * training. One writer per connection (the training worker's own); rows of one run arrive in step order.
 */
export class MetricWriter {
  private buffer: { runId: number; row: MetricRow }[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly maxRows: number
  private readonly maxDelayMs: number
  readonly stats: WriterStats = { rows: 0, commits: 0, worstCommitMs: 0 }

  constructor(
    private readonly db: Db,
    private readonly options: MetricWriterOptions = {}
  ) {
    this.maxRows = options.maxRows ?? 100
    this.maxDelayMs = options.maxDelayMs ?? 1000
  }

  /** Queue one row; commits when the buffer reaches maxRows, or maxDelayMs after the first queued row. */
  add(runId: number, row: MetricRow): void {
    this.buffer.push({ runId, row })
    if (this.buffer.length >= this.maxRows) this.flush()
    else this.schedule()
  }

  /** Rows queued but not committed yet. */
  get pending(): number {
    return this.buffer.length
  }

  /** Commit everything queued in one transaction. */
  flush(): void {
    this.clearTimer()
    if (!this.buffer.length) return
    const rows = this.buffer
    this.buffer = []
    this.timed(() => this.db.transaction(() => this.insertGrouped(rows)).immediate())
  }

  /**
   * Commit the checkpoint row with every queued row of that run up to its step, in one transaction (T4);
   * queued rows after the step stay queued. Other runs' rows are flushed first.
   */
  checkpoint(runId: number, ckpt: NewCheckpoint): number {
    this.clearTimer()
    const mine = this.buffer.filter((b) => b.runId === runId && b.row.step <= ckpt.step)
    const others = this.buffer.filter((b) => b.runId !== runId)
    this.buffer = this.buffer.filter((b) => b.runId === runId && b.row.step > ckpt.step)
    if (others.length)
      this.timed(() => this.db.transaction(() => this.insertGrouped(others)).immediate())
    const rows = mine.map((b) => b.row)
    this.stats.rows += rows.length
    const keep = this.options.keepCheckpoints ?? Infinity
    const res = this.timed(() => recordCheckpoint(this.db, runId, ckpt, rows, keep))
    if (res.droppedFiles.length) this.options.onDroppedFiles?.(res.droppedFiles)
    if (this.buffer.length) this.schedule()
    return res.id
  }

  /** Flush and stop the timer (call before closing the connection). */
  close(): void {
    this.flush()
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.maxDelayMs)
    this.timer.unref()
  }

  private insertGrouped(rows: { runId: number; row: MetricRow }[]): void {
    this.stats.rows += rows.length
    const byRun = new Map<number, MetricRow[]>()
    for (const { runId, row } of rows) {
      const list = byRun.get(runId)
      if (list) list.push(row)
      else byRun.set(runId, [row])
    }
    for (const [runId, list] of byRun) insertMetricRows(this.db, runId, list)
  }

  private timed<T>(fn: () => T): T {
    const t0 = performance.now()
    const out = fn()
    const ms = performance.now() - t0
    this.stats.commits += 1
    this.stats.worstCommitMs = Math.max(this.stats.worstCommitMs, ms)
    return out
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
