import type { SampleSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'

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

/** Every loaded sample silent (no note at the threshold)? Then how many and from which epochs; else null. */
export function silentSamples(
  samples: readonly SampleSummary[],
  pieces: Readonly<Record<string, Piece>>
): { count: number; first: number; last: number; threshold: number } | null {
  const loaded = samples.filter((s) => pieces[s.id])
  if (loaded.length === 0) return null
  if (!loaded.every((s) => pieces[s.id].tracks.every((t) => t.notes.length === 0))) return null
  const epochs = loaded.map((s) => s.epoch)
  const [first, last] = [Math.min(...epochs), Math.max(...epochs)]
  return { count: loaded.length, first, last, threshold: loaded[0].threshold }
}
