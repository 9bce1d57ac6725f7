import { describe, expect, it } from 'vitest'
import { writeMidi } from '../../../src/shared/midi/write'
import { midiToPiece, midiToTracks } from './midiReader'
import { readRealMidi } from './realMidi'

const sortNotes = <T extends { start: number; pitch: number }>(ns: T[]) =>
  [...ns].sort((a, b) => a.start - b.start || a.pitch - b.pitch)

describe('MIDI export and re-import', () => {
  it('reads a real file into 17 family tracks and writes it back with the same notes', async () => {
    const piece = midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'e1m1')
    expect(piece.tracks).toHaveLength(17)
    const total = piece.tracks.reduce((s, t) => s + t.notes.length, 0)
    expect(total).toBeGreaterThan(500)
    expect(piece.tracks[0].notes.length).toBeGreaterThan(0)
    const again = midiToPiece(writeMidi(piece), 'again')
    piece.tracks.forEach((t, i) =>
      expect(sortNotes(again.tracks[i].notes)).toEqual(sortNotes(t.notes))
    )
    expect(again.tempos[0].bpm).toBeCloseTo(piece.tempos[0].bpm, 3)
  })
})

describe('one-track MIDI export (drag-out of a track)', () => {
  it('writes only that track, with the piece tempo', async () => {
    const piece = midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'e1m1')
    const i = piece.tracks.findIndex((t) => t.notes.length > 0)
    const one = midiToTracks(writeMidi({ ...piece, tracks: [piece.tracks[i]] }), 'one')
    expect(one.tracks).toHaveLength(1)
    expect(one.tracks[0].family).toBe(piece.tracks[i].family)
    expect(sortNotes(one.tracks[0].notes)).toEqual(sortNotes(piece.tracks[i].notes))
    expect(one.tempos[0].bpm).toBeCloseTo(piece.tempos[0].bpm, 3)
  })
})
