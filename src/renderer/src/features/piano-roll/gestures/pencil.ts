import { addNote, appendedIndices, resizeNotes } from '../commands'
import { hitTest } from './hit'
import { moveDrag } from './move'
import { resizeDrag } from './resize'
import type { Tool } from './types'
import { snapDelta, snapFloor } from './types'

/**
 * The pencil: click empty space to add a note of the current length at the grid cell (drag right
 * to lengthen it); on an existing note it moves or resizes like the select tool.
 */
export const pencilTool: Tool = (host, p) => {
  const hit = hitTest(host, p)
  if (hit) {
    host.select([hit.index])
    return hit.part === 'body'
      ? moveDrag(host, p, [hit.index])
      : resizeDrag(host, p, [hit.index], hit.part)
  }
  const t = host.transform
  const start = snapFloor(host, t.xToTick(p.x))
  const pitch = host.snapPitch(t.yToPitch(p.y))
  const note = { pitch, start, duration: host.noteLength, velocity: 100 }
  const added = addNote(host.base, { track: host.track, note })
  const index = appendedIndices(host.base, added, host.track)
  const at = (x: number) =>
    resizeNotes(added, {
      track: host.track,
      indices: index,
      dTicks: snapDelta(host, t.xToTick(x) - t.xToTick(p.x))
    })
  host.preview(added, index)
  return {
    move: (q) => host.preview(at(q.x), index),
    up: (q) => host.commit(at(q.x), index)
  }
}
