import { describe, expect, it } from 'vitest'
import { IMPORT_DEFAULTS } from '../../../src/renderer/src/views/Library/importForm'
import { DEFAULT_SKIP } from '../../../src/main/data/dataset/segments'
import { PAPER_ROLL } from '../../../src/shared/music/pianoroll'

// The import form shows what a blank field means: those numbers must be the importer's own defaults.
describe('import defaults shown in the form', () => {
  it('are the importer’s skip rules and the paper’s roll', () => {
    expect(IMPORT_DEFAULTS.minNotesPerSegment).toBe(DEFAULT_SKIP.minNotes)
    expect(IMPORT_DEFAULTS.minActiveSteps).toBe(DEFAULT_SKIP.minActiveSteps)
    expect(IMPORT_DEFAULTS.lowestPitch).toBe(PAPER_ROLL.lowestPitch)
    expect(IMPORT_DEFAULTS.pitchCount).toBe(PAPER_ROLL.pitchCount)
    expect(IMPORT_DEFAULTS.bars).toBe(PAPER_ROLL.bars)
  })
})
