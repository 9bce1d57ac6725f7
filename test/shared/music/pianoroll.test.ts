import { describe, expect, it } from 'vitest'
import {
  PAPER_ROLL,
  activeSteps,
  binarize,
  maskTracks,
  pieceToRoll,
  rollIndex,
  rollSize,
  rollSteps,
  wholePieceRoll,
  type RollConfig
} from '@shared/music/pianoroll'
import { rollToPiece } from '@shared/music/rollToPiece'
import type { Piece, Track } from '@shared/music/piece'

const STEP = 120 // ticks per 16th at PPQ 480

function track(family: number, notes: Array<[number, number, number]>, program = 0): Track {
  return {
    name: `t${family}`,
    family,
    program,
    isDrum: family === 0,
    notes: notes.map(([pitch, start, duration]) => ({ pitch, start, duration, velocity: 90 }))
  }
}

function piece(tracks: Track[]): Piece {
  return { title: 't', ppq: 480, tempos: [], timeSignatures: [], tracks }
}

const small: RollConfig = { ...PAPER_ROLL, bars: 1 }

describe('pieceToRoll', () => {
  it('has the paper shape and NHWC indexing', () => {
    expect(rollSteps(PAPER_ROLL)).toBe(64)
    expect(rollSize(PAPER_ROLL)).toBe(64 * 84 * 17)
    expect(rollIndex(PAPER_ROLL, 2, 3, 5)).toBe((2 * 84 + 3) * 17 + 5)
  })

  it('writes notes at their steps, rounding ticks and merging a family by max', () => {
    const p = piece([
      track(1, [[60, 0, 2 * STEP]]), // C4 steps 0,1
      track(1, [[60, STEP, 2 * STEP]], 3), // same family, overlaps: union 0..2
      track(5, [[36, 4 * STEP + 50, STEP]]) // 50 ticks late rounds to step 4
    ])
    const { roll, notesPerFamily, droppedOutOfRange } = pieceToRoll(p, small)
    const on = (t: number, pitch: number, f: number): number =>
      roll[rollIndex(small, t, pitch - 24, f)]
    expect([0, 1, 2, 3].map((t) => on(t, 60, 1))).toEqual([1, 1, 1, 0])
    expect([3, 4, 5].map((t) => on(t, 36, 5))).toEqual([0, 1, 0])
    expect(notesPerFamily[1]).toBe(2)
    expect(notesPerFamily[5]).toBe(1)
    expect(droppedOutOfRange).toBe(0)
    expect(roll.reduce((a, b) => a + b, 0)).toBe(4)
  })

  it('counts notes outside the pitch range and skips them', () => {
    const p = piece([
      track(1, [
        [10, 0, STEP],
        [108, 0, STEP],
        [107, 0, STEP]
      ])
    ])
    const seg = pieceToRoll(p, small)
    expect(seg.droppedOutOfRange).toBe(2)
    expect(seg.roll[rollIndex(small, 0, 83, 1)]).toBe(1)
  })

  it('writes drums as one-step onsets by default and full length on request', () => {
    const p = piece([track(0, [[36, 0, 4 * STEP]])])
    const onset = pieceToRoll(p, small).roll
    expect([0, 1].map((t) => onset[rollIndex(small, t, 12, 0)])).toEqual([1, 0])
    const full = pieceToRoll(p, { ...small, drums: 'full' }).roll
    expect([0, 3, 4].map((t) => full[rollIndex(small, t, 12, 0)])).toEqual([1, 1, 0])
  })

  it('puts a one-step pause between back-to-back notes of one pitch', () => {
    const p = piece([
      track(1, [
        [60, 0, 2 * STEP],
        [60, 2 * STEP, 2 * STEP]
      ])
    ])
    const r = pieceToRoll(p, small).roll
    expect([0, 1, 2, 3].map((t) => r[rollIndex(small, t, 36, 1)])).toEqual([1, 0, 1, 1])
  })

  it('encodes a whole piece with bars stretched to its end', () => {
    const p = piece([
      track(1, [
        [60, 0, STEP],
        [62, 5 * 16 * STEP + STEP, STEP]
      ])
    ])
    const whole = wholePieceRoll(p, PAPER_ROLL)
    expect(whole.config.bars).toBe(6) // last note ends in bar 5 (0-based)
    expect(whole.roll.length).toBe(rollSize(whole.config))
    expect(whole.roll[rollIndex(whole.config, 81, 38, 1)]).toBe(1)
  })

  it('cuts a segment at a start tick, clipping notes that began earlier', () => {
    const bar = 16 * STEP
    const p = piece([
      track(1, [
        [60, bar - STEP, 3 * STEP],
        [62, 2 * bar, STEP]
      ])
    ])
    const seg = pieceToRoll(p, small, bar)
    expect([0, 1, 2].map((t) => seg.roll[rollIndex(small, t, 36, 1)])).toEqual([1, 1, 0])
    expect(seg.notesPerFamily[1]).toBe(1) // the note at 2 * bar lies after this 1-bar segment
  })
})

describe('rollToPiece', () => {
  it('round-trips a piece through the roll', () => {
    const p = piece([
      track(0, [
        [36, 0, STEP],
        [38, 4 * STEP, STEP]
      ]),
      track(1, [
        [60, 0, 4 * STEP],
        [64, 8 * STEP, 2 * STEP]
      ]),
      track(5, [[40, 2 * STEP, 6 * STEP]])
    ])
    const back = rollToPiece(pieceToRoll(p, small).roll, small)
    expect(back.tracks.map((t) => [t.family, t.program, t.isDrum])).toEqual([
      [0, 0, true],
      [1, 0, false],
      [5, 32, false]
    ])
    for (let i = 0; i < 3; i++) {
      const strip = (t: Track) => t.notes.map((n) => [n.pitch, n.start, n.duration])
      expect(strip(back.tracks[i])).toEqual(strip(p.tracks[i]))
    }
    expect(back.timeSignatures[0]).toMatchObject({ numerator: 4, denominator: 4 })
  })

  it('thresholds raw sigmoid output at 0.9 and honours the enable mask', () => {
    const raw = new Float32Array(rollSize(small))
    raw[rollIndex(small, 0, 36, 1)] = 0.95
    raw[rollIndex(small, 1, 36, 1)] = 0.9
    raw[rollIndex(small, 2, 36, 1)] = 0.89
    raw[rollIndex(small, 0, 12, 0)] = 0.99
    const p = rollToPiece(raw, small)
    expect(p.tracks.map((t) => t.family)).toEqual([0, 1])
    expect(p.tracks[1].notes).toEqual([{ pitch: 60, start: 0, duration: 240, velocity: 100 }])
    const enabled = new Array(17).fill(true)
    enabled[0] = false
    expect(rollToPiece(raw, small, { enabled }).tracks.map((t) => t.family)).toEqual([1])
    expect(binarize(raw)[rollIndex(small, 2, 36, 1)]).toBe(0)
    const masked = maskTracks(binarize(raw), enabled)
    expect(masked[rollIndex(small, 0, 12, 0)]).toBe(0)
    expect(activeSteps(masked, small)).toBe(2)
  })

  it('reads one sample out of a batch buffer by offset', () => {
    const batch = new Uint8Array(rollSize(small) * 2)
    batch[rollSize(small) + rollIndex(small, 3, 0, 2)] = 1
    const p = rollToPiece(batch, small, { offset: rollSize(small) })
    expect(p.tracks).toHaveLength(1)
    expect(p.tracks[0]).toMatchObject({ family: 2, program: 8 })
    expect(p.tracks[0].notes[0]).toMatchObject({ pitch: 24, start: 360 })
  })
})
