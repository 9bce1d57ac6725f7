import { Midi } from '@tonejs/midi'
import { FAMILIES, familyOf } from '@shared/music/families'
import { mergeFamilyTracks } from '@shared/music/merge'
import type { Piece, Track } from '@shared/music/piece'
import { PPQ } from '@shared/music/units'

const DRUM_CHANNEL = 9
// 15 melodic channels (0..15 without 9); with more than 15 pitched tracks, channels are shared.
const MELODIC = Array.from({ length: 16 }, (_, i) => i).filter((c) => c !== DRUM_CHANNEL)

/** Write a piece as a multitrack General MIDI file (format 1, drums on channel 10) for download or a DAW. */
export function pieceToMidi(piece: Piece, only?: number): Uint8Array {
  const midi = new Midi()
  const scale = PPQ / piece.ppq
  midi.header.name = piece.title
  for (const t of piece.tempos.length ? piece.tempos : [{ tick: 0, bpm: 120 }]) {
    midi.header.tempos.push({ ticks: Math.round(t.tick * scale), bpm: t.bpm })
  }
  for (const s of piece.timeSignatures) {
    midi.header.timeSignatures.push({
      ticks: Math.round(s.tick * scale),
      timeSignature: [s.numerator, s.denominator]
    })
  }
  midi.header.update()
  let melodic = 0
  piece.tracks.forEach((t, i) => {
    if (only !== undefined && i !== only) return
    const track = midi.addTrack()
    track.name = t.name
    track.channel = t.isDrum ? DRUM_CHANNEL : MELODIC[melodic++ % MELODIC.length]
    track.instrument.number = t.isDrum ? 0 : t.program
    for (const n of t.notes) {
      // @tonejs/midi writes floor(velocity * 127): aim at the middle of the step so it reads back exactly.
      track.addNote({
        midi: n.pitch,
        ticks: Math.round(n.start * scale),
        durationTicks: Math.max(1, Math.round(n.duration * scale)),
        velocity: (n.velocity + 0.5) / 127
      })
    }
  })
  return midi.toArray()
}

/** Read a MIDI file into a piece with one track per MIDI track (family from program and drum channel). */
export function midiToTracks(bytes: Uint8Array, title: string): Piece {
  const midi = new Midi(bytes)
  const scale = PPQ / midi.header.ppq
  const tracks: Track[] = midi.tracks
    .filter((t) => t.notes.length > 0)
    .map((t) => {
      const isDrum = t.channel === DRUM_CHANNEL || t.instrument.percussion
      return {
        name: t.name || t.instrument.name,
        family: familyOf(t.instrument.number, isDrum),
        program: t.instrument.number,
        isDrum,
        notes: t.notes.map((n) => ({
          pitch: n.midi,
          start: Math.round(n.ticks * scale),
          duration: Math.max(1, Math.round(n.durationTicks * scale)),
          velocity: Math.min(127, Math.max(1, Math.round(n.velocity * 127)))
        }))
      }
    })
  return {
    title,
    ppq: PPQ,
    tempos: midi.header.tempos.map((t) => ({ tick: Math.round(t.ticks * scale), bpm: t.bpm })),
    timeSignatures: midi.header.timeSignatures.map((s) => ({
      tick: Math.round(s.ticks * scale),
      numerator: s.timeSignature[0],
      denominator: s.timeSignature[1]
    })),
    tracks
  }
}

/**
 * The editor's 17-track shape for a piece with at most one track per family (generated ones omit
 * silent tracks): every family present, in family order, empty where the piece had none. Pieces with
 * several tracks of a family (imports) are returned unchanged.
 */
export function withAllFamilies(piece: Piece): Piece {
  const families = piece.tracks.map((t) => t.family)
  if (new Set(families).size !== families.length) return piece
  const tracks = FAMILIES.map(
    (f): Track =>
      piece.tracks.find((t) => t.family === f.index) ?? {
        name: f.name,
        family: f.index,
        program: f.program,
        isDrum: f.isDrum,
        notes: []
      }
  )
  return { ...piece, tracks }
}

/** Read a MIDI file into the editor's 17-track shape: one track per LPD-17 family, notes merged. */
export function midiToPiece(bytes: Uint8Array, title: string): Piece {
  return withAllFamilies(mergeFamilyTracks(midiToTracks(bytes, title)))
}
