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
