import type { RunSummary } from '@shared/api'

/** Formatting of training progress for the dashboard (pure, so the numbers shown are tested). */

/** Seconds as "1 h 02 min", "3 min 05 s" or "42 s"; an em dash while unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0)
    return '—'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`
  return `${r} s`
}

/** Steps per second with sensible precision. */
export function formatRate(stepsPerSecond: number | null | undefined): string {
  if (!stepsPerSecond || !Number.isFinite(stepsPerSecond)) return '—'
  return stepsPerSecond >= 10 ? stepsPerSecond.toFixed(0) : stepsPerSecond.toFixed(2)
}

/** Fraction done in 0..1 from epochs done and total. */
export function fractionDone(epoch: number, epochs: number): number {
  if (!epochs) return 0
  return Math.min(1, Math.max(0, epoch / epochs))
}

/** What a run's header and lists need to say how far it got. */
export interface RunPosition {
  status: string
  step: number
  /** The epoch of the last step done, 0-based (as recorded with every step). */
  epoch: number
  epochs: number
  /** Steps of the whole run when known (live progress carries it). */
  totalSteps?: number | null
}

/**
 * The epoch to show, 1-based: the one the last step belongs to (so a finished 3-epoch run shows 3), 0 before the
 * first step. Not forced to the total for finished runs: the shipped default model ended after 7 of 100.
 */
export function shownEpoch(r: RunPosition): number {
  if (r.step <= 0) return 0
  return Math.min(r.epochs, r.epoch + 1)
}

/**
 * The one progress figure (0..1) the header bar and the status bar both show: steps done over the run's steps when
 * known (what main reports for the job), else epochs; a finished run is done.
 */
export function progressFraction(r: RunPosition): number {
  if (r.status === 'finished') return 1
  if (r.totalSteps && r.totalSteps > 0) return Math.min(1, Math.max(0, r.step / r.totalSteps))
  return fractionDone(r.epoch, r.epochs)
}

/**
 * "epoch 3 / 3" (and "(finished)" once it is); a run finished before its planned epochs (a shipped or imported model
 * taken at a checkpoint) reads "epoch 8 (finished; 300 planned)", not "8 / 300 (finished)".
 */
export function epochText(r: RunPosition): string {
  const shown = shownEpoch(r)
  if (r.status === 'finished' && shown < r.epochs)
    return `epoch ${shown} (finished; ${r.epochs} planned)`
  const text = `epoch ${shown} / ${r.epochs}`
  return r.status === 'finished' ? `${text} (finished)` : text
}

/** The status a run's header shows: "pausing…" or "stopping…" while one is asked of it and it still runs. */
export function statusText(
  run: RunSummary | null,
  pending: { id: string; action: 'pause' | 'stop' } | null
): string {
  if (!run) return ''
  if (pending?.id === run.id && run.status === 'running')
    return pending.action === 'pause' ? 'pausing…' : 'stopping…'
  return run.status
}

/** Every run but the one on show, the most recently changed first. */
export function otherRuns(runs: readonly RunSummary[], shown: string | null): RunSummary[] {
  return runs.filter((r) => r.id !== shown).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
}

/** A default run name's time stamp (yyyy-mm-ddThh:mm, UTC). */
export function runStamp(): string {
  return new Date(Date.now()).toISOString().slice(0, 16)
}
