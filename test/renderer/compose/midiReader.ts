// An independent reader (@tonejs/midi, not the app's own SMF parser) so export tests do not check the writer against itself.
import { Midi } from '@tonejs/midi'
import { familyOf } from '../../../src/shared/music/families'
import { mergeFamilyTracks, withAllFamilies } from '../../../src/shared/music/merge'
import type { Piece, Track } from '../../../src/shared/music/piece'
import { PPQ, clampVelocity } from '../../../src/shared/music/units'

const DRUM_CHANNEL = 9

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
          velocity: clampVelocity(n.velocity * 127)
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

/** Read a MIDI file into the editor's 17-track shape: one track per LPD-17 family, notes merged. */
export function midiToPiece(bytes: Uint8Array, title: string): Piece {
  return withAllFamilies(mergeFamilyTracks(midiToTracks(bytes, title)))
}
