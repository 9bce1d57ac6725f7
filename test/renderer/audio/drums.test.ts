import * as Tone from 'tone'
import { describe, expect, it } from 'vitest'
import type { NoteEvent, Piece } from '../../../src/shared/music/piece'
import { renderPiece } from '../../../src/renderer/src/audio/render'
import { Instrument } from '../../../src/renderer/src/audio/Instrument'
import { pieceWith } from '../piano-roll/fixtures'
import { rms } from './signal'

const RATE = 22050

/** Drum hits (GM notes) all at tick 0. */
function hitsAtZero(pitches: number[]): Piece {
  const notes: NoteEvent[] = pitches.map((pitch) => ({
    pitch,
    start: 0,
    duration: 120,
    velocity: 100
  }))
  return { ...pieceWith(notes, 0), title: 'hits', timeSignatures: [] }
}

async function level(pitches: number[]): Promise<number> {
  const buf = await renderPiece(hitsAtZero(pitches), { sampleRate: RATE, channels: 1, tail: 0.3 })
  return rms(buf.getChannelData(0))
}

describe('simultaneous drum hits (Tone.Offline)', () => {
  it('every hit on one tick sounds, also two on the same synth (closed hats 42+44, snares 38+40)', async () => {
    const hat = await level([42])
    const hats = await level([42, 44])
    const snares = await level([38, 40])
    const snare = await level([38])
    // Two equal hits on separate synths add up: more than one alone (the second used to throw).
    expect(hats).toBeGreaterThan(hat * 1.3)
    expect(snares).toBeGreaterThan(snare * 1.2)
    expect(await level([36, 38, 40, 42, 44, 49, 57])).toBeGreaterThan(snare)
  })

  it('reports its progress up to 1 while rendering', async () => {
    const seen: number[] = []
    const notes = Array.from({ length: 12 }, (_, i) => ({
      pitch: 36,
      start: i * 480,
      duration: 120,
      velocity: 100
    }))
    const piece = { ...pieceWith(notes, 0), title: 'long', timeSignatures: [] }
    await renderPiece(piece, {
      sampleRate: RATE,
      channels: 1,
      tail: 0.3,
      onprogress: (f) => seen.push(f)
    })
    expect(seen.at(-1)).toBe(1)
    expect(seen.some((f) => f > 0 && f < 1)).toBe(true)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
  })

  it('a render that fails part-way rejects and leaves the live context the global one', async () => {
    const live = Tone.getContext()
    const play = Instrument.prototype.play
    Instrument.prototype.play = () => {
      throw new Error('injected')
    }
    try {
      await expect(level([36])).rejects.toThrow('injected')
    } finally {
      Instrument.prototype.play = play
    }
    expect(Tone.getContext()).toBe(live)
    expect(await level([36])).toBeGreaterThan(0.005)
  })
})
