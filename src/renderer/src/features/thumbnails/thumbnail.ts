import { FAMILIES } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'

/** One note as a filled rectangle in thumbnail pixels. */
export interface NoteRect {
  x: number
  y: number
  w: number
  h: number
  color: string
}

/** What part of the piece a thumbnail shows: a tick window and a pitch window (inclusive). */
export interface ThumbWindow {
  startTick: number
  endTick: number
  lowPitch: number
  highPitch: number
}

const MIN_SPAN = 24

/** The smallest window (at least 24 semitones tall) holding every note (the paper's 24..107 range when the piece is empty). */
export function fitWindow(piece: Piece): ThumbWindow {
  let end = 0
  let lo = 127
  let hi = 0
  for (const tr of piece.tracks) {
    for (const n of tr.notes) {
      end = Math.max(end, n.start + n.duration)
      lo = Math.min(lo, n.pitch)
      hi = Math.max(hi, n.pitch)
    }
  }
  if (hi < lo)
    return { startTick: 0, endTick: piece.length || piece.ppq * 16, lowPitch: 24, highPitch: 107 }
  // At least two octaves tall, so a one-note piece does not fill the whole thumbnail.
  const pad = Math.max(0, MIN_SPAN - (hi - lo))
  const low = Math.max(0, lo - Math.floor(pad / 2))
  const high = Math.min(127, Math.max(hi + Math.ceil(pad / 2), low + MIN_SPAN))
  // The piece's length, so a piece with empty last bars shows them empty.
  return {
    startTick: 0,
    endTick: Math.max(end, piece.length ?? 0, 1),
    lowPitch: low,
    highPitch: high
  }
}

/**
 * Rectangles of every note in a width x height thumbnail: time runs left to right, pitch bottom to
 * top, colour = the track's family colour. Notes are at least 1 px wide so short drum hits stay visible.
 */
export function noteRects(
  piece: Piece,
  width: number,
  height: number,
  win = fitWindow(piece)
): NoteRect[] {
  const rows = win.highPitch - win.lowPitch + 1
  const rowH = height / rows
  const px = width / Math.max(1, win.endTick - win.startTick)
  const rects: NoteRect[] = []
  for (const tr of piece.tracks) {
    const color = FAMILIES[tr.family]?.color ?? '#ccc'
    for (const n of tr.notes) {
      if (n.pitch < win.lowPitch || n.pitch > win.highPitch) continue
      if (n.start + n.duration <= win.startTick || n.start >= win.endTick) continue
      const x = (n.start - win.startTick) * px
      const y = (win.highPitch - n.pitch) * rowH
      rects.push({ x, y, w: Math.max(1, n.duration * px), h: Math.max(1, rowH), color })
    }
  }
  return rects
}

/** Paint rectangles onto a 2D context over a background (drawing is separate from layout so layout stays testable). */
export function paintRects(
  ctx: CanvasRenderingContext2D,
  rects: readonly NoteRect[],
  width: number,
  height: number,
  background = '#15161a'
): void {
  ctx.fillStyle = background
  ctx.fillRect(0, 0, width, height)
  for (const r of rects) {
    ctx.fillStyle = r.color
    ctx.fillRect(r.x, r.y, r.w, r.h)
  }
}

/** One saved sample of a run: the epoch it was drawn at, its index among that epoch's samples, and the piece. */
export interface GridSample {
  epoch: number
  index: number
  piece: Piece
}
