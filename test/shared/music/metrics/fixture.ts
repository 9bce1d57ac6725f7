import { rollIndex, rollSize, type RollConfig } from '@shared/music/pianoroll'

/** 2 bars of 4/4 at 4 steps per beat (T = 32, S = 16), one octave from C4 (row 0 = 60). */
export const SMALL: RollConfig = {
  stepsPerBeat: 4,
  bars: 2,
  beatsPerBar: 4,
  lowestPitch: 60,
  pitchCount: 12,
  drums: 'onset'
}

/** An empty roll of a config. */
export function empty(c: RollConfig = SMALL): Uint8Array {
  return new Uint8Array(rollSize(c))
}

/** Turn on steps [from, to) of a pitch row in a track. */
export function on(
  roll: Uint8Array,
  track: number,
  row: number,
  from: number,
  to = from + 1,
  c: RollConfig = SMALL
): void {
  for (let t = from; t < to; t++) roll[rollIndex(c, t, row, track)] = 1
}

/**
 * The shared example: Piano (1) C [0,4) and E [0,2); Guitar (4) C [2,6) and G [8,9);
 * Drums (0) D hits at 0, 1, 4, 8, 12. Bar 1 (steps 16..31) is silent.
 */
export function example(): Uint8Array {
  const r = empty()
  on(r, 1, 0, 0, 4)
  on(r, 1, 4, 0, 2)
  on(r, 4, 0, 2, 6)
  on(r, 4, 7, 8, 9)
  for (const t of [0, 1, 4, 8, 12]) on(r, 0, 2, t)
  return r
}
