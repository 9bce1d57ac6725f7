import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../src/shared/music/families'
import type { NoteEvent, Piece } from '../../../src/shared/music/piece'
import { renderPiece } from '../../../src/renderer/src/audio/render'
import { encodeWav } from '../../../src/renderer/src/audio/wav'
import { drumVoiceOf } from '../../../src/renderer/src/audio/DrumKit'
import { pieceWith } from '../piano-roll/fixtures'
import { onsets, rms } from './signal'

const RATE = 22050

/** A piece with notes in one family's track and every other family's track empty. */
function pieceOf(family: number, notes: NoteEvent[]): Piece {
  return { ...pieceWith(notes, family), title: FAMILIES[family].name, timeSignatures: [] }
}

describe('family instruments (Tone.Offline)', () => {
  it('every family sounds', async () => {
    const levels: number[] = []
    for (const f of FAMILIES) {
      const pitch = f.isDrum ? 36 : 60
      const buf = await renderPiece(
        pieceOf(f.index, [{ pitch, start: 0, duration: 480, velocity: 100 }]),
        {
          sampleRate: RATE,
          channels: 1,
          tail: 0.3
        }
      )
      levels.push(rms(buf.getChannelData(0)))
    }
    levels.forEach((level, i) => expect(level, FAMILIES[i].name).toBeGreaterThan(0.005))
    levels.forEach((level, i) => expect(level, FAMILIES[i].name).toBeLessThan(0.9))
  })

  it('a muted track is silent', async () => {
    const piece = pieceOf(1, [{ pitch: 60, start: 0, duration: 480, velocity: 100 }])
    const buf = await renderPiece(piece, {
      sampleRate: RATE,
      channels: 1,
      tail: 0.2,
      mix: [{}, { mute: true }]
    })
    expect(rms(buf.getChannelData(0))).toBeLessThan(1e-4)
  })

  it('the drum kit maps GM notes and hits at the right times', async () => {
    expect(['kick', 'snare', 'closedHat', 'openHat', 'crash', 'ride', 'tom'].sort()).toEqual(
      [36, 38, 42, 46, 49, 51, 45].map(drumVoiceOf).sort()
    )
    // One hit per half beat at 120 bpm (every 0.25 s), each GM note a different kit voice.
    const hits = [36, 38, 42, 45, 36, 40, 44, 50, 35, 49]
    const notes = hits.map((pitch, i) => ({ pitch, start: i * 240, duration: 120, velocity: 110 }))
    const buf = await renderPiece(pieceOf(0, notes), { sampleRate: RATE, channels: 1, tail: 0.5 })
    const found = onsets(buf.getChannelData(0), RATE)
    const expected = hits.map((_, i) => i * 0.25)
    expect(found).toHaveLength(expected.length)
    found.forEach((t, i) => expect(Math.abs(t - expected[i])).toBeLessThan(0.02))
  })

  it('encodes a WAV file with a RIFF header and the rendered frames', async () => {
    const buf = await renderPiece(
      pieceOf(5, [{ pitch: 40, start: 0, duration: 240, velocity: 90 }]),
      {
        sampleRate: RATE,
        channels: 2,
        tail: 0.1
      }
    )
    const wav = new DataView(encodeWav(buf))
    const text = (o: number) => String.fromCharCode(...new Uint8Array(wav.buffer, o, 4))
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data'])
    expect(wav.getUint16(22, true)).toBe(2)
    expect(wav.getUint32(24, true)).toBe(RATE)
    expect(wav.getUint32(40, true)).toBe(buf.length * 4)
  })
})
