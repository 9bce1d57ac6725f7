import { PPQ } from '@shared/music/units'
import type { Piece } from '@shared/music/piece'
import { withAllFamilies } from '@shared/music/merge'
import * as cmd from './commands'
import { EditHistory } from './history'
import { selectAll } from './selection'
import { actionOf, type Action, type KeyPress } from './shortcuts'
import { NoteTransform } from './transform'
import { boundTransform, fitTransform, type Viewport } from './view'
import { snapPitch, type KeyScale } from './scales'
import {
  TOOLS,
  velocityDrag,
  type Drag,
  type GestureHost,
  type PointerInfo,
  type TickBox,
  type ToolName
} from './gestures'

/** An empty 17-track piece (one track per family, 4/4 at 120 bpm): what the editor opens with. */
export function emptyPiece(title = 'Untitled'): Piece {
  return withAllFamilies({
    title,
    ppq: PPQ,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: []
  })
}

/**
 * The editor's state (Svelte 5 runes): the piece through one undo history, the edited track and its
 * selection, the view transform, the tool, grid and clipboard. Every edit goes through `commit` as a
 * pure command; components only read these fields and call these methods.
 */
export class EditorState implements GestureHost {
  piece = $state.raw<Piece>(emptyPiece())
  track = $state(1)
  selection = $state.raw<number[]>([])
  transform = $state.raw(new NoteTransform())
  tool = $state<ToolName>('select')
  /** Snap grid in ticks (a 16th by default). */
  grid = $state(PPQ / 4)
  noteLength = $state(PPQ / 2)
  hidden = $state.raw<readonly number[]>([])
  /** Key and scale new notes snap to (null: every pitch). */
  keyScale = $state.raw<KeyScale | null>(null)
  box = $state.raw<TickBox | null>(null)
  /** Bumped on every committed change (undo/redo included): metrics and playback watch it. */
  revision = $state(0)
  canUndo = $state(false)
  canRedo = $state(false)
  /** The roll's note area in pixels (the PianoRoll reports it). */
  viewport = $state.raw<Viewport>({ width: 800, height: 400 })
  private history = new EditHistory(this.piece)
  // A fitted view refits when the roll changes size, until the composer zooms or scrolls it.
  private fitted = false
  private clipboard: cmd.Clipboard = { notes: [] }
  private drag: Drag | null = null

  /** The last committed piece (gestures edit from it). */
  get base(): Piece {
    return this.history.base
  }

  /** Open a piece: clears the history and selection; picks the first track with notes. */
  load(piece: Piece): void {
    this.history.reset(piece)
    this.selection = []
    const first = piece.tracks.findIndex((t) => t.notes.length > 0 && !t.isDrum)
    this.track = first >= 0 ? first : 0
    this.revision++
    this.sync()
  }

  private sync(): void {
    this.piece = this.history.present
    this.canUndo = this.history.canUndo
    this.canRedo = this.history.canRedo
  }

  /** Show a piece during a drag (no undo step). */
  preview(piece: Piece, selection?: number[]): void {
    this.history.preview(piece)
    if (selection) this.selection = selection
    this.piece = piece
  }

  /** Make a piece the new state: one undo step when it changed. */
  commit(piece: Piece, selection?: number[]): void {
    if (this.history.commit(piece)) this.revision++
    if (selection) this.selection = selection
    this.sync()
  }

  /** Replace the selection (note indices of the edited track). */
  select(indices: number[]): void {
    this.selection = indices
  }

  /** Show or hide the rubber band. */
  setBox(box: TickBox | null): void {
    this.box = box
  }

  /** Choose the edited track (clears the selection). */
  selectTrack(track: number): void {
    this.track = track
    this.selection = []
  }

  /** Show or hide a track in the roll. */
  toggleHidden(track: number): void {
    this.hidden = this.hidden.includes(track)
      ? this.hidden.filter((t) => t !== track)
      : [...this.hidden, track]
  }

  /** Undo the last edit (clears the selection: indices may not match any more). */
  undo(): void {
    if (this.history.undo()) this.revision++
    this.selection = []
    this.sync()
  }

  /** Redo the last undone edit. */
  redo(): void {
    if (this.history.redo()) this.revision++
    this.selection = []
    this.sync()
  }

  private get sel(): cmd.NoteSelection {
    return { track: this.track, indices: this.selection }
  }

  /** Apply a pure command to the selection as one undo step, keeping the selection. */
  edit(fn: (p: Piece, s: cmd.NoteSelection) => Piece): void {
    this.commit(fn(this.base, this.sel), this.selection)
  }

  /** Copy the selection to the editor clipboard. */
  copy(): void {
    this.clipboard = cmd.copyNotes(this.base, this.sel)
  }

  /** Copy the selection, then delete it. */
  cut(): void {
    const r = cmd.cutNotes(this.base, this.sel)
    this.clipboard = r.clipboard
    this.commit(r.piece, [])
  }

  /** Paste at a tick (the left edge of the view by default) into the edited track. */
  paste(at = this.transform.scrollTick): void {
    const next = cmd.pasteNotes(this.base, {
      track: this.track,
      at: Math.ceil(at / this.grid) * this.grid,
      clipboard: this.clipboard
    })
    this.commit(next, cmd.appendedIndices(this.base, next, this.track))
  }

  /** Duplicate the selection right after itself and select the copies. */
  duplicate(): void {
    const next = cmd.duplicateNotes(this.base, this.sel)
    this.commit(next, cmd.appendedIndices(this.base, next, this.track))
  }

  /** Delete the selected notes. */
  deleteSelected(): void {
    this.commit(cmd.deleteNotes(this.base, this.sel), [])
  }

  /** Select every note of the edited track. */
  selectAll(): void {
    this.selection = selectAll(this.base, this.track)
  }

  /** Snap the selection to the grid. */
  quantize(): void {
    this.edit((p, s) => cmd.quantizeNotes(p, { ...s, grid: this.grid }))
  }

  /** Set the selection's velocity (clamped 1..127). */
  setVelocity(velocity: number): void {
    this.edit((p, s) => cmd.setVelocity(p, { ...s, velocity }))
  }

  /** A drawn note's pitch: in the key's scale when one is chosen (not on drum tracks). */
  snapPitch(pitch: number): number {
    const drums = this.base.tracks[this.track]?.isDrum
    return this.keyScale && !drums ? snapPitch(pitch, this.keyScale) : pitch
  }

  /** Move the selection (or the whole edited track) into the chosen key's scale. */
  snapToKey(): void {
    const ks = this.keyScale
    if (!ks || this.base.tracks[this.track]?.isDrum) return
    const all = this.selection.length ? this.selection : selectAll(this.base, this.track)
    this.commit(
      cmd.snapNotesToScale(this.base, { track: this.track, indices: all, keyScale: ks }),
      this.selection
    )
  }

  /** Transpose the selection (or the whole edited track) by semitones. */
  transpose(semitones: number): void {
    const all = this.selection.length ? this.selection : selectAll(this.base, this.track)
    this.commit(
      cmd.transposeNotes(this.base, { track: this.track, indices: all, semitones }),
      this.selection
    )
  }

  /** Move the selection by grid steps and semitones. */
  nudge(steps: number, semitones: number): void {
    this.edit((p, s) => cmd.moveNotes(p, { ...s, dTicks: steps * this.grid, dPitch: semitones }))
  }

  /** Run a shortcut's action; returns the action (playStop is left to the caller) or null. */
  key(e: KeyPress): Action | null {
    const a = actionOf(e)
    if (!a) return null
    const run: Partial<Record<Action, () => void>> = {
      delete: () => this.deleteSelected(),
      undo: () => this.undo(),
      redo: () => this.redo(),
      copy: () => this.copy(),
      cut: () => this.cut(),
      paste: () => this.paste(),
      duplicate: () => this.duplicate(),
      selectAll: () => this.selectAll(),
      left: () => this.nudge(-1, 0),
      right: () => this.nudge(1, 0),
      up: () => this.nudge(0, 1),
      down: () => this.nudge(0, -1),
      octaveUp: () => this.nudge(0, 12),
      octaveDown: () => this.nudge(0, -12),
      home: () => (this.transform = this.transform.with({ scrollTick: 0 })),
      fit: () => this.fit(),
      hide: () => this.toggleHidden(this.track)
    }
    run[a]?.()
    return a
  }

  /** Pointer pressed on the roll: start the current tool's gesture. */
  pointerDown(p: PointerInfo): void {
    this.drag = TOOLS[this.tool](this, p)
  }

  /** Pointer pressed in the velocity lane of `height` px. */
  laneDown(p: PointerInfo, height: number): void {
    this.drag = velocityDrag(this, p, height)
  }

  /** Pointer moved: continue the drag, if any. */
  pointerMove(p: PointerInfo): void {
    this.drag?.move(p)
  }

  /** Pointer released: finish the drag (one undo step). */
  pointerUp(p: PointerInfo): void {
    this.drag?.up(p)
    this.drag = null
  }

  /** Zoom in time (factor > 1 zooms in) around an x. */
  zoomX(factor: number, anchorX = 0): void {
    this.fitted = false
    this.transform = this.transform.zoomX(factor, anchorX)
  }

  /** Zoom pitch rows around a y. */
  zoomY(factor: number, anchorY = 0): void {
    this.fitted = false
    this.transform = boundTransform(this.transform.zoomY(factor, anchorY), this.viewport.height)
  }

  /** Scroll by pixels (vertically no further than the pitch range). */
  scrollBy(dx: number, dy: number): void {
    this.fitted = false
    this.transform = boundTransform(this.transform.scrollBy(dx, dy), this.viewport.height)
  }

  /** Show the whole piece: all its bars across, its pitch span down. */
  fit(): void {
    this.fitted = true
    this.transform = fitTransform(this.piece, this.viewport)
  }

  /** The roll's note area got a size (it reports it when laid out): a fitted view fits again. */
  resize(viewport: Viewport): void {
    const old = this.viewport
    if (viewport.width === old.width && viewport.height === old.height) return
    this.viewport = viewport
    if (this.fitted && viewport.width > 0 && viewport.height > 0) this.fit()
  }
}
