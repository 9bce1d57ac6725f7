import { describe, expect, it } from 'vitest'
import { cutSegments } from '../../../../src/main/data/dataset/segments'
import { PAPER_ROLL, pieceToRoll } from '@shared/music/pianoroll'
import { beatPiece } from './fixture'

const BAR = 1920

describe('cutSegments', () => {
  it('cuts back-to-back 4-bar segments on downbeats of a 4/4 piece', () => {
    const piece = beatPiece(4 * 9) // 9 bars -> segments at bars 0 and 4; bar 8 alone is too short
    const { segments, skipped } = cutSegments(piece, PAPER_ROLL)
    expect(segments.map((s) => [s.bar, s.startTick])).toEqual([
      [0, 0],
      [4, 4 * BAR]
    ])
    expect(segments[1].roll).toEqual(pieceToRoll(piece, PAPER_ROLL, 4 * BAR).roll)
    expect(segments[0].notesPerFamily[1]).toBe(32) // 16 beats x 2 notes
    expect(segments[0].notesPerFamily[0]).toBe(16)
    expect(skipped).toEqual({ meter: 0, sparse: 0, fewNotes: 0 })
  })

  it('hops by a chosen number of bars', () => {
    const { segments } = cutSegments(beatPiece(4 * 6), PAPER_ROLL, undefined, 1)
    expect(segments.map((s) => s.bar)).toEqual([0, 1, 2])
  })

  it('skips windows that touch a non-4/4 bar and restarts after it', () => {
    // Bars: 0-1 in 4/4 (0..3840), bars 2-3 in 3/4 (3840..6720), then 4/4 from 6720 for 5 bars.
    const sigs = [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 3840, numerator: 3, denominator: 4 },
      { tick: 6720, numerator: 4, denominator: 4 }
    ]
    const piece = beatPiece((6720 + 5 * BAR) / 480, sigs)
    const { segments, skipped } = cutSegments(piece, PAPER_ROLL)
    // Window at bar 0 hits 3/4 bar 2 -> skip, retry at bar 3 -> 3/4 again -> skip, retry at 4: kept.
    expect(segments.map((s) => [s.bar, s.startTick])).toEqual([[4, 6720]])
    expect(skipped.meter).toBe(2)
  })

  it('keeps 2/2 (same bar length) and counts sparse and few-note segments', () => {
    const cut = cutSegments(beatPiece(16, [{ tick: 0, numerator: 2, denominator: 2 }]), PAPER_ROLL)
    expect(cut.segments).toHaveLength(1)
    // One beat of notes in 4 bars: 4 active steps < 16 -> sparse.
    const sparse = cutSegments(beatPiece(1), { ...PAPER_ROLL, bars: 1 })
    expect(sparse.skipped.sparse).toBe(1)
    // 1 bar of 4 beats: 16 active steps, 12 notes; require 13 notes -> fewNotes.
    const few = cutSegments(
      beatPiece(4),
      { ...PAPER_ROLL, bars: 1 },
      { minActiveSteps: 4, minNotes: 13 }
    )
    expect(few.skipped).toEqual({ meter: 0, sparse: 0, fewNotes: 1 })
  })
})
