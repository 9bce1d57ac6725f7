/** Which way a metric is better: higher, lower, or close to the real data's band. */
export type MetricGoal = 'higher' | 'lower' | 'band'

/** One entry of the metrics catalogue that UIs render (table rows, tooltips, chart legends). */
export interface MetricInfo {
  id: string
  /** Short label for composers. */
  label: string
  description: string
  goal: MetricGoal
}

/** Every metric computeMetrics returns, polyphony first, in display order. */
export const METRICS: readonly MetricInfo[] = [
  {
    id: 'polyphony',
    label: 'Polyphony (avg simultaneous notes, non-silent steps)',
    description:
      "The paper's polyphonic rate (muspy polyphony): non-drum tracks merged, sounding pitches summed over steps, divided by the steps where something sounds.",
    goal: 'band'
  },
  {
    id: 'polyphony_all_steps',
    label: 'Polyphony over all steps',
    description: 'As Polyphony, but divided by every step of the segment, silent ones included.',
    goal: 'band'
  },
  {
    id: 'polyphony_unmerged',
    label: 'Polyphony, tracks not merged',
    description: 'As Polyphony, but a pitch played by two instruments counts twice.',
    goal: 'band'
  },
  {
    id: 'polyphony_per_track',
    label: 'Polyphony per track',
    description: "Each instrument's own polyphony, averaged over the instruments that play.",
    goal: 'band'
  },
  {
    id: 'polyphony_with_drums',
    label: 'Polyphony with drums',
    description: 'As Polyphony, with the drum notes counted too.',
    goal: 'band'
  },
  {
    id: 'polyphony_rate',
    label: 'Polyphony rate',
    description:
      'Share of steps where at least N pitches (default 2) sound together, drums left out.',
    goal: 'band'
  },
  {
    id: 'pitch_range',
    label: 'Pitch range',
    description: 'Semitones between the lowest and highest non-drum note.',
    goal: 'band'
  },
  {
    id: 'n_pitches_used',
    label: 'Pitches used',
    description: 'Distinct non-drum pitches.',
    goal: 'band'
  },
  {
    id: 'n_pitch_classes_used',
    label: 'Pitch classes used',
    description: 'Distinct non-drum pitch classes (C, C#, ...), 0 to 12.',
    goal: 'band'
  },
  {
    id: 'pitch_entropy',
    label: 'Pitch entropy',
    description: 'How evenly notes spread over pitches (bits); higher = more varied.',
    goal: 'band'
  },
  {
    id: 'pitch_class_entropy',
    label: 'Pitch-class entropy',
    description: 'How evenly notes spread over the 12 pitch classes (bits); low = tonal.',
    goal: 'band'
  },
  {
    id: 'scale_consistency',
    label: 'Scale consistency',
    description: 'Largest share of notes that fit one major or minor scale.',
    goal: 'higher'
  },
  {
    id: 'upc_per_bar',
    label: 'Pitch classes per bar (UPC)',
    description: 'Distinct pitch classes per bar, averaged over bars with notes (MuseGAN UPC).',
    goal: 'band'
  },
  {
    id: 'empty_beat_rate',
    label: 'Empty beats',
    description: 'Share of beats in which nothing sounds.',
    goal: 'band'
  },
  {
    id: 'empty_bar_rate',
    label: 'Empty bars',
    description: 'Share of bars in which nothing sounds (MuseGAN EB over the whole roll).',
    goal: 'band'
  },
  {
    id: 'qualified_note_rate',
    label: 'Qualified notes (QN)',
    description: 'Share of non-drum notes at least N steps long (default 2); low = fragmented.',
    goal: 'higher'
  },
  {
    id: 'drum_pattern_consistency',
    label: 'Drum pattern consistency',
    description:
      'muspy: share of drum hits on a duple or triple grid inside the beat (always 1 at 16th-note resolution).',
    goal: 'higher'
  },
  {
    id: 'drum_pattern_dp',
    label: 'Drum pattern (DP)',
    description:
      "MuseGAN DP: share of drum hits on a 16th-note pattern per bar (always 1 at the paper's 16th-note grid).",
    goal: 'higher'
  },
  {
    id: 'drum_eighth_rate',
    label: 'Drums on 8ths',
    description: 'Share of drum hits on the 8th-note grid (an 8-beat pattern).',
    goal: 'band'
  },
  {
    id: 'groove_consistency',
    label: 'Groove consistency',
    description: 'How alike the onset patterns of neighbouring bars are (1 = identical).',
    goal: 'band'
  },
  {
    id: 'tonal_distance',
    label: 'Tonal distance',
    description:
      'Harmonic distance between pairs of instruments, per beat, averaged (MuseGAN TD); lower = more in harmony.',
    goal: 'lower'
  },
  {
    id: 'self_similarity_bar',
    label: 'Bar self-similarity',
    description: 'Mean cosine similarity between different bars of the roll (how much it repeats).',
    goal: 'band'
  }
]

/** Look up a metric's catalogue entry by id. */
export function metricInfo(id: string): MetricInfo | undefined {
  return METRICS.find((m) => m.id === id)
}
