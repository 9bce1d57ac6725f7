import type { FileReport } from '@shared/api'
import { SEGMENT_SKIP_DEFAULTS, type SegmentOptions } from '@shared/api/domains/datasets'
import type { z } from 'zod'
import { PAPER_ROLL } from '@shared/music/pianoroll'

/** The import's advanced settings as typed in the form (blank = docs/model.md's default). */
export interface AdvancedFields {
  minNotesPerSegment: string
  minActiveSteps: string
  lowestPitch: string
  pitchCount: string
  bars: string
  labelFilter: string
}

/** A form with every advanced setting left at its default. */
export function blankAdvanced(): AdvancedFields {
  return {
    minNotesPerSegment: '',
    minActiveSteps: '',
    lowestPitch: '',
    pitchCount: '',
    bars: '',
    labelFilter: ''
  }
}

/** What a blank field means (docs/model.md's defaults: the paper's roll, and the importer's skip rules). */
export const IMPORT_DEFAULTS: Record<keyof Omit<AdvancedFields, 'labelFilter'>, number> = {
  ...SEGMENT_SKIP_DEFAULTS,
  lowestPitch: PAPER_ROLL.lowestPitch,
  pitchCount: PAPER_ROLL.pitchCount,
  bars: PAPER_ROLL.bars
}

const LIMITS: Record<keyof Omit<AdvancedFields, 'labelFilter'>, [string, number, number]> = {
  minNotesPerSegment: ['Min notes per segment', 0, 10_000],
  minActiveSteps: ['Min active steps', 0, 10_000],
  lowestPitch: ['Lowest pitch', 0, 127],
  pitchCount: ['Pitch count', 1, 128],
  bars: ['Bars per segment', 1, 16]
}

/** The segment options the import schema accepts, or a plain-words reason a field is wrong. */
export function segmentOptions(
  f: AdvancedFields
): { ok: true; value: z.infer<typeof SegmentOptions> | undefined } | { ok: false; error: string } {
  const value: Record<string, number> = {}
  for (const [key, [label, min, max]] of Object.entries(LIMITS)) {
    const text = f[key as keyof typeof LIMITS].trim()
    if (!text) continue
    const n = Number(text)
    if (!Number.isInteger(n) || n < min || n > max)
      return { ok: false, error: `${label} must be a whole number from ${min} to ${max}.` }
    value[key] = n
  }
  return { ok: true, value: Object.keys(value).length ? value : undefined }
}

/** The label filter as a list (comma separated, trimmed, without repeats); undefined when empty. */
export function labelList(text: string): string[] | undefined {
  const labels = [...new Set(text.split(',').map((s) => s.trim()))].filter(Boolean)
  return labels.length ? labels : undefined
}

/** The files an import could not read, each in plain words. */
export function failureLines(files: FileReport[]): string[] {
  return files
    .filter((f) => f.status === 'error')
    .map((f) => `${f.file} could not be imported: ${f.error?.message ?? 'it could not be read'}.`)
}
