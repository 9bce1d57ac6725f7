// M2 as a property: any structurally valid SMF (random notes, deltas, channels, running status) parses to exactly the notes
// a naive reference pairing finds, all with finite, non-negative ticks; and export -> import gives them back.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { writeMidi } from '../../../../src/main/data/midi/write'
import type { Piece } from '../../../../src/shared/music/piece'
import { smf, vlq } from './smfBuilder'

interface Ev {
  delta: number
  on: boolean
  channel: number
  pitch: number
  velocity: number
}

const event = fc.record({
  delta: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 0x0fffffff })),
  on: fc.boolean(),
  channel: fc.constantFrom(0, 1, 9),
  pitch: fc.integer({ min: 58, max: 62 }),
  velocity: fc.integer({ min: 1, max: 127 })
})

/** Encode events, using running status whenever the status byte repeats and `running` is set. */
function encode(events: Ev[], running: boolean): number[] {
  const out: number[] = []
  let last = -1
  for (const e of events) {
    const status = (e.on ? 0x90 : 0x80) | e.channel
    out.push(...vlq(e.delta))
    if (!running || status !== last) out.push(status)
    out.push(e.pitch, e.on ? e.velocity : 0)
    last = status
  }
  return out
}

/** Reference pairing by linear scan: the oldest open note-on of the same channel and pitch (O(n^2), obviously right). */
function reference(events: Ev[]): string[] {
  const open: { tick: number; e: Ev }[] = []
  const notes: string[] = []
  let tick = 0
  for (const e of events) {
    tick += e.delta
    if (e.on) open.push({ tick, e })
    else {
      const i = open.findIndex((o) => o.e.channel === e.channel && o.e.pitch === e.pitch)
      if (i < 0) continue
      const [o] = open.splice(i, 1)
      if (tick > o.tick)
        notes.push(
          `${e.channel === 9 ? 'd' : 'm'}${e.pitch}@${o.tick}+${tick - o.tick}v${o.e.velocity}`
        )
    }
  }
  return notes.sort()
}

const keys = (piece: Piece): string[] =>
  piece.tracks
    .flatMap((t) =>
      t.notes.map((n) => `${t.isDrum ? 'd' : 'm'}${n.pitch}@${n.start}+${n.duration}v${n.velocity}`)
    )
    .sort()

describe('structure-aware property (M2)', () => {
  it('parses every valid file to the reference notes, finite and non-negative, and round-trips them', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.boolean(), (events, running) => {
        const { piece } = readMidi('p.mid', smf(0, 480, [encode(events, running)]))
        const got = piece.tracks
          .flatMap((t) =>
            t.notes.map(
              (n) => `${t.isDrum ? 'd' : 'm'}${n.pitch}@${n.start}+${n.duration}v${n.velocity}`
            )
          )
          .sort()
        expect(got).toEqual(reference(events))
        for (const t of piece.tracks)
          for (const n of t.notes)
            expect(Number.isSafeInteger(n.start) && n.start >= 0 && n.duration > 0).toBe(true)
        const again = readMidi('q.mid', writeMidi(piece)).piece
        expect(keys(again)).toEqual(got)
      }),
      { numRuns: 300, seed: 42 }
    )
  })
})
