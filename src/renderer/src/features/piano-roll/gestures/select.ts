import { selectInBox, toggleIndex, unionIndices } from '../selection'
import { hitTest } from './hit'
import { moveDrag } from './move'
import { resizeDrag } from './resize'
import type { Drag, GestureHost, PointerInfo, TickBox, Tool } from './types'

/** Rubber-band selection from an empty spot; shift adds to the selection. */
function boxDrag(host: GestureHost, from: PointerInfo): Drag {
  const t = host.transform
  const kept = from.shift ? [...host.selection] : []
  const box = (p: PointerInfo): TickBox => ({
    start: Math.min(t.xToTick(from.x), t.xToTick(p.x)),
    end: Math.max(t.xToTick(from.x), t.xToTick(p.x)),
    low: Math.min(t.yToPitch(from.y), t.yToPitch(p.y)),
    high: Math.max(t.yToPitch(from.y), t.yToPitch(p.y))
  })
  return {
    move: (p) => {
      host.setBox(box(p))
      host.select(unionIndices(kept, selectInBox(host.base, host.track, box(p))))
    },
    up: (p) => {
      host.setBox(null)
      host.select(unionIndices(kept, selectInBox(host.base, host.track, box(p))))
    }
  }
}

/**
 * The select tool: click a note to select it (shift toggles), drag a note to move the selection,
 * drag its edge to resize, drag empty space for a box.
 */
export const selectTool: Tool = (host, p) => {
  const hit = hitTest(host, p)
  if (!hit) {
    if (!p.shift) host.select([])
    return boxDrag(host, p)
  }
  const already = host.selection.includes(hit.index)
  const selection =
    already && !p.shift ? [...host.selection] : toggleIndex(host.selection, hit.index, p.shift)
  host.select(selection)
  if (!selection.includes(hit.index)) return null
  if (hit.part === 'body') return moveDrag(host, p, selection)
  return resizeDrag(host, p, selection, hit.part)
}
