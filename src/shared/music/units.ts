/** Unit aliases of the music core (after Tone's Units.ts): plain numbers with a name that says what they count. */
export type Ticks = number
/** Seconds of wall-clock time. */
export type Seconds = number
/** A MIDI note number, 0..127. */
export type MidiNote = number
/** A MIDI velocity, 1..127 (0 would be a note-off). */
export type Velocity = number
/** Beats per minute. */
export type Bpm = number

/** The one resolution (ticks per quarter note) every piece in the app uses; imports are rescaled to it. */
export const PPQ = 480

/** Clamp a velocity to the playable 1..127 range. */
export function clampVelocity(v: number): Velocity {
  return Math.min(127, Math.max(1, Math.round(v)))
}

/** Clamp a pitch to the MIDI range 0..127. */
export function clampPitch(p: number): MidiNote {
  return Math.min(127, Math.max(0, Math.round(p)))
}
