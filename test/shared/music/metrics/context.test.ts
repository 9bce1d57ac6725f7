import { describe, expect, it } from 'vitest'
import { metricContext } from '@shared/music/metrics'
import { rollSize, type RollConfig } from '@shared/music/pianoroll'
import { trackNotes } from '@shared/music/rollNotes'
import { SMALL } from './fixture'

describe('metric context', () => {
  it('reads the same notes from cell masks as trackNotes does, in both drum modes', () => {
    let seed = 12345
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (const drums of ['onset', 'full'] as const) {
      const c: RollConfig = { ...SMALL, drums }
      const r = Uint8Array.from({ length: rollSize(c) }, () => (rand() < 0.3 ? 1 : 0))
      const ctx = metricContext(r, c)
      // The masks know on/off only; trackNotes also gives each note's level (1 on a binary roll).
      const cells = (f: number) =>
        trackNotes(r, c, f).map((n) => ({
          track: n.track,
          pitch: n.pitch,
          start: n.start,
          end: n.end
        }))
      for (let f = 0; f < 17; f++) expect(ctx.notes[f]).toEqual(cells(f))
      expect(ctx.notes[0].every((n) => drums === 'full' || n.end - n.start === 1)).toBe(true)
    }
  })
})
