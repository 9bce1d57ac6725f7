import type { SampleSummary } from '@shared/api'

/** The sample nearest to x on the chosen axis (step or epoch); null when the run has none. */
export function nearestSample(
  samples: readonly SampleSummary[],
  x: number,
  axis: 'step' | 'epoch'
): SampleSummary | null {
  let best: SampleSummary | null = null
  let dist = Infinity
  for (const s of samples) {
    const d = Math.abs((axis === 'step' ? s.step : s.epoch) - x)
    if (d < dist) {
      dist = d
      best = s
    }
  }
  return best
}

/** The samples grouped by epoch, epochs ascending (a grid row per epoch). */
export function samplesByEpoch(samples: readonly SampleSummary[]): [number, SampleSummary[]][] {
  const m = new Map<number, SampleSummary[]>()
  for (const s of samples) m.set(s.epoch, [...(m.get(s.epoch) ?? []), s])
  return [...m.entries()].sort((a, b) => a[0] - b[0])
}
