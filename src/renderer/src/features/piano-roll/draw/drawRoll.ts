import { FAMILIES } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'
import { pieceLength } from '@shared/music/pianoroll'
import type { Ticks } from '@shared/music/units'
import type { TickBox } from '../gestures'
import type { NoteTransform } from '../transform'
import { firstBarAfter, gridBars } from './grid'
import { forVisible } from './noteIndex'

/** Everything the roll canvas shows (drawing reads this and never edits it). */
export interface RollScene {
  piece: Piece
  transform: NoteTransform
  width: number
  height: number
  track: number
  selection: readonly number[]
  hidden: readonly number[]
  playhead: Ticks
  loop: { start: Ticks; end: Ticks } | null
  box: TickBox | null
}

const BLACK = [1, 3, 6, 8, 10]

/** Key-row stripes and bar/beat lines of the visible window only. */
function drawGrid(ctx: CanvasRenderingContext2D, s: RollScene): void {
  const t = s.transform
  const { low, high } = t.visiblePitches(s.height)
  ctx.fillStyle = '#1b1e24'
  ctx.fillRect(0, 0, s.width, s.height)
  ctx.fillStyle = '#15171c'
  for (let p = low; p <= high; p++) {
    if (BLACK.includes(p % 12)) ctx.fillRect(0, t.pitchToY(p), s.width, t.pixelsPerKey)
  }
  const { start, end } = t.visibleTicks(s.width)
  const bars = gridBars(s.piece, end)
  const beatPx = s.piece.ppq * t.pixelsPerTick
  const barStep = Math.max(1, Math.ceil(6 / (beatPx * 4)))
  for (let i = firstBarAfter(bars, start); i < bars.length && bars[i].start < end; i++) {
    const bar = bars[i]
    if (bar.index % barStep === 0) {
      ctx.fillStyle = '#3a404c'
      ctx.fillRect(Math.round(t.tickToX(bar.start)), 0, 1, s.height)
    }
    if (beatPx < 8) continue
    ctx.fillStyle = '#262a32'
    const beat = (4 * s.piece.ppq) / bar.denominator
    for (let b = bar.start + beat; b < bar.start + bar.length; b += beat) {
      ctx.fillRect(Math.round(t.tickToX(b)), 0, 1, s.height)
    }
  }
  // Past the piece's end (its length, empty last bars included): shaded, with a line at the end.
  const endX = Math.round(t.tickToX(lengthOf(s.piece)))
  if (endX < s.width) {
    ctx.fillStyle = 'rgba(0, 0, 0, 0.35)'
    ctx.fillRect(Math.max(0, endX), 0, s.width - Math.max(0, endX), s.height)
    ctx.fillStyle = '#6a7384'
    if (endX >= 0) ctx.fillRect(endX, 0, 1, s.height)
  }
}

// A piece's end, once per piece object (pieces are immutable; every edit makes a new one).
const lengths = new WeakMap<Piece, number>()
function lengthOf(piece: Piece): number {
  let n = lengths.get(piece)
  if (n === undefined) lengths.set(piece, (n = pieceLength(piece)))
  return n
}

// Pending horizontal run per pitch row: notes that touch (within a pixel) at the same alpha level
// merge into one fillRect, so a zoomed-out 256-bar view costs about one rect per visible run.
const runStart = new Float64Array(128)
const runEnd = new Float64Array(128)
const runLevel = new Int8Array(128)
const LEVELS = 4

/**
 * One track's visible notes; the edited track opaque (alpha by velocity, 4 levels) with selection
 * outlines, the others as ghosts. Touching notes of a row merge into one rect before drawing.
 */
function drawTrack(
  ctx: CanvasRenderingContext2D,
  s: RollScene,
  track: number,
  front: boolean
): void {
  const t = s.transform
  const { start, end } = t.visibleTicks(s.width)
  const { low, high } = t.visiblePitches(s.height)
  const h = Math.max(1, t.pixelsPerKey - 1)
  const flush = (p: number) => {
    if (runLevel[p] < 0) return
    ctx.globalAlpha = front ? 0.45 + (0.55 * (runLevel[p] + 1)) / LEVELS : 0.28
    ctx.fillRect(runStart[p], t.pitchToY(p), Math.max(1, runEnd[p] - runStart[p]), h)
    runLevel[p] = -1
  }
  ctx.fillStyle = FAMILIES[s.piece.tracks[track].family]?.color ?? '#ccc'
  runLevel.fill(-1)
  const picked: number[] = []
  const selected = front && s.selection.length > 0 ? new Set(s.selection) : null
  forVisible(s.piece.tracks[track].notes, start, end, (n, i) => {
    if (n.pitch < low || n.pitch > high) return
    const x = t.tickToX(n.start)
    const x1 = x + Math.max(1, n.duration * t.pixelsPerTick - 1)
    const level = front ? Math.min(LEVELS - 1, Math.floor((n.velocity * LEVELS) / 128)) : 0
    const p = n.pitch
    // Overlaps always merge; touching notes merge only when too narrow to show their boundary anyway.
    const touches = x < runEnd[p] || (x1 - x < 3 && x <= runEnd[p] + 1)
    if (runLevel[p] === level && touches) runEnd[p] = Math.max(runEnd[p], x1)
    else {
      flush(p)
      runStart[p] = x
      runEnd[p] = x1
      runLevel[p] = level
    }
    if (selected?.has(i)) picked.push(i)
  })
  for (let p = low; p <= high; p++) flush(p)
  ctx.globalAlpha = 1
  ctx.strokeStyle = '#ffffff'
  for (const i of picked) {
    const r = t.noteRect(s.piece.tracks[track].notes[i])
    ctx.strokeRect(r.x + 0.5, r.y + 0.5, Math.max(1, r.width - 1) - 1, h - 1)
  }
}

/** Loop region, rubber band and playhead over the notes. */
function drawOverlays(ctx: CanvasRenderingContext2D, s: RollScene): void {
  const t = s.transform
  if (s.loop) {
    ctx.fillStyle = 'rgba(120, 170, 255, 0.08)'
    const x0 = t.tickToX(s.loop.start)
    ctx.fillRect(x0, 0, t.tickToX(s.loop.end) - x0, s.height)
  }
  if (s.box) {
    const x = t.tickToX(s.box.start)
    const y = t.pitchToY(s.box.high)
    ctx.strokeStyle = '#9ecbff'
    ctx.strokeRect(x, y, t.tickToX(s.box.end) - x, t.pitchToY(s.box.low - 1) - y)
  }
  const px = t.tickToX(s.playhead)
  if (px >= 0 && px <= s.width) {
    ctx.fillStyle = '#ff5252'
    ctx.fillRect(Math.round(px), 0, 2, s.height)
  }
}

/** Draw the whole roll: grid, ghost tracks, the edited track in front, overlays. */
export function drawRoll(ctx: CanvasRenderingContext2D, s: RollScene): void {
  drawGrid(ctx, s)
  s.piece.tracks.forEach((_, i) => {
    if (i !== s.track && !s.hidden.includes(i)) drawTrack(ctx, s, i, false)
  })
  if (s.piece.tracks[s.track] && !s.hidden.includes(s.track)) drawTrack(ctx, s, s.track, true)
  drawOverlays(ctx, s)
}
