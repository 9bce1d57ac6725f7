import type { CurveBucket } from '../../charts/curves'

/** The fields of a run's stored train config the schedule needs (the engine's TrainConfig names). */
interface ScheduleConfig {
  lrG: number
  lrD: number
  decayRate: number
  decayEvery: number
  epochs: number
}

function readSchedule(config: Record<string, unknown>): ScheduleConfig | null {
  const t = (config.train ?? config) as Record<string, unknown>
  const keys = ['lrG', 'lrD', 'decayRate', 'decayEvery', 'epochs'] as const
  if (!keys.every((k) => typeof t[k] === 'number' && Number.isFinite(t[k]))) return null
  return Object.fromEntries(keys.map((k) => [k, t[k]])) as unknown as ScheduleConfig
}

/**
 * The learning rates of G and D per epoch from a run's config (step decay: lr x decayRate every
 * decayEvery epochs, docs/model.md), as step-shaped curves over epochs 0..epochs; null when the config lacks them.
 */
export function lrSchedule(
  config: Record<string, unknown>
): { g: CurveBucket[]; d: CurveBucket[] } | null {
  const c = readSchedule(config)
  if (!c || c.decayEvery <= 0) return null
  const g: CurveBucket[] = []
  const d: CurveBucket[] = []
  const at = (lr0: number, e: number) => lr0 * c.decayRate ** Math.floor(e / c.decayEvery)
  const push = (x: number, e: number) => {
    const vg = at(c.lrG, e)
    const vd = at(c.lrD, e)
    g.push({ x, mean: vg, min: vg, max: vg })
    d.push({ x, mean: vd, min: vd, max: vd })
  }
  for (let start = 0; start < c.epochs; start += c.decayEvery) {
    push(start, start)
    push(Math.min(start + c.decayEvery, c.epochs) - 1e-9, start)
  }
  push(c.epochs, Math.max(0, c.epochs - 1))
  return { g, d }
}
