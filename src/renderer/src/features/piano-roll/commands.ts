import { snapPitch, type KeyScale } from './scales'
import type { NoteEvent, Piece, Track } from '@shared/music/piece'
import { quantizeNote } from '@shared/music/quantize'
import { clampPitch, clampVelocity, type Ticks } from '@shared/music/units'

/**
 * Pure edit commands of the piano roll: `(piece, args) => piece`, never mutating their input, sharing
 * untouched tracks and notes with it (cheap undo snapshots). Notes are addressed by track and index;
 * edits keep every surviving note's index except deletes, and appended notes go to the end, so a
 * caller can predict the selection after each command (see `appendedIndices`).
 */

/** Notes of one track chosen for an edit. */
export interface NoteSelection {
  track: number
  indices: readonly number[]
}

/** Copied notes, as plain data with starts relative to the earliest copied note. */
export interface Clipboard {
  notes: NoteEvent[]
}

const MIN_DURATION = 1

/** Replace one track's notes (the one place that builds a new piece). */
export function withTrackNotes(piece: Piece, track: number, notes: NoteEvent[]): Piece {
  const tracks = piece.tracks.map((t, i): Track => (i === track ? { ...t, notes } : t))
  return { ...piece, tracks }
}

function mapSelected(piece: Piece, sel: NoteSelection, fn: (n: NoteEvent) => NoteEvent): Piece {
  const chosen = new Set(sel.indices)
  if (chosen.size === 0 || !piece.tracks[sel.track]) return piece
  const notes = piece.tracks[sel.track].notes.map((n, i) => (chosen.has(i) ? fn(n) : n))
  return withTrackNotes(piece, sel.track, notes)
}

/** Add one note (pitch and velocity clamped, at least one tick long) at the end of a track. */
export function addNote(piece: Piece, args: { track: number; note: NoteEvent }): Piece {
  const t = piece.tracks[args.track]
  if (!t) return piece
  const n = args.note
  const note: NoteEvent = {
    pitch: clampPitch(n.pitch),
    start: Math.max(0, Math.round(n.start)),
    duration: Math.max(MIN_DURATION, Math.round(n.duration)),
    velocity: clampVelocity(n.velocity)
  }
  return withTrackNotes(piece, args.track, [...t.notes, note])
}

/** Delete the selected notes. */
export function deleteNotes(piece: Piece, sel: NoteSelection): Piece {
  const chosen = new Set(sel.indices)
  const t = piece.tracks[sel.track]
  if (!t || chosen.size === 0) return piece
  return withTrackNotes(
    piece,
    sel.track,
    t.notes.filter((_, i) => !chosen.has(i))
  )
}

/** Move the selected notes by ticks and semitones; starts stop at 0 and pitches at 0..127. */
export function moveNotes(
  piece: Piece,
  args: NoteSelection & { dTicks: Ticks; dPitch: number }
): Piece {
  const notes = piece.tracks[args.track]?.notes ?? []
  const chosen = args.indices.map((i) => notes[i]).filter(Boolean)
  if (chosen.length === 0) return piece
  // Clamp the delta for the whole group so the selection keeps its shape at the edges.
  const minStart = Math.min(...chosen.map((n) => n.start))
  const minPitch = Math.min(...chosen.map((n) => n.pitch))
  const maxPitch = Math.max(...chosen.map((n) => n.pitch))
  const dt = Math.max(-minStart, Math.round(args.dTicks))
  const dp = Math.min(127 - maxPitch, Math.max(-minPitch, Math.round(args.dPitch)))
  if (dt === 0 && dp === 0) return piece
  return mapSelected(piece, args, (n) => ({ ...n, start: n.start + dt, pitch: n.pitch + dp }))
}

/** Transpose the selected notes by semitones (a move in pitch only). */
export function transposeNotes(piece: Piece, args: NoteSelection & { semitones: number }): Piece {
  return moveNotes(piece, { ...args, dTicks: 0, dPitch: args.semitones })
}

/** Move each selected note to the nearest pitch of a key's scale (drums are left alone by the caller). */
export function snapNotesToScale(
  piece: Piece,
  args: NoteSelection & { keyScale: KeyScale }
): Piece {
  return mapSelected(piece, args, (n) => {
    const pitch = snapPitch(n.pitch, args.keyScale)
    return pitch === n.pitch ? n : { ...n, pitch }
  })
}

/** Resize the selected notes at their end (or start) edge by ticks; each note keeps >= 1 tick. */
export function resizeNotes(
  piece: Piece,
  args: NoteSelection & { dTicks: Ticks; edge?: 'start' | 'end' }
): Piece {
  const d = Math.round(args.dTicks)
  if (d === 0) return piece
  if (args.edge === 'start') {
    return mapSelected(piece, args, (n) => {
      const end = n.start + n.duration
      const start = Math.min(end - MIN_DURATION, Math.max(0, n.start + d))
      return { ...n, start, duration: end - start }
    })
  }
  return mapSelected(piece, args, (n) => ({
    ...n,
    duration: Math.max(MIN_DURATION, n.duration + d)
  }))
}

/** Set the selected notes' velocity, clamped to 1..127. */
export function setVelocity(piece: Piece, args: NoteSelection & { velocity: number }): Piece {
  const v = clampVelocity(args.velocity)
  return mapSelected(piece, args, (n) => (n.velocity === v ? n : { ...n, velocity: v }))
}

/** Snap the selected notes' starts (and ends, keeping >= one grid step) to a grid of `grid` ticks. */
export function quantizeNotes(piece: Piece, args: NoteSelection & { grid: Ticks }): Piece {
  const grid = Math.max(1, Math.round(args.grid))
  return mapSelected(piece, args, (n) => quantizeNote(n, { grid }))
}

/** Copy the selected notes as clipboard data (starts relative to the earliest one). */
export function copyNotes(piece: Piece, sel: NoteSelection): Clipboard {
  const notes = piece.tracks[sel.track]?.notes ?? []
  const chosen = [...sel.indices]
    .sort((a, b) => a - b)
    .map((i) => notes[i])
    .filter(Boolean)
  if (chosen.length === 0) return { notes: [] }
  const origin = Math.min(...chosen.map((n) => n.start))
  return { notes: chosen.map((n) => ({ ...n, start: n.start - origin })) }
}

/** Cut: the clipboard of the selection and the piece without it. */
export function cutNotes(piece: Piece, sel: NoteSelection): { piece: Piece; clipboard: Clipboard } {
  return { piece: deleteNotes(piece, sel), clipboard: copyNotes(piece, sel) }
}

/** Paste clipboard notes into a track starting at tick `at` (appended; see `appendedIndices`). */
export function pasteNotes(
  piece: Piece,
  args: { track: number; at: Ticks; clipboard: Clipboard }
): Piece {
  const t = piece.tracks[args.track]
  if (!t || args.clipboard.notes.length === 0) return piece
  const at = Math.max(0, Math.round(args.at))
  const added = args.clipboard.notes.map((n) => ({ ...n, start: n.start + at }))
  return withTrackNotes(piece, args.track, [...t.notes, ...added])
}

/** Duplicate the selection right after its own span (appended; see `appendedIndices`). */
export function duplicateNotes(piece: Piece, sel: NoteSelection): Piece {
  const notes = piece.tracks[sel.track]?.notes ?? []
  const chosen = sel.indices.map((i) => notes[i]).filter(Boolean)
  if (chosen.length === 0) return piece
  const end = Math.max(...chosen.map((n) => n.start + n.duration))
  return pasteNotes(piece, { track: sel.track, at: end, clipboard: copyNotes(piece, sel) })
}

/** Indices of the notes a paste/duplicate/add appended: those past the track's old length. */
export function appendedIndices(before: Piece, after: Piece, track: number): number[] {
  const from = before.tracks[track]?.notes.length ?? 0
  const to = after.tracks[track]?.notes.length ?? 0
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}
