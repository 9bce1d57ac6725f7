// What the reader makes of valid files: program at onset, drums, running status, pairing, ranges, and the M3 bound.
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { writeMidi } from '../../../../src/main/data/midi/write'
import type { Piece } from '../../../../src/shared/music/piece'
import { EOT, header, mtrk, note, smf, vlq } from './smfBuilder'

const pc = (ch: number, program: number, delta = 0) => [...vlq(delta), 0xc0 | ch, program]

describe('SMF semantics', () => {
  it('gives each note the family of the program in force at its onset, mid-track and across tracks', () => {
    const bytes = smf(1, 480, [
      [...pc(0, 0), ...note(0, 60, 480), ...pc(0, 33), ...note(0, 40, 480)],
      [...pc(1, 30), ...note(1, 64, 240), ...note(9, 36, 10)],
      // Track 3 plays on channel 0: its program is the one track 1 set last (33, Bass) at that tick.
      note(0, 45, 100, 90, 960)
    ])
    const { piece, report } = readMidi('prog.mid', bytes)
    const fam = (pitch: number) => piece.tracks.find((t) => t.notes.some((n) => n.pitch === pitch))
    expect(fam(60)).toMatchObject({ family: 1, program: 0 })
    expect(fam(40)).toMatchObject({ family: 5, program: 33 })
    expect(fam(64)).toMatchObject({ family: 4, program: 30 })
    expect(fam(36)).toMatchObject({ family: 0, isDrum: true })
    expect(fam(45)).toMatchObject({ family: 5, program: 33 })
    expect(report.notesPerFamily).toMatchObject({ Piano: 1, Bass: 2, Guitar: 1, Drums: 1 })
  })

  it('reads running status and note-on velocity 0 as note-off', () => {
    const body = [0, 0x90, 60, 100, 10, 60, 0, 0, 62, 90, 20, 62, 0]
    const { piece, report } = readMidi('rs.mid', smf(0, 480, [body]))
    expect(piece.tracks[0].notes).toEqual([
      { pitch: 60, start: 0, duration: 10, velocity: 100 },
      { pitch: 62, start: 10, duration: 20, velocity: 90 }
    ])
    expect(report.format).toBe(0)
  })

  it('pairs overlapping notes of one pitch first-in first-out and counts drops by reason', () => {
    const body = [
      ...[0, 0x90, 60, 100, 10, 0x90, 60, 80, 10, 0x80, 60, 0, 10, 0x80, 60, 0],
      ...[0, 0x90, 62, 100, 0, 0x80, 62, 0], // zero length
      ...[0, 0x90, 10, 100, 5, 0x80, 10, 0], // below the range
      ...[0, 0x90, 64, 100] // never closed
    ]
    const { piece, report } = readMidi('pair.mid', smf(0, 480, [body]), {
      pitchRange: { low: 24, high: 107 }
    })
    expect(piece.tracks[0].notes).toEqual([
      { pitch: 60, start: 0, duration: 20, velocity: 100 },
      { pitch: 60, start: 10, duration: 20, velocity: 80 }
    ])
    expect(report.notesDropped).toEqual({ outOfRange: 1, zeroLength: 1, unterminated: 1 })
  })

  it('rescales to PPQ 480 and keeps tempo and time signatures', () => {
    const conductor = [0, 0xff, 0x51, 3, 0x07, 0xa1, 0x20, 0, 0xff, 0x58, 4, 3, 2, 24, 8]
    const { piece } = readMidi('t.mid', smf(1, 96, [conductor, note(0, 60, 96, 100, 96)]))
    expect(piece.ppq).toBe(480)
    expect(piece.tempos).toEqual([{ tick: 0, bpm: 120 }])
    expect(piece.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }])
    expect(piece.tracks[0].notes[0]).toMatchObject({ start: 480, duration: 480 })
  })

  it('pairs 40,000 unmatched note-ons in well under 500 ms (M3)', () => {
    const body: number[] = []
    for (let i = 0; i < 40_000; i++)
      body.push(0, 0x90, 20 + (i % 60), 100, 0, 0x80, 100 + (i % 20), 0)
    const bytes = smf(0, 480, [body])
    expect(bytes.length).toBeGreaterThan(240_000)
    const t0 = performance.now()
    const { report } = readMidi('adversarial.mid', bytes)
    const ms = performance.now() - t0
    expect(report.notesDropped.unterminated).toBe(40_000)
    expect(ms).toBeLessThan(500)
  })

  it('exports drums on channel 10, GM programs, names, and one track per family when merging', () => {
    const piece: Piece = {
      title: 'demo',
      ppq: 480,
      tempos: [{ tick: 0, bpm: 90 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
      tracks: [
        {
          name: 'Kit',
          family: 0,
          program: 0,
          isDrum: true,
          notes: [{ pitch: 36, start: 0, duration: 60, velocity: 100 }]
        },
        {
          name: 'G1',
          family: 4,
          program: 29,
          isDrum: false,
          notes: [{ pitch: 50, start: 0, duration: 480, velocity: 90 }]
        },
        {
          name: 'G2',
          family: 4,
          program: 30,
          isDrum: false,
          notes: [{ pitch: 55, start: 480, duration: 480, velocity: 90 }]
        }
      ]
    }
    const kept = readMidi('x.mid', writeMidi(piece))
    expect(kept.report.tracks.map((t) => [t.name, t.channel, t.program])).toEqual([
      ['Kit', 9, 0],
      ['G1', 0, 29],
      ['G2', 1, 30]
    ])
    expect(kept.piece.tempos).toEqual([{ tick: 0, bpm: expect.closeTo(90, 3) }])
    const merged = readMidi('x.mid', writeMidi(piece, { mergeFamilies: true }))
    expect(merged.report.tracks.map((t) => [t.familyName, t.program, t.notes])).toEqual([
      ['Drums', 0, 1],
      ['Guitar', 24, 2]
    ])
  })

  it('exports more than 15 programs by sharing channels and still re-imports every program', () => {
    const tracks = Array.from({ length: 20 }, (_, i) => ({
      name: `t${i}`,
      family: 1 + Math.floor((i * 6) / 8),
      program: i * 6,
      isDrum: false,
      notes: [{ pitch: 60, start: 0, duration: 100, velocity: 100 }]
    }))
    const piece: Piece = { title: 'many', ppq: 480, tempos: [], timeSignatures: [], tracks }
    const back = readMidi('many.mid', writeMidi(piece)).piece
    expect(back.tracks.map((t) => t.program).sort((a, b) => a - b)).toEqual(
      tracks.map((t) => t.program)
    )
  })

  it('reads a header with a longer length and skips unknown chunks with a warning', () => {
    const bytes = Uint8Array.from([
      ...[0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 8, 0, 0, 0, 1, 0, 96, 0, 0],
      ...[0x58, 0x46, 0x49, 0x48, 0, 0, 0, 2, 1, 2],
      ...mtrk([...note(0, 60, 96), ...EOT])
    ])
    const { report } = readMidi('x.mid', bytes)
    expect(report.notesKept).toBe(1)
    expect(report.warnings.join()).toMatch(/unknown chunk XFIH/)
    expect(header(0, 1, 96)).toHaveLength(14)
  })
})
