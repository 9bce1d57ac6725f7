// All fixture files (real MIDI) import; families land where they should; MIDI -> piece -> MIDI -> piece keeps notes, programs, drums.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { writeMidi } from '../../../../src/main/data/midi/write'
import type { Piece } from '../../../../src/shared/music/piece'
import { FIXTURE_MIDI, fixtureManifest, fixtureMidiFiles } from '../../../helpers/fixtures'

const files = fixtureMidiFiles()
const manifest = fixtureManifest().filter((e) => e.kind === 'midi')

/** Tracks as comparable strings: program, drum flag, family and the sorted notes. */
function canonical(piece: Piece): string[] {
  return piece.tracks
    .map((t) => {
      const notes = [...t.notes].sort(
        (a, b) => a.start - b.start || a.pitch - b.pitch || a.duration - b.duration
      )
      return JSON.stringify({ program: t.program, isDrum: t.isDrum, family: t.family, notes })
    })
    .sort()
}

describe('the real MIDI fixtures', () => {
  it('are the files of their manifest (same sha256), and every one imports with notes', () => {
    expect(files.map((f) => relative(FIXTURE_MIDI, f))).toEqual(manifest.map((e) => e.file).sort())
    expect(files.length).toBeGreaterThanOrEqual(80)
    const sha = new Map(manifest.map((e) => [e.file, e.sha256]))
    for (const f of files) {
      const bytes = readFileSync(f)
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(
        sha.get(relative(FIXTURE_MIDI, f))
      )
      const { report } = readMidi(f, bytes)
      expect(report.notesKept, basename(f)).toBeGreaterThan(0)
    }
  })

  it('puts POP909 on Piano only and Freedoom drums on Drums', () => {
    let drumFiles = 0
    for (const f of files) {
      const { piece, report } = readMidi(f, readFileSync(f))
      if (f.includes('pop909')) {
        expect(
          piece.tracks.every((t) => t.family === 1 && !t.isDrum),
          basename(f)
        ).toBe(true)
        expect(report.notesPerFamily.Piano).toBe(report.notesKept)
      } else if (report.tracks.some((t) => t.channel === 9 && t.notes > 0)) {
        drumFiles++
        expect(report.notesPerFamily.Drums, basename(f)).toBeGreaterThan(0)
        for (const t of piece.tracks) expect(t.isDrum).toBe(t.family === 0)
      }
    }
    // The manifest's drum flag was written by another reader (a strict SMF parser), file by file.
    expect(drumFiles).toBe(
      manifest.filter((e) => e.file.startsWith('freedoom/') && e.midi?.has_drums_ch10).length
    )
    expect(drumFiles).toBeGreaterThan(30)
  })

  it('round-trips MIDI -> piece -> MIDI -> piece with equal notes, programs and drums for every file', () => {
    for (const f of files) {
      const first = readMidi(f, readFileSync(f)).piece
      const second = readMidi(f, writeMidi(first)).piece
      expect(canonical(second), basename(f)).toEqual(canonical(first))
      expect(second.tempos).toEqual(
        first.tempos.map((t) => ({ tick: t.tick, bpm: expect.closeTo(t.bpm, 2) }))
      )
      expect(second.timeSignatures).toEqual(first.timeSignatures)
    }
  })
})
