import { moveNotes } from '../commands'
import type { Drag, GestureHost, PointerInfo } from './types'
import { snapDelta } from './types'

/** Drag the selected notes: time snapped to the grid, pitch by rows; one undo step on release. */
export function moveDrag(host: GestureHost, from: PointerInfo, indices: number[]): Drag {
  const t = host.transform
  const at = (p: PointerInfo) =>
    moveNotes(host.base, {
      track: host.track,
      indices,
      dTicks: snapDelta(host, t.xToTick(p.x) - t.xToTick(from.x)),
      dPitch: t.yToPitch(p.y) - t.yToPitch(from.y)
    })
  return {
    move: (p) => host.preview(at(p), indices),
    up: (p) => host.commit(at(p), indices)
  }
}
