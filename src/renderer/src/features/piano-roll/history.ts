import type { Piece } from '@shared/music/piece'

/** Options of an EditHistory. */
export interface EditHistoryOptions {
  /** Most undo steps kept; older ones are dropped. */
  limit: number
}

/**
 * The one undo/redo history of the editor: a stack of immutable pieces. Drags show `preview`s of
 * the piece while the pointer moves and `commit` once on release, so one gesture is one undo step.
 */
export class EditHistory {
  private past: Piece[] = []
  private future: Piece[] = []
  private committed: Piece
  private shown: Piece
  private readonly limit: number

  constructor(initial: Piece, opts: Partial<EditHistoryOptions> = {}) {
    this.committed = initial
    this.shown = initial
    this.limit = { ...EditHistory.getDefaults(), ...opts }.limit
  }

  /** 500 undo steps. */
  static getDefaults(): EditHistoryOptions {
    return { limit: 500 }
  }

  /** The piece to show (the committed one, or a preview during a drag). */
  get present(): Piece {
    return this.shown
  }

  /** The last committed piece: the base a gesture edits from. */
  get base(): Piece {
    return this.committed
  }

  /** Whether there is a step to undo. */
  get canUndo(): boolean {
    return this.past.length > 0
  }

  /** Whether there is a step to redo. */
  get canRedo(): boolean {
    return this.future.length > 0
  }

  /** Show a piece without making an undo step (during a drag). */
  preview(piece: Piece): void {
    this.shown = piece
  }

  /** Drop a preview and show the committed piece again. */
  cancel(): void {
    this.shown = this.committed
  }

  /** Make `piece` the new state as one undo step; no step when nothing changed. */
  commit(piece: Piece): boolean {
    if (piece === this.committed) {
      this.shown = piece
      return false
    }
    this.past.push(this.committed)
    if (this.past.length > this.limit) this.past.shift()
    this.future = []
    this.committed = this.shown = piece
    return true
  }

  /** Step back; returns false when there is nothing to undo. */
  undo(): boolean {
    const prev = this.past.pop()
    if (!prev) return false
    this.future.push(this.committed)
    this.committed = this.shown = prev
    return true
  }

  /** Step forward again; returns false when there is nothing to redo. */
  redo(): boolean {
    const next = this.future.pop()
    if (!next) return false
    this.past.push(this.committed)
    this.committed = this.shown = next
    return true
  }

  /** Start over from a new piece (open/generate): clears both stacks. */
  reset(piece: Piece): void {
    this.past = []
    this.future = []
    this.committed = this.shown = piece
  }
}
