import { describe, expect, it } from 'vitest'
import type { NoteEvent, Piece, Track } from '../../../src/shared/music/piece'
import { PAPER_ROLL, rollIndex, rollSize } from '../../../src/shared/music/pianoroll'
import {
  appendTracks,
  mergeRegion,
  regionMask,
  sliceNotes
} from '../../../src/shared/music/regions'

const PPQ = 480
const BAR = 4 * PPQ
const note = (pitch: number, bar: number, beat = 0, velocity = 90): NoteEvent => ({
  pitch,
  start: bar * BAR + beat * PPQ,
  duration: PPQ / 2,
  velocity
})
const track = (family: number, notes: NoteEvent[], name = `t${family}`): Track => ({
  name,
  family,
  program: 0,
  isDrum: family === 0,
  notes
})
const piece = (tracks: Track[], ppq = PPQ): Piece => ({
  title: 'p',
  ppq,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks
})

describe('regionMask', () => {
  it('marks every pitch of the chosen bars x tracks and nothing else', () => {
    const m = regionMask(PAPER_ROLL, { bars: [1, 3], tracks: [0, 5] })
    expect(m.length).toBe(rollSize(PAPER_ROLL))
    expect(m.reduce((a, b) => a + b, 0)).toBe(2 * 16 * 84 * 2)
    expect(m[rollIndex(PAPER_ROLL, 16, 40, 5)]).toBe(1)
    expect(m[rollIndex(PAPER_ROLL, 15, 40, 5)]).toBe(0) // bar 0
    expect(m[rollIndex(PAPER_ROLL, 16, 40, 1)]).toBe(0) // another track
    expect(() => regionMask(PAPER_ROLL, { bars: [4], tracks: [0] })).toThrow(/outside/)
    expect(() => regionMask(PAPER_ROLL, { bars: [0], tracks: [17] })).toThrow(/17 family/)
  })
})

describe('mergeRegion', () => {
  const original = piece([
    track(0, [note(36, 0), note(38, 1), note(42, 2), note(36, 5)], 'Kit'),
    track(1, [note(60, 0), note(64, 1, 2), note(67, 3)], 'Keys'),
    track(5, [note(40, 0), note(43, 2)], 'Bass')
  ])
  // The generator's piece: another resolution (96 ppq) and notes everywhere in the window.
  const g = (p: number, bar: number): NoteEvent => ({
    pitch: p,
    start: bar * 384,
    duration: 48,
    velocity: 100
  })
  const generated = piece(
    [
      track(0, [g(50, 0), g(51, 2)]),
      track(1, [g(70, 1), g(71, 3)]),
      track(4, [g(55, 0), g(56, 2)])
    ],
    96
  )

  it('keeps the kept cells exactly, takes the rest of the window from the generated piece', () => {
    const out = mergeRegion(original, generated, { bars: [0, 1], tracks: [0, 1] }, PAPER_ROLL)
    const byName = Object.fromEntries(out.tracks.map((t) => [t.name, t.notes]))
    // Kept: Kit and Keys in bars 0-1, note for note (velocity and all); outside the window (bar 5) untouched.
    expect(byName.Kit).toEqual([
      note(36, 0),
      note(38, 1),
      { ...g(51, 2), start: 2 * BAR, duration: 240 },
      note(36, 5)
    ])
    expect(byName.Keys).toEqual([
      note(60, 0),
      note(64, 1, 2),
      { ...g(71, 3), start: 3 * BAR, duration: 240 }
    ])
    // Bass was not kept: its window notes are replaced (the generator has none), the track stays.
    expect(byName.Bass).toEqual([])
    // A family only the generator has comes in as its own track, outside the kept bars only.
    expect(out.tracks.find((t) => t.family === 4)?.notes.map((n) => n.start)).toEqual([0, 2 * BAR])
  })

  it('works on a window further into the piece', () => {
    const out = mergeRegion(original, generated, { bars: [1], tracks: [0] }, PAPER_ROLL, 4 * BAR)
    const kit = out.tracks.find((t) => t.name === 'Kit')!.notes
    // Bars 0-3 are outside the window and stay; in the window, bar 1 (= bar 5) is kept, generated bars 0 and 2 come in.
    expect(kit.map((n) => n.start)).toEqual([0, BAR, 2 * BAR, 4 * BAR, 5 * BAR, 6 * BAR])
    expect(kit[4]).toEqual(note(36, 5))
  })
})

describe('sliceNotes and appendTracks', () => {
  it('moves a bar range to a new start and appends it by family', () => {
    const p = piece([track(1, [note(60, 0), note(62, 1), note(64, 2)])])
    const slice = sliceNotes(p, BAR, 3 * BAR, 8 * BAR)
    expect(slice[0].notes.map((n) => n.start)).toEqual([8 * BAR, 9 * BAR])
    const longer = appendTracks(p, [...slice, track(5, [note(40, 8)])])
    expect(longer.tracks.map((t) => t.family)).toEqual([1, 5])
    expect(longer.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 62, 64, 62, 64])
    expect(p.tracks[0].notes).toHaveLength(3) // the input is not changed
  })
})
