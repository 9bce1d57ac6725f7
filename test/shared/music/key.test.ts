import { describe, expect, it } from 'vitest'
import { pieceShiftToC, shiftToC } from '../../../src/shared/music/key'
import type { Piece, Track } from '../../../src/shared/music/piece'

const PPQ = 480
/** A track playing the given pitches one after another, each `len` quarter notes long. */
const track = (pitches: number[], o: Partial<Track> = {}, len = 1): Track => ({
  name: 't',
  family: 1,
  program: 0,
  isDrum: false,
  notes: pitches.map((pitch, i) => ({ pitch, start: i * PPQ, duration: len * PPQ, velocity: 90 })),
  ...o
})
const piece = (tracks: Track[]): Piece => ({
  title: 'k',
  ppq: PPQ,
  tempos: [],
  timeSignatures: [],
  tracks
})
const scale = (tonic: number, steps: number[]) => steps.map((s) => tonic + s)
const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11]
const MINOR_STEPS = [0, 2, 3, 5, 7, 8, 10]

describe('a piece’s key as the move to C major / A minor', () => {
  it('moves D major down 2, A minor not at all, B♭ major up 2 and F♯ major by the tritone', () => {
    expect(pieceShiftToC(piece([track(scale(62, MAJOR_STEPS))]))).toBe(-2)
    expect(pieceShiftToC(piece([track(scale(57, MINOR_STEPS))]))).toBe(0)
    expect(pieceShiftToC(piece([track(scale(58, MAJOR_STEPS))]))).toBe(2)
    expect(pieceShiftToC(piece([track(scale(66, MAJOR_STEPS))]))).toBe(6)
  })

  it('reads pitches, not drums, and weighs notes by how long they sound', () => {
    const drums = track([37, 39, 42, 44, 46, 49, 54, 56], { isDrum: true, family: 0 })
    expect(pieceShiftToC(piece([drums, track(scale(62, MAJOR_STEPS))]))).toBe(-2)
    expect(pieceShiftToC(piece([drums]))).toBe(0) // nothing pitched: no move
    // E major held long against many short notes of C major: E major wins (move down 4).
    const held = track(scale(64, MAJOR_STEPS), {}, 4)
    const passing = track([...scale(60, MAJOR_STEPS), ...scale(72, MAJOR_STEPS)], {}, 0.25)
    expect(pieceShiftToC(piece([held, passing]))).toBe(-4)
    const evenly = track([
      ...scale(64, MAJOR_STEPS),
      ...scale(60, MAJOR_STEPS),
      ...scale(72, MAJOR_STEPS)
    ])
    expect(pieceShiftToC(piece([evenly]))).toBe(0) // the same notes at one length: C major has more of them
  })

  it('takes the smallest move on a tie, upwards first', () => {
    expect(shiftToC(new Array<number>(12).fill(1))).toBe(0)
    const justCsharp = new Array<number>(12).fill(0)
    justCsharp[1] = 1 // C♯ is on the scale after a move of +1 or -1 (to D or C): +1 comes first
    expect(shiftToC(justCsharp)).toBe(1)
  })
})
