/** The 17 LPD-17 instrument families (lakh-pianoroll-dataset src/merger_17.py TRACK_INFO), in tensor-channel order. */
export interface Family {
  /** Channel index in the pianoroll tensor, 0..16. */
  index: number
  name: string
  /** The General MIDI program (0-based) written on export. */
  program: number
  isDrum: boolean
  /** Colour of the family's notes in the piano roll (CSS hex). */
  color: string
}

const NAMES = [
  'Drums',
  'Piano',
  'Chromatic Percussion',
  'Organ',
  'Guitar',
  'Bass',
  'Strings',
  'Ensemble',
  'Brass',
  'Reed',
  'Pipe',
  'Synth Lead',
  'Synth Pad',
  'Synth Effects',
  'Ethnic',
  'Percussive',
  'Sound Effects'
] as const

/** A family's name, as LPD-17 spells it. */
export type FamilyName = (typeof NAMES)[number]

// Hues spread around the wheel so neighbouring families stay distinguishable on a dark background.
const COLORS = [
  '#e5e5e5',
  '#4fc3f7',
  '#ffd54f',
  '#a1887f',
  '#ff8a65',
  '#9575cd',
  '#81c784',
  '#4db6ac',
  '#ffb74d',
  '#f06292',
  '#aed581',
  '#ba68c8',
  '#7986cb',
  '#90a4ae',
  '#dce775',
  '#e57373',
  '#80deea'
]

/** All 17 families, index = tensor channel. */
export const FAMILIES: readonly Family[] = NAMES.map((name, index) => ({
  index,
  name,
  program: index === 0 ? 0 : (index - 1) * 8,
  isDrum: index === 0,
  color: COLORS[index]
}))

/** Number of families = channels of the pianoroll tensor. */
export const FAMILY_COUNT = 17

/** Index of the Drums family. */
export const DRUMS = 0

/** The family a MIDI instrument belongs to: anything on channel 10 (index 9) or flagged drum is Drums, else 1 + floor(program / 8). */
export function familyOf(program: number, isDrum: boolean): number {
  if (isDrum) return DRUMS
  const p = Math.min(127, Math.max(0, Math.floor(program)))
  return 1 + Math.floor(p / 8)
}

/** Look up a family by its LPD-17 name (case-insensitive); undefined if there is none. */
export function familyByName(name: string): Family | undefined {
  const n = name.toLowerCase()
  return FAMILIES.find((f) => f.name.toLowerCase() === n)
}
