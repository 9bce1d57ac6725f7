import { describe, expect, it } from 'vitest'
import { EditHistory } from '../../../src/renderer/src/features/piano-roll/history'
import * as cmd from '../../../src/renderer/src/features/piano-roll/commands'
import {
  selectAll,
  selectInBox,
  noteAt,
  toggleIndex
} from '../../../src/renderer/src/features/piano-roll/selection'
import { note, pieceWith } from './fixtures'

describe('EditHistory', () => {
  it('undoes and redoes every command through one history', () => {
    const p0 = pieceWith([note(60, 0)])
    const h = new EditHistory(p0)
    h.commit(cmd.addNote(h.present, { track: 1, note: note(62, 480) }))
    h.commit(cmd.moveNotes(h.present, { track: 1, indices: [0], dTicks: 120, dPitch: 1 }))
    h.commit(cmd.setVelocity(h.present, { track: 1, indices: [1], velocity: 20 }))
    const last = h.present
    expect(h.undo()).toBe(true)
    expect(h.undo()).toBe(true)
    expect(h.present.tracks[1].notes).toEqual([note(60, 0), note(62, 480)])
    expect(h.redo()).toBe(true)
    expect(h.redo()).toBe(true)
    expect(h.present).toBe(last)
    expect(h.redo()).toBe(false)
    h.undo()
    h.commit(cmd.deleteNotes(h.present, { track: 1, indices: [0] }))
    expect(h.canRedo).toBe(false)
  })

  it('makes one undo step of a drag of many previews', () => {
    const p0 = pieceWith([note(60, 0)])
    const h = new EditHistory(p0)
    for (let dx = 10; dx <= 100; dx += 10) {
      h.preview(cmd.moveNotes(h.base, { track: 1, indices: [0], dTicks: dx, dPitch: 0 }))
    }
    expect(h.present.tracks[1].notes[0].start).toBe(100)
    expect(h.canUndo).toBe(false)
    h.commit(h.present)
    h.undo()
    expect(h.present).toBe(p0)
    expect(h.commit(p0)).toBe(false)
  })

  it('drops the oldest steps past its limit', () => {
    const h = new EditHistory(pieceWith([]), { limit: 3 })
    for (let i = 0; i < 5; i++)
      h.commit(cmd.addNote(h.present, { track: 1, note: note(60 + i, 0) }))
    let n = 0
    while (h.undo()) n++
    expect(n).toBe(3)
    expect(h.present.tracks[1].notes).toHaveLength(2)
  })
})

describe('selection helpers', () => {
  const p = pieceWith([note(60, 0), note(64, 480), note(67, 960)])
  it('selects all, in a box, at a point, and toggles with shift', () => {
    expect(selectAll(p, 1)).toEqual([0, 1, 2])
    expect(selectInBox(p, 1, { start: 400, end: 1000, low: 60, high: 65 })).toEqual([1])
    expect(noteAt(p, 1, 500, 64)).toBe(1)
    expect(noteAt(p, 1, 500, 65)).toBe(-1)
    expect(toggleIndex([1, 2], 2, true)).toEqual([1])
    expect(toggleIndex([1], 2, true)).toEqual([1, 2])
    expect(toggleIndex([1], 2, false)).toEqual([2])
  })
})
