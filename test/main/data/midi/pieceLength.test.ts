// A piece's length survives a MIDI file: the writer ends every track at the piece's end (empty last bars included),
// mido reads that length back, and so does our reader. Velocities go out as they are.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { writeMidi } from '../../../../src/shared/midi/write'
import { pieceLength } from '../../../../src/shared/music/pianoroll'
import type { Piece } from '../../../../src/shared/music/piece'

const PYTHON = '/usr/bin/python3'
const hasMido = spawnSync(PYTHON, ['-c', 'import mido'], { encoding: 'utf8' }).status === 0

const BAR = 4 * 480

/** Three bars of notes in a 4-bar piece, velocities 41..127. */
const piece: Piece = {
  title: 'Four bars',
  ppq: 480,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    {
      name: 'Bass',
      family: 5,
      program: 32,
      isDrum: false,
      notes: [
        { pitch: 40, start: 0, duration: 480, velocity: 41 },
        { pitch: 43, start: 2 * BAR, duration: BAR, velocity: 127 }
      ]
    }
  ],
  length: 4 * BAR
}

describe('piece length through MIDI', () => {
  it('our reader gets the length back; without one the piece ends at its last note', () => {
    const back = readMidi('x.mid', writeMidi(piece)).piece
    expect(back.length).toBe(4 * BAR)
    expect(back.tracks[0].notes.map((n) => n.velocity)).toEqual([41, 127])
    const plain = readMidi('y.mid', writeMidi({ ...piece, length: undefined })).piece
    expect(plain.length).toBeUndefined()
    expect(pieceLength(plain)).toBe(3 * BAR)
    // A note past the length: the file ends at the note.
    expect(pieceLength(readMidi('z.mid', writeMidi({ ...piece, length: BAR })).piece)).toBe(3 * BAR)
  })

  it.skipIf(!hasMido)(
    'mido sees every track end at the piece end and the velocities as written',
    () => {
      const file = join(mkdtempSync(join(tmpdir(), 'b2b-len-')), 'four.mid')
      writeFileSync(file, writeMidi(piece))
      const script = `
import json, sys, mido
m = mido.MidiFile(sys.argv[1])
ends = [sum(msg.time for msg in t) for t in m.tracks]
vel = [msg.velocity for t in m.tracks for msg in t if msg.type == 'note_on' and msg.velocity > 0]
print(json.dumps({'ends': ends, 'seconds': m.length, 'velocities': vel}))
`
      const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(0)
      const out = JSON.parse(r.stdout) as { ends: number[]; seconds: number; velocities: number[] }
      expect(out.ends).toEqual([4 * BAR, 4 * BAR])
      expect(out.seconds).toBeCloseTo(8, 5) // 4 bars of 4/4 at 120 bpm
      expect(out.velocities).toEqual([41, 127])
    }
  )
})
