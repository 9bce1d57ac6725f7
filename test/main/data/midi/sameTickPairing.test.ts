// Issue 11 item 10: repeated notes written note-on first (a new note-on, then the old note's off, on the same tick, as
// notation programs write them). The off must close the oldest open note of that pitch and channel, never the new one.
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { smf, vlq } from './smfBuilder'

const on = (delta: number, ch: number, pitch: number, vel = 90) => [
  ...vlq(delta),
  0x90 | ch,
  pitch,
  vel
]
const off = (delta: number, ch: number, pitch: number) => [...vlq(delta), 0x80 | ch, pitch, 0]
/** note-on of the next note first, then (velocity-0 note-on) the previous note's off, both at the same tick. */
const offAsOn = (delta: number, ch: number, pitch: number) => [...vlq(delta), 0x90 | ch, pitch, 0]

/** `count` repeated quarter notes of one pitch, each next note-on written before the previous note's off. */
function repeated(ch: number, pitch: number, count: number, velocityZeroOff = false): number[] {
  const body = on(0, ch, pitch)
  for (let i = 1; i < count; i++)
    body.push(...on(480, ch, pitch, 90 + i), ...(velocityZeroOff ? offAsOn : off)(0, ch, pitch))
  return body.concat(off(480, ch, pitch))
}

describe('same-tick note-on then note-off (issue 11 item 10)', () => {
  it('keeps every repeated note at its full length, with 0x80 offs and velocity-0 note-ons', () => {
    for (const zeroVel of [false, true]) {
      const { piece, report } = readMidi('rep.mid', smf(0, 480, [repeated(0, 60, 8, zeroVel)]))
      const notes = piece.tracks.flatMap((t) => t.notes)
      expect(notes.map((n) => [n.start, n.duration, n.velocity])).toEqual(
        Array.from({ length: 8 }, (_, i) => [i * 480, 480, 90 + (i ? i : 0)])
      )
      expect(report.notesDropped.zeroLength).toBe(0)
    }
  })

  it('pairs with the oldest open note when several are open (a doubled unison), per channel and track', () => {
    // Track 1: two C4 note-ons at 0 (unison), then at 480 a new C4 on before two offs; at 960 the last off.
    const doubled = [
      ...on(0, 0, 60, 80),
      ...on(0, 0, 60, 81),
      ...on(480, 0, 60, 82),
      ...off(0, 0, 60),
      ...off(0, 0, 60),
      ...off(480, 0, 60)
    ]
    // Track 2: the same pattern as track 1's first notes on channel 2; its offs never close track 1's notes.
    const other = [...on(0, 1, 60, 70), ...on(480, 1, 60, 71), ...off(0, 1, 60), ...off(480, 1, 60)]
    const { piece, report } = readMidi('two.mid', smf(1, 480, [doubled, other]))
    const got = piece.tracks.map((t) => t.notes.map((n) => [n.start, n.duration, n.velocity]))
    expect(got).toEqual([
      [
        [0, 480, 80],
        [0, 480, 81],
        [480, 480, 82]
      ],
      [
        [0, 480, 70],
        [480, 480, 71]
      ]
    ])
    expect(report.notesDropped.zeroLength).toBe(0)
    expect(report.warnings).toEqual([])
  })
})
