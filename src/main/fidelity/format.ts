// The fidelity benchmark's printed report: aligned text tables, real beside generated.
import type { Summary } from '../../shared/music/metrics'
import type { TwoSampleResult } from './classifier'
import type { FidelitySummary, ShareRow } from './summary'

/** The nearest-training-segment figures: generated pieces against the real-vs-real baseline. */
export interface NearestFigures {
  generated: { mean: number; p95: number; p99: number; max: number }
  real: { mean: number; p95: number; p99: number; max: number }
  /** Generated pieces closer to a training segment than the real-vs-real p99. */
  aboveRealP99: number
}

const ms = (s: Summary, d = 3) =>
  Number.isFinite(s.mean) ? `${s.mean.toFixed(d)} ± ${s.sd.toFixed(d)}` : 'n/a'
const pct = (x: number) => `${(100 * x).toFixed(1)}%`

function shares(title: string, rows: readonly ShareRow[]): string[] {
  const w = Math.max(12, ...rows.map((r) => r.label.length)) + 2
  return [
    `${title.padEnd(w)}${'real'.padStart(9)}${'generated'.padStart(11)}`,
    ...rows.map(
      (r) => `${r.label.padEnd(w)}${pct(r.real).padStart(9)}${pct(r.generated).padStart(11)}`
    )
  ]
}

/** Every section of the report as text. */
export function formatFidelity(
  s: FidelitySummary,
  cls: TwoSampleResult,
  nn: NearestFigures,
  floor?: TwoSampleResult
): string {
  const inBand = s.metrics.filter((m) => m.inBand).length
  const out = [
    `metrics (in band = generated mean within one real sd): ${inBand}/${s.metrics.length} in band`,
    `${'metric'.padEnd(26)}${'real'.padStart(20)}${'generated'.padStart(20)}  in band`,
    ...s.metrics.map(
      (m) =>
        `${m.id.padEnd(26)}${ms(m.real).padStart(20)}${ms(m.generated).padStart(20)}  ${m.inBand ? 'yes' : 'NO'}`
    ),
    '',
    `non-empty tracks per piece: real ${ms(s.nonEmptyTracks.real, 2)}, generated ${ms(s.nonEmptyTracks.generated, 2)}`,
    `pieces with drums: real ${pct(s.withDrums.real)}, generated ${pct(s.withDrums.generated)}; ` +
      `silent pieces: real ${pct(s.empty.real)}, generated ${pct(s.empty.generated)}`,
    `pieces with bass: real ${pct(s.bass.real)}, generated ${pct(s.bass.generated)}; bass mean MIDI pitch: ` +
      `real ${ms(s.bass.realPitch, 1)}, generated ${ms(s.bass.generatedPitch, 1)}`,
    '',
    ...shares('family note share', s.families),
    '',
    ...shares('drum class share', s.drumClasses),
    '',
    ...shares('drum pitch (GM)', s.drumPitches),
    '',
    ...shares('note length (steps)', s.lengths),
    '',
    ...shares('onset step in bar', s.onsets),
    '',
    ...shares('drum onset step', s.drumOnsets),
    '',
    ...shares('pitch row mod 4', s.rowMod4),
    '',
    `classifier two-sample test (logistic regression on hand features, ` +
      `${cls.folds.length}-fold CV, ${cls.perClass} per class): held-out accuracy ` +
      `${cls.accuracy.toFixed(3)} ± ${cls.sd.toFixed(3)} (folds ${cls.folds.map((f) => f.toFixed(3)).join(' ')}; 0.5 = indistinguishable)`,
    `  best single feature: ${cls.single.name} (${cls.single.accuracy.toFixed(3)})`,
    ...(floor
      ? [
          `  floor, held-out real vs training-side real (other files): ${floor.accuracy.toFixed(3)} ± ${floor.sd.toFixed(3)}, ${floor.perClass} per class`
        ]
      : []),
    `  heaviest weights: ${cls.top.map((t) => `${t.name} ${t.weight.toFixed(2)}`).join('; ')}`,
    `  largest mean gaps (generated − real, in pooled sd): ${cls.gaps.map((g) => `${g.name} ${g.gap >= 0 ? '+' : ''}${g.gap.toFixed(2)}`).join('; ')}`,
    '',
    `nearest training segment (cosine, binary rolls): generated mean ${nn.generated.mean.toFixed(3)} ` +
      `p95 ${nn.generated.p95.toFixed(3)} p99 ${nn.generated.p99.toFixed(3)} max ${nn.generated.max.toFixed(3)}`,
    `  real-vs-real baseline (held-out real to training): mean ${nn.real.mean.toFixed(3)} p95 ${nn.real.p95.toFixed(3)} ` +
      `p99 ${nn.real.p99.toFixed(3)} max ${nn.real.max.toFixed(3)}`,
    `  generated pieces above the real p99: ${nn.aboveRealP99}`
  ]
  return out.join('\n')
}
