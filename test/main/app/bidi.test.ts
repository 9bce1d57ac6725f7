import { describe, expect, it } from 'vitest'
import { safeFileName } from '../../../src/main/app/files'
import { Name } from '../../../src/shared/api/common'
import { PieceSchema } from '../../../src/shared/api/piece'

// Issue 11 item 9: Unicode direction controls make a name display in another order than it is stored
// ("song\u202Edim.exe" shows as "songexe.mid"): names typed in are refused, file names and piece text are stripped.

const RLO = '\u202e'
const controls = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  RLO,
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c'
]

describe('text-direction controls', () => {
  it('refuses them in names (titles, runs, datasets) with a plain message', () => {
    for (const c of controls) {
      const r = Name.safeParse(`song${c}dim.exe`)
      expect(r.success).toBe(false)
      expect(r.error!.issues[0].message).toBe('must not contain text-direction controls')
    }
    expect(Name.parse('Nocturne, op. 9 — שיר')).toBe('Nocturne, op. 9 — שיר')
  })

  it('strips them from export file names and from pieces the renderer sends', () => {
    expect(safeFileName(`evil${RLO}dim.exe`, 'mid')).toBe('evildim.exe.mid')
    for (const c of controls) expect(safeFileName(`a${c}b`, 'mid')).toBe('ab.mid')
    const piece = PieceSchema.parse({
      title: `x${RLO}y`,
      ppq: 480,
      tempos: [],
      timeSignatures: [],
      tracks: [{ name: `Pia${'\u2067'}no`, family: 1, program: 0, isDrum: false, notes: [] }]
    })
    expect([piece.title, piece.tracks[0].name]).toEqual(['xy', 'Piano'])
  })
})
