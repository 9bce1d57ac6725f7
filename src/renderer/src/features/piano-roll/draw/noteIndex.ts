import type { NoteEvent } from '@shared/music/piece'
import type { Ticks } from '@shared/music/units'

/** Notes of a track ordered by start, with the longest duration: finds the visible ones by binary search. */
interface SortedNotes {
  order: Int32Array
  maxDuration: Ticks
}

// Keyed by the notes array: commands replace only the arrays of tracks they edit, so other tracks stay cached.
const cache = new WeakMap<readonly NoteEvent[], SortedNotes>()

function sorted(notes: readonly NoteEvent[]): SortedNotes {
  let s = cache.get(notes)
  if (s) return s
  const order = Int32Array.from(notes.keys()).sort((a, b) => notes[a].start - notes[b].start)
  let maxDuration = 0
  for (const n of notes) maxDuration = Math.max(maxDuration, n.duration)
  s = { order, maxDuration }
  cache.set(notes, s)
  return s
}

/** Call `fn(note, index)` for every note overlapping ticks [start, end), in start order. */
export function forVisible(
  notes: readonly NoteEvent[],
  start: Ticks,
  end: Ticks,
  fn: (n: NoteEvent, index: number) => void
): void {
  const { order, maxDuration } = sorted(notes)
  let lo = 0
  let hi = order.length
  const from = start - maxDuration
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (notes[order[mid]].start < from) lo = mid + 1
    else hi = mid
  }
  for (let k = lo; k < order.length; k++) {
    const i = order[k]
    const n = notes[i]
    if (n.start >= end) break
    if (n.start + n.duration > start) fn(n, i)
  }
}
