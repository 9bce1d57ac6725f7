// The Key choice of the generate panel: the 12 keys as the smallest move (-5..+6 semitones) of the model's pieces.
import { KEYS } from '../../features/piano-roll/scales'

/** Semitone moves, in key order from C (0, +1, ..., +6, -5, ..., -1). */
export const TRANSPOSE_CHOICES: readonly number[] = Array.from({ length: 12 }, (_, k) =>
  k <= 6 ? k : k - 12
)

/**
 * What a move reads as: the key it lands in for a model that writes in C major / A minor (keyAligned), else the
 * move itself.
 */
export function keyChoiceLabel(semitones: number, keyAligned: boolean): string {
  if (keyAligned) {
    const major = KEYS[(semitones + 12) % 12]
    const minor = KEYS[(semitones + 9 + 12) % 12]
    return `${major} major / ${minor} minor${semitones === 0 ? ' (as trained)' : ''}`
  }
  if (semitones === 0) return 'as generated'
  return `${semitones > 0 ? '+' : '−'}${Math.abs(semitones)} semitone${Math.abs(semitones) > 1 ? 's' : ''}`
}
