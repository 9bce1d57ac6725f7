import { describe, expect, it } from 'vitest'
import * as cmd from '../../../src/renderer/src/features/piano-roll/commands'
import { note, pieceWith } from './fixtures'
import { snapPitch } from '../../../src/renderer/src/features/piano-roll/scales'

const base = pieceWith([note(60, 0), note(64, 480), note(67, 960, 480, 90)])
const notesOf = (p: typeof base, track = 1) => p.tracks[track].notes

describe('edit commands', () => {
  it('add clamps pitch, velocity and length and never mutates the input', () => {
    const frozen = JSON.stringify(base)
    const p = cmd.addNote(base, { track: 1, note: note(200, -5, 0, 300) })
    expect(notesOf(p)).toHaveLength(4)
    expect(notesOf(p)[3]).toEqual({ pitch: 127, start: 0, duration: 1, velocity: 127 })
    expect(JSON.stringify(base)).toBe(frozen)
    expect(p.tracks[0]).toBe(base.tracks[0])
  })

  it('deletes selected notes only', () => {
    const p = cmd.deleteNotes(base, { track: 1, indices: [0, 2] })
    expect(notesOf(p).map((n) => n.pitch)).toEqual([64])
    expect(cmd.deleteNotes(base, { track: 1, indices: [] })).toBe(base)
  })

  it('moves notes as a group and clamps the group at the edges', () => {
    const p = cmd.moveNotes(base, { track: 1, indices: [0, 1], dTicks: 240, dPitch: 2 })
    expect(notesOf(p).slice(0, 2)).toEqual([note(62, 240), note(66, 720)])
    expect(notesOf(p)[2]).toBe(notesOf(base)[2])
    const left = cmd.moveNotes(base, { track: 1, indices: [1, 2], dTicks: -10_000, dPitch: 100 })
    expect(notesOf(left)[1].start).toBe(0)
    expect(notesOf(left)[2].start).toBe(480)
    expect(notesOf(left)[2].pitch).toBe(127)
    expect(notesOf(left)[1].pitch).toBe(124)
  })

  it('transposes', () => {
    const p = cmd.transposeNotes(base, { track: 1, indices: [0, 1, 2], semitones: -12 })
    expect(notesOf(p).map((n) => n.pitch)).toEqual([48, 52, 55])
  })

  it('resizes at either edge, keeping at least one tick', () => {
    const p = cmd.resizeNotes(base, { track: 1, indices: [0], dTicks: 120 })
    expect(notesOf(p)[0].duration).toBe(360)
    const q = cmd.resizeNotes(base, { track: 1, indices: [1], dTicks: 100, edge: 'start' })
    expect(notesOf(q)[1]).toEqual(note(64, 580, 140))
    const r = cmd.resizeNotes(base, { track: 1, indices: [0], dTicks: -5000 })
    expect(notesOf(r)[0].duration).toBe(1)
  })

  it('sets velocity clamped to 1..127', () => {
    expect(
      notesOf(cmd.setVelocity(base, { track: 1, indices: [0], velocity: 500 }))[0].velocity
    ).toBe(127)
    expect(
      notesOf(cmd.setVelocity(base, { track: 1, indices: [0], velocity: -3 }))[0].velocity
    ).toBe(1)
    expect(
      notesOf(cmd.setVelocity(base, { track: 1, indices: [1], velocity: 64.4 }))[1].velocity
    ).toBe(64)
  })

  it('quantizes starts and ends to the grid', () => {
    const p0 = pieceWith([note(60, 130, 100), note(62, 250, 20)])
    const p = cmd.quantizeNotes(p0, { track: 1, indices: [0, 1], grid: 120 })
    expect(notesOf(p)).toEqual([note(60, 120, 120), note(62, 240, 120)])
  })

  it('copies, cuts and pastes through clipboard data', () => {
    const clip = cmd.copyNotes(base, { track: 1, indices: [2, 1] })
    expect(clip.notes).toEqual([note(64, 0), note(67, 480, 480, 90)])
    const cut = cmd.cutNotes(base, { track: 1, indices: [1, 2] })
    expect(notesOf(cut.piece)).toHaveLength(1)
    const pasted = cmd.pasteNotes(cut.piece, { track: 5, at: 1920, clipboard: cut.clipboard })
    expect(notesOf(pasted, 5)).toEqual([note(64, 1920), note(67, 2400, 480, 90)])
    expect(cmd.appendedIndices(cut.piece, pasted, 5)).toEqual([0, 1])
  })

  it('duplicates the selection right after its span', () => {
    const p = cmd.duplicateNotes(base, { track: 1, indices: [0, 1] })
    expect(cmd.appendedIndices(base, p, 1)).toEqual([3, 4])
    expect(notesOf(p).slice(3)).toEqual([note(60, 720), note(64, 1200)])
  })
})

describe('key and scale', () => {
  it('snaps pitches to the nearest note of the scale (lower on a tie) and leaves in-scale notes', () => {
    const cMajor = { key: 0, scale: 'major' }
    expect([60, 61, 63, 66, 70].map((p) => snapPitch(p, cMajor))).toEqual([60, 60, 62, 65, 69])
    const aMinor = { key: 9, scale: 'minor' }
    expect(snapPitch(68, aMinor)).toBe(67)
    const piece = pieceWith([note(61, 0), note(64, 480)])
    const snapped = cmd.snapNotesToScale(piece, { track: 1, indices: [0, 1], keyScale: cMajor })
    expect(snapped.tracks[1].notes.map((n) => n.pitch)).toEqual([60, 64])
    expect(snapped.tracks[1].notes[1]).toBe(piece.tracks[1].notes[1])
  })
})
