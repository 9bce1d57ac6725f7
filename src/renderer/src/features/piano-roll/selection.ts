import type { Piece } from '@shared/music/piece'
import type { MidiNote, Ticks } from '@shared/music/units'

/** Selection helpers: pure queries that return note indices of one track (see commands.ts). */

/** Every note index of a track. */
export function selectAll(piece: Piece, track: number): number[] {
  return (piece.tracks[track]?.notes ?? []).map((_, i) => i)
}

/** Indices of notes overlapping a box of ticks [start, end) and pitches [low, high]. */
export function selectInBox(
  piece: Piece,
  track: number,
  box: { start: Ticks; end: Ticks; low: MidiNote; high: MidiNote }
): number[] {
  const out: number[] = []
  const notes = piece.tracks[track]?.notes ?? []
  notes.forEach((n, i) => {
    const overlaps = n.start < box.end && n.start + n.duration > box.start
    if (overlaps && n.pitch >= box.low && n.pitch <= box.high) out.push(i)
  })
  return out
}

/** The topmost (last drawn) note at a tick and pitch, or -1. */
export function noteAt(piece: Piece, track: number, tick: Ticks, pitch: MidiNote): number {
  const notes = piece.tracks[track]?.notes ?? []
  for (let i = notes.length - 1; i >= 0; i--) {
    const n = notes[i]
    if (n.pitch === pitch && tick >= n.start && tick < n.start + n.duration) return i
  }
  return -1
}

/** Shift-click: toggle one index in a selection; plain click: select only it. */
export function toggleIndex(
  selection: readonly number[],
  index: number,
  additive: boolean
): number[] {
  if (!additive) return [index]
  return selection.includes(index) ? selection.filter((i) => i !== index) : [...selection, index]
}

/** Union of two selections, sorted and without repeats. */
export function unionIndices(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y)
}
