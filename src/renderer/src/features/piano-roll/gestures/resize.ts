import { resizeNotes } from '../commands'
import type { Drag, GestureHost, PointerInfo } from './types'
import { snapDelta } from './types'

/** Drag an edge of the selected notes (end or start), snapped to the grid; one undo step. */
export function resizeDrag(
  host: GestureHost,
  from: PointerInfo,
  indices: number[],
  edge: 'start' | 'end'
): Drag {
  const t = host.transform
  const at = (p: PointerInfo) =>
    resizeNotes(host.base, {
      track: host.track,
      indices,
      edge,
      dTicks: snapDelta(host, t.xToTick(p.x) - t.xToTick(from.x))
    })
  return {
    move: (p) => host.preview(at(p), indices),
    up: (p) => host.commit(at(p), indices)
  }
}
