import type { Piece } from '@shared/music/piece'
import type { Ticks } from '@shared/music/units'
import type { NoteTransform } from '../transform'

/** A pointer position in roll canvas pixels with its modifier keys. */
export interface PointerInfo {
  x: number
  y: number
  shift: boolean
  /** Ctrl or Cmd. */
  mod: boolean
}

/** A box in ticks and pitches (the rubber band of box selection). */
export interface TickBox {
  start: Ticks
  end: Ticks
  low: number
  high: number
}

/** What a gesture may read and do: the editor seen through a narrow interface (tests fake it). */
export interface GestureHost {
  /** The last committed piece: gestures edit from it, so a drag is one undo step. */
  readonly base: Piece
  readonly transform: NoteTransform
  /** The track being edited. */
  readonly track: number
  readonly selection: readonly number[]
  /** Snap grid in ticks. */
  readonly grid: Ticks
  /** Length of a new note drawn with a click. */
  readonly noteLength: Ticks
  /** New notes snap to this pitch (the key's scale when one is chosen). */
  snapPitch(pitch: number): number
  /** Show a piece while dragging, without an undo step. */
  preview(piece: Piece, selection?: number[]): void
  /** Make a piece the new state (one undo step) with an optional new selection. */
  commit(piece: Piece, selection?: number[]): void
  select(indices: number[]): void
  /** Show or hide the rubber band. */
  setBox(box: TickBox | null): void
}

/** A drag in progress, returned by a tool on pointer down. */
export interface Drag {
  move(p: PointerInfo): void
  up(p: PointerInfo): void
}

/** A tool: what pointer down does (and the drag that follows, if any). */
export type Tool = (host: GestureHost, p: PointerInfo) => Drag | null

/** Snap a tick to the host's grid (floor: the cell under the pointer). */
export function snapFloor(host: GestureHost, tick: Ticks): Ticks {
  return Math.max(0, Math.floor(tick / host.grid) * host.grid)
}

/** Snap a tick delta to whole grid steps. */
export function snapDelta(host: GestureHost, dTicks: Ticks): Ticks {
  return Math.round(dTicks / host.grid) * host.grid
}
