import type { Bpm, MidiNote, Ticks, Velocity } from './units'

/** One note: the unit every edit, conversion and export works on (Magenta's NoteSequence note, Signal's NoteEvent). */
export interface NoteEvent {
  pitch: MidiNote
  start: Ticks
  duration: Ticks
  velocity: Velocity
}

/** One instrument track of a piece. Imported pieces may hold several tracks of a family; generated ones hold one per family. */
export interface Track {
  name: string
  /** LPD-17 family index 0..16 (0 = Drums). */
  family: number
  /** General MIDI program 0..127 (for drums: the kit program, usually 0). */
  program: number
  isDrum: boolean
  notes: NoteEvent[]
}

/** A tempo change at a tick. */
export interface TempoEvent {
  tick: Ticks
  bpm: Bpm
}

/** A time-signature change at a tick. */
export interface TimeSignatureEvent {
  tick: Ticks
  numerator: number
  denominator: number
}

/** A multitrack piece: the app's one music document type (import, generation, editing, export all speak it). */
export interface Piece {
  title: string
  /** Ticks per quarter note of every tick value in this piece. */
  ppq: number
  /** Sorted by tick; the first one applies from tick 0 (120 bpm when empty). */
  tempos: TempoEvent[]
  /** Sorted by tick; 4/4 when empty. */
  timeSignatures: TimeSignatureEvent[]
  tracks: Track[]
  /**
   * Ticks from 0 to the piece's end, kept when its last bars are empty (a generated 4-bar piece with a silent
   * fourth bar stays 4 bars). Notes ending later make it longer; left out, the piece ends where its last note does.
   */
  length?: Ticks
}
