import { deleteNotes } from '../commands'
import { noteAt } from '../selection'
import type { PointerInfo, Tool } from './types'

/** The eraser: click or drag across notes to delete them; the whole stroke is one undo step. */
export const eraseTool: Tool = (host, p) => {
  const erased = new Set<number>()
  const touch = (q: PointerInfo) => {
    const i = noteAt(
      host.base,
      host.track,
      host.transform.xToTick(q.x),
      host.transform.yToPitch(q.y)
    )
    if (i >= 0) erased.add(i)
    return deleteNotes(host.base, { track: host.track, indices: [...erased] })
  }
  host.preview(touch(p), [])
  return {
    move: (q: PointerInfo) => host.preview(touch(q), []),
    up: (q: PointerInfo) => host.commit(touch(q), [])
  }
}
