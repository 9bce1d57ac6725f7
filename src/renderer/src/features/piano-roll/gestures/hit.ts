import { noteAt } from '../selection'
import type { GestureHost, PointerInfo } from './types'

/** Pixels from a note's end within which a press grabs the edge (resize) instead of the body. */
export const EDGE_PX = 5

/** What lies under the pointer in the edited track: a note body, its start or end edge, or nothing. */
export interface Hit {
  index: number
  part: 'body' | 'start' | 'end'
}

/** Hit-test the edited track at a pointer position. */
export function hitTest(host: GestureHost, p: PointerInfo): Hit | null {
  const t = host.transform
  const tick = t.xToTick(p.x)
  const pitch = t.yToPitch(p.y)
  const index = noteAt(host.base, host.track, tick, pitch)
  if (index < 0) return null
  const r = t.noteRect(host.base.tracks[host.track].notes[index])
  const edge = Math.min(EDGE_PX, r.width / 3)
  if (p.x >= r.x + r.width - edge) return { index, part: 'end' }
  if (p.x <= r.x + edge) return { index, part: 'start' }
  return { index, part: 'body' }
}
