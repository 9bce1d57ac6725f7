import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../src/shared/music/families'
import type { Piece } from '../../../src/shared/music/piece'
import { renderPiece } from '../../../src/renderer/src/audio/render'
import { softClip } from '../../../src/renderer/src/audio/limiter'

/** Drums (five sounds at once) and five families playing a loud six-note chord on every beat of a bar. */
function loudPiece(): Piece {
  return {
    title: 'loud',
    ppq: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [],
    tracks: FAMILIES.map((f) => ({
      name: f.name,
      family: f.index,
      program: f.program,
      isDrum: f.isDrum,
      notes: Array.from({ length: f.index <= 5 ? 4 : 0 }, (_, beat) =>
        (f.isDrum ? [36, 38, 42, 49, 45] : [48, 52, 55, 60, 64, 67]).map((pitch) => ({
          pitch,
          start: beat * 480,
          duration: 400,
          velocity: 127
        }))
      ).flat()
    }))
  }
}

describe('master limiter', () => {
  it('the soft clipper is transparent below 0.9 and stays inside ±1', () => {
    expect(softClip(0.5)).toBe(0.5)
    expect(softClip(-0.9)).toBe(-0.9)
    // The WaveShaper's curve spans inputs -1..1: its ends stay under full scale.
    for (const x of [0.95, 1]) {
      expect(softClip(x)).toBeLessThan(0.98)
      expect(softClip(-x)).toBeGreaterThan(-0.98)
    }
  })

  it('six loud tracks at once render without a full-scale sample', async () => {
    const buf = await renderPiece(loudPiece(), { sampleRate: 22050, channels: 2, tail: 0.5 })
    let peak = 0
    let full = 0
    for (let c = 0; c < buf.numberOfChannels; c++)
      for (const v of buf.getChannelData(c)) {
        peak = Math.max(peak, Math.abs(v))
        if (Math.abs(v) >= 32767 / 32768) full++
      }
    expect(full).toBe(0)
    expect(peak).toBeLessThan(1)
    expect(peak).toBeGreaterThan(0.3)
  })
})
