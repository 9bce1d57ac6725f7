import { describe, expect, it } from 'vitest'
import { mergeFamilyTracks, unionNotes, withAllFamilies } from '@shared/music/merge'
import { FAMILIES } from '@shared/music/families'
import { quantizeNote, quantizePiece } from '@shared/music/quantize'
import { transposePiece } from '@shared/music/transpose'
import type { Piece } from '@shared/music/piece'

const n = (pitch: number, start: number, duration: number, velocity = 80) => ({
  pitch,
  start,
  duration,
  velocity
})

const base: Piece = {
  title: 'x',
  ppq: 480,
  tempos: [],
  timeSignatures: [],
  tracks: [
    { name: 'a', family: 1, program: 0, isDrum: false, notes: [n(60, 0, 480), n(127, 0, 10)] },
    { name: 'b', family: 1, program: 2, isDrum: false, notes: [n(60, 240, 480, 100)] },
    { name: 'd', family: 0, program: 0, isDrum: true, notes: [n(36, 130, 60)] }
  ]
}

describe('edit helpers', () => {
  it('quantizes starts and ends to the grid without mutating', () => {
    expect(quantizeNote(n(60, 130, 100), { grid: 120 })).toEqual(n(60, 120, 120))
    // 170 -> nearest grid point 120; half strength moves half way: 145.
    expect(quantizeNote(n(60, 170, 100), { grid: 120, strength: 0.5 }).start).toBe(145)
    const q = quantizePiece(base, { grid: 120 })
    expect(q.tracks[2].notes[0].start).toBe(120)
    expect(base.tracks[2].notes[0].start).toBe(130)
  })

  it('transposes non-drum notes and drops those leaving the range', () => {
    const t = transposePiece(base, 2)
    expect(t.tracks[0].notes.map((x) => x.pitch)).toEqual([62])
    expect(t.tracks[2].notes[0].pitch).toBe(36)
    expect(transposePiece(base, 2, { drums: true }).tracks[2].notes[0].pitch).toBe(38)
  })

  it('merges the tracks of a family into a note union', () => {
    expect(unionNotes([n(60, 0, 480), n(60, 480, 10), n(60, 100, 100, 120)])).toEqual([
      n(60, 0, 480, 120),
      n(60, 480, 10)
    ])
    const m = mergeFamilyTracks(base)
    expect(m.tracks.map((t) => [t.family, t.program, t.name])).toEqual([
      [0, 0, 'd'],
      [1, 0, 'Piano']
    ])
    // 60@0..480 and 60@240..720 overlap -> one note 0..720 at the louder velocity.
    expect(m.tracks[1].notes).toEqual([n(60, 0, 720, 100), n(127, 0, 10)])
  })

  it('fills a piece with one track per family to the 17-track shape, leaving multi-track pieces alone', () => {
    const m = mergeFamilyTracks(base)
    const all = withAllFamilies({ ...m, tracks: [...m.tracks].reverse() })
    expect(all.tracks.map((t) => t.family)).toEqual(FAMILIES.map((f) => f.index))
    expect(all.tracks[0]).toBe(m.tracks[0])
    expect(all.tracks[1]).toBe(m.tracks[1])
    expect(all.tracks[5]).toEqual({
      name: 'Bass',
      family: 5,
      program: 32,
      isDrum: false,
      notes: []
    })
    expect(withAllFamilies(base)).toBe(base)
  })
})
