/** Scales as semitone steps from the key note. */
export const SCALES: Record<string, readonly number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  'harmonic minor': [0, 2, 3, 5, 7, 8, 11],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  'major pentatonic': [0, 2, 4, 7, 9],
  'minor pentatonic': [0, 3, 5, 7, 10],
  blues: [0, 3, 5, 6, 7, 10]
}

/** Note names of the 12 keys. */
export const KEYS = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']

/** A key and scale the pencil and "Snap to key" keep notes in. */
export interface KeyScale {
  /** Pitch class of the key note, 0 (C) .. 11 (B). */
  key: number
  scale: string
}

/** Whether a MIDI pitch is in the key's scale. */
export function inScale(pitch: number, ks: KeyScale): boolean {
  const steps = SCALES[ks.scale] ?? SCALES.major
  return steps.includes((((pitch - ks.key) % 12) + 12) % 12)
}

/** The nearest pitch of the scale (the lower one on a tie), inside 0..127. */
export function snapPitch(pitch: number, ks: KeyScale): number {
  for (let d = 0; d < 12; d++) {
    if (pitch - d >= 0 && inScale(pitch - d, ks)) return pitch - d
    if (pitch + d <= 127 && inScale(pitch + d, ks)) return pitch + d
  }
  return pitch
}
