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
    // Window at bar 0 hits 3/4 bar 2; cutting restarts after bar 3: bars 4..7 make the segment.
    expect(segments.map((s) => [s.bar, s.startTick])).toEqual([[4, 6720]])
    expect(skipped.meter).toBe(2) // the two 3/4 bars
  })

  it('groups 2/4 bars in pairs (POP909 declares 2/4), or refuses them under meter exact', () => {
    const piece = beatPiece(16, [{ tick: 0, numerator: 2, denominator: 4 }]) // 8 bars of 2/4
    const grouped = cutSegments(piece, PAPER_ROLL)
    expect(grouped.segments.map((s) => [s.bar, s.startTick])).toEqual([[0, 0]])
    expect(grouped.segments[0].roll).toEqual(pieceToRoll(piece, PAPER_ROLL, 0).roll)
    const exact = cutSegments(piece, PAPER_ROLL, {
      minActiveSteps: 16,
      minNotes: 4,
      meter: 'exact'
    })
    expect(exact.segments).toHaveLength(0)
    expect(exact.skipped.meter).toBe(8)
    // 4/4, then 2/4 for 3 bars (the third cannot pair), then 4/4: the lone 2/4 bar is skipped.
    const mixed = beatPiece(4 + 6 + 16, [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 1920, numerator: 2, denominator: 4 },
      { tick: 1920 + 3 * 960, numerator: 4, denominator: 4 }
    ])
    const m = cutSegments(mixed, PAPER_ROLL, undefined, 1)
    expect(m.skipped.meter).toBe(1)
    // Units: 4/4 @0, pair @1920, lone 2/4 @3840 (bad), then 4/4 @4800, 6720, 8640, 10560.
    expect(m.segments.map((s) => [s.bar, s.startTick])).toEqual([[4, 4800]])
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
