import { describe, expect, it } from 'vitest'
import { EditorState } from '../../../src/renderer/src/features/piano-roll/EditorState.svelte'
import { NoteTransform } from '../../../src/renderer/src/features/piano-roll/transform'
import { actionOf } from '../../../src/renderer/src/features/piano-roll/shortcuts'
import { laneVelocity } from '../../../src/renderer/src/features/piano-roll/gestures'
import { note, pieceWith } from './fixtures'

// 0.1 px per tick (a beat = 48 px), 10 px rows, pitch 127 at the top.
function editorWith(notes = [note(60, 0, 480), note(64, 960, 480), note(67, 1920, 480)]) {
  const e = new EditorState()
  e.load(pieceWith(notes))
  e.track = 1
  e.transform = new NoteTransform({ pixelsPerTick: 0.1, pixelsPerKey: 10, topPitch: 128 })
  return e
}
const at = (e: EditorState, tick: number, pitch: number, shift = false) => ({
  x: e.transform.tickToX(tick),
  y: e.transform.pitchToY(pitch) + 5,
  shift,
  mod: false
})
const click = (e: EditorState, p: ReturnType<typeof at>) => (e.pointerDown(p), e.pointerUp(p))

describe('gestures through the EditorState', () => {
  it('select: click, shift-click and box', () => {
    const e = editorWith()
    click(e, at(e, 100, 60))
    expect(e.selection).toEqual([0])
    click(e, at(e, 1000, 64, true))
    expect(e.selection).toEqual([0, 1])
    click(e, at(e, 5000, 30))
    expect(e.selection).toEqual([])
    e.pointerDown(at(e, 900, 70))
    e.pointerMove(at(e, 2000, 62))
    expect(e.box).not.toBeNull()
    e.pointerUp(at(e, 2000, 62))
    expect(e.box).toBeNull()
    expect(e.selection).toEqual([1, 2])
  })

  it('move snaps to the grid and is one undo step', () => {
    const e = editorWith()
    e.pointerDown(at(e, 200, 60))
    e.pointerMove(at(e, 250, 61))
    e.pointerMove(at(e, 330, 63))
    e.pointerUp(at(e, 330, 63))
    expect(e.piece.tracks[1].notes[0]).toEqual(note(63, 120, 480))
    e.undo()
    expect(e.piece.tracks[1].notes[0]).toEqual(note(60, 0, 480))
    expect(e.canUndo).toBe(false)
  })

  it('resize from the end edge', () => {
    const e = editorWith()
    e.pointerDown(at(e, 478, 60))
    e.pointerUp(at(e, 478 + 240, 60))
    expect(e.piece.tracks[1].notes[0].duration).toBe(720)
  })

  it('pencil adds a snapped note, erase removes notes along a stroke', () => {
    const e = editorWith()
    e.tool = 'pencil'
    click(e, at(e, 3050, 72))
    expect(e.piece.tracks[1].notes[3]).toEqual(note(72, 3000, 240))
    e.tool = 'erase'
    e.pointerDown(at(e, 100, 60))
    e.pointerMove(at(e, 1000, 64))
    e.pointerUp(at(e, 1000, 64))
    expect(e.piece.tracks[1].notes.map((n) => n.pitch)).toEqual([67, 72])
    e.undo()
    expect(e.piece.tracks[1].notes).toHaveLength(4)
  })

  it('velocity lane sets the velocity of the note under the pointer', () => {
    const e = editorWith()
    e.laneDown({ x: e.transform.tickToX(960), y: 32, shift: false, mod: false }, 64)
    e.pointerUp({ x: 0, y: 0, shift: false, mod: false })
    expect(e.piece.tracks[1].notes[1].velocity).toBe(Math.round(laneVelocity(32, 64)))
    expect(e.piece.tracks[1].notes[0].velocity).toBe(100)
  })

  it('shortcuts: select all, copy/paste, duplicate, delete, arrows, undo/redo', () => {
    const e = editorWith()
    const k = (key: string, mod = false, shift = false) =>
      e.key({ key, ctrlKey: mod, metaKey: false, shiftKey: shift })
    k('a', true)
    expect(e.selection).toEqual([0, 1, 2])
    k('c', true)
    e.transform = e.transform.with({ scrollTick: 3840 })
    k('v', true)
    expect(e.piece.tracks[1].notes).toHaveLength(6)
    expect(e.selection).toEqual([3, 4, 5])
    expect(e.piece.tracks[1].notes[3].start).toBe(3840)
    k('ArrowUp')
    expect(e.piece.tracks[1].notes[3].pitch).toBe(61)
    k('ArrowUp', false, true)
    expect(e.piece.tracks[1].notes[3].pitch).toBe(73)
    k('Delete')
    expect(e.piece.tracks[1].notes).toHaveLength(3)
    k('z', true)
    k('z', true)
    k('z', true)
    expect(e.piece.tracks[1].notes).toHaveLength(6)
    expect(e.piece.tracks[1].notes[3].pitch).toBe(60)
    k('z', true, true)
    expect(e.piece.tracks[1].notes[3].pitch).toBe(61)
    expect(actionOf({ key: ' ', ctrlKey: false, metaKey: false, shiftKey: false })).toBe('playStop')
    expect(actionOf({ key: 'x', ctrlKey: false, metaKey: true, shiftKey: false })).toBe('cut')
    expect(actionOf({ key: 'q', ctrlKey: false, metaKey: false, shiftKey: false })).toBeNull()
  })
})
