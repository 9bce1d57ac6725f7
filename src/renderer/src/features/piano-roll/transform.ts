import type { MidiNote, Ticks } from '@shared/music/units'

/** Options of a NoteTransform: zoom (pixels per tick and per key) and scroll (left tick, top pitch). */
export interface NoteTransformOptions {
  /** Horizontal zoom. */
  pixelsPerTick: number
  /** Vertical zoom: the height of one key row. */
  pixelsPerKey: number
  /** The tick at x = 0 (horizontal scroll). */
  scrollTick: Ticks
  /** The (fractional) pitch whose row top is at y = 0 (vertical scroll); rows go down as pitch falls. */
  topPitch: number
}

/** A rectangle in canvas pixels. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

const MIN_PPT = 0.002
const MAX_PPT = 2
const MIN_KEY = 2
const MAX_KEY = 48
const PITCH_ROWS = 128

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/**
 * Pure tick<->x and pitch<->y mapping of the piano roll (Signal's NoteCoordTransform) with zoom and
 * scroll on both axes. Immutable: every zoom/scroll returns a new transform, so views can cache on it.
 */
export class NoteTransform implements NoteTransformOptions {
  readonly pixelsPerTick: number
  readonly pixelsPerKey: number
  readonly scrollTick: Ticks
  readonly topPitch: number

  constructor(opts: Partial<NoteTransformOptions> = {}) {
    const o = { ...NoteTransform.getDefaults(), ...opts }
    this.pixelsPerTick = clamp(o.pixelsPerTick, MIN_PPT, MAX_PPT)
    this.pixelsPerKey = clamp(o.pixelsPerKey, MIN_KEY, MAX_KEY)
    this.scrollTick = Math.max(0, o.scrollTick)
    this.topPitch = clamp(o.topPitch, 0, PITCH_ROWS)
  }

  /** A quarter note is 48 px at PPQ 480, rows 10 px, C8 at the top. */
  static getDefaults(): NoteTransformOptions {
    return { pixelsPerTick: 0.1, pixelsPerKey: 10, scrollTick: 0, topPitch: 108 }
  }

  /** x of a tick. */
  tickToX(tick: Ticks): number {
    return (tick - this.scrollTick) * this.pixelsPerTick
  }

  /** Tick at an x (fractional). */
  xToTick(x: number): Ticks {
    return x / this.pixelsPerTick + this.scrollTick
  }

  /** y of the top edge of a pitch's row. */
  pitchToY(pitch: MidiNote): number {
    return (this.topPitch - pitch - 1) * this.pixelsPerKey
  }

  /** The pitch whose row contains y (integer, not clamped). */
  yToPitch(y: number): MidiNote {
    return Math.floor(this.topPitch - y / this.pixelsPerKey - 1e-9)
  }

  /** The rectangle of a note. */
  noteRect(note: { start: Ticks; duration: Ticks; pitch: MidiNote }): Rect {
    return {
      x: this.tickToX(note.start),
      y: this.pitchToY(note.pitch),
      width: note.duration * this.pixelsPerTick,
      height: this.pixelsPerKey
    }
  }

  /** Ticks visible in a view of `width` pixels: [start, end). */
  visibleTicks(width: number): { start: Ticks; end: Ticks } {
    return { start: this.scrollTick, end: this.xToTick(width) }
  }

  /** Pitches with at least part of their row visible in `height` pixels, inclusive. */
  visiblePitches(height: number): { low: MidiNote; high: MidiNote } {
    const high = Math.min(PITCH_ROWS - 1, Math.ceil(this.topPitch) - 1)
    const low = Math.max(0, this.yToPitch(height - 1e-6))
    return { low, high }
  }

  /** A copy with some options changed (clamped). */
  with(opts: Partial<NoteTransformOptions>): NoteTransform {
    return new NoteTransform({ ...this.options(), ...opts })
  }

  /** Horizontal zoom by `factor`, keeping the tick under `anchorX` in place. */
  zoomX(factor: number, anchorX = 0): NoteTransform {
    const tick = this.xToTick(anchorX)
    const ppt = clamp(this.pixelsPerTick * factor, MIN_PPT, MAX_PPT)
    return this.with({ pixelsPerTick: ppt, scrollTick: tick - anchorX / ppt })
  }

  /** Vertical zoom by `factor`, keeping the pitch position under `anchorY` in place. */
  zoomY(factor: number, anchorY = 0): NoteTransform {
    const pitchAt = this.topPitch - anchorY / this.pixelsPerKey
    const ppk = clamp(this.pixelsPerKey * factor, MIN_KEY, MAX_KEY)
    return this.with({ pixelsPerKey: ppk, topPitch: pitchAt + anchorY / ppk })
  }

  /** Scroll by pixels: positive dx moves later in time, positive dy moves down to lower pitches. */
  scrollBy(dx: number, dy: number): NoteTransform {
    return this.with({
      scrollTick: this.scrollTick + dx / this.pixelsPerTick,
      topPitch: this.topPitch - dy / this.pixelsPerKey
    })
  }

  /** The plain options, for copying or storing. */
  options(): NoteTransformOptions {
    const { pixelsPerTick, pixelsPerKey, scrollTick, topPitch } = this
    return { pixelsPerTick, pixelsPerKey, scrollTick, topPitch }
  }
}
