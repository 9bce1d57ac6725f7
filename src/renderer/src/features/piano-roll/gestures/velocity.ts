import type { Piece } from '@shared/music/piece'
import { setVelocity } from '../commands'
import type { NoteTransform } from '../transform'
import type { GestureHost, PointerInfo } from './types'

/** Velocity at a y in a lane of `height` px (top = 127, bottom = 1). */
export function laneVelocity(y: number, height: number): number {
  return 1 + (1 - Math.min(1, Math.max(0, y / height))) * 126
}

/** Notes of a track whose start lies within a few pixels of x (selected ones only when any are selected). */
function notesAtX(
  piece: Piece,
  track: number,
  t: NoteTransform,
  x: number,
  sel: readonly number[]
): number[] {
  const out: number[] = []
  const notes = piece.tracks[track]?.notes ?? []
  notes.forEach((n, i) => {
    if (Math.abs(t.tickToX(n.start) - x) <= 4 && (sel.length === 0 || sel.includes(i))) out.push(i)
  })
  return out
}

/**
 * The velocity lane: press and drag across note stems to set their velocity from the pointer
 * height; the whole stroke is one undo step. `height` is the lane's height in pixels.
 */
export function velocityDrag(host: GestureHost, p: PointerInfo, height: number) {
  let piece = host.base
  const paint = (q: PointerInfo) => {
    const indices = notesAtX(host.base, host.track, host.transform, q.x, host.selection)
    piece = setVelocity(piece, { track: host.track, indices, velocity: laneVelocity(q.y, height) })
    host.preview(piece)
  }
  paint(p)
  return { move: paint, up: () => host.commit(piece) }
}
