import { gmDrumName } from '@shared/music/gmDrums'
import { FAMILIES } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'
import type { Ticks } from '@shared/music/units'
import type { NoteTransform } from '../transform'
import { firstBarAfter, gridBars } from './grid'
import { forVisible } from './noteIndex'

const BLACK = [1, 3, 6, 8, 10]

/** The keyboard at the left of the roll, with C labels. */
export function drawKeyboard(
  ctx: CanvasRenderingContext2D,
  t: NoteTransform,
  width: number,
  height: number,
  drums = false
): void {
  const { low, high } = t.visiblePitches(height)
  if (drums) return drawDrumLanes(ctx, t, { width, low, high, height })
  ctx.fillStyle = '#d8d8d8'
  ctx.fillRect(0, 0, width, height)
  ctx.font = `${Math.min(10, t.pixelsPerKey)}px sans-serif`
  ctx.textBaseline = 'middle'
  for (let p = low; p <= high; p++) {
    const y = t.pitchToY(p)
    if (BLACK.includes(p % 12)) {
      ctx.fillStyle = '#222'
      ctx.fillRect(0, y, width * 0.62, t.pixelsPerKey)
    } else {
      ctx.fillStyle = '#999'
      ctx.fillRect(0, y + t.pixelsPerKey - 1, width, 1)
    }
    if (p % 12 === 0 && t.pixelsPerKey >= 6) {
      ctx.fillStyle = '#333'
      ctx.fillText(`C${p / 12 - 1}`, width * 0.66, y + t.pixelsPerKey / 2)
    }
  }
}

/** The ruler above the roll: bar numbers, loop region and playhead. */
export function drawRuler(
  ctx: CanvasRenderingContext2D,
  piece: Piece,
  t: NoteTransform,
  size: { width: number; height: number },
  marks: { playhead: Ticks; loop: { start: Ticks; end: Ticks } | null }
): void {
  ctx.fillStyle = '#23262d'
  ctx.fillRect(0, 0, size.width, size.height)
  if (marks.loop) {
    ctx.fillStyle = 'rgba(120, 170, 255, 0.5)'
    const x0 = t.tickToX(marks.loop.start)
    ctx.fillRect(x0, size.height - 6, t.tickToX(marks.loop.end) - x0, 6)
  }
  const { start, end } = t.visibleTicks(size.width)
  const bars = gridBars(piece, end)
  const step = Math.max(1, Math.ceil(40 / Math.max(1e-6, bars[0].length * t.pixelsPerTick)))
  ctx.fillStyle = '#aab'
  ctx.font = '10px sans-serif'
  ctx.textBaseline = 'top'
  for (let i = firstBarAfter(bars, start); i < bars.length && bars[i].start < end; i++) {
    if (bars[i].index % step !== 0) continue
    const x = Math.round(t.tickToX(bars[i].start))
    ctx.fillRect(x, 0, 1, size.height)
    ctx.fillText(String(bars[i].index + 1), x + 3, 2)
  }
  ctx.fillStyle = '#ff5252'
  ctx.fillRect(Math.round(t.tickToX(marks.playhead)) - 1, 0, 3, size.height)
}

/** The velocity lane: one stem per visible note of the edited track, height = velocity. */
export function drawVelocityLane(
  ctx: CanvasRenderingContext2D,
  piece: Piece,
  track: number,
  t: NoteTransform,
  size: { width: number; height: number },
  selection: readonly number[]
): void {
  ctx.fillStyle = '#1b1e24'
  ctx.fillRect(0, 0, size.width, size.height)
  const tr = piece.tracks[track]
  if (!tr) return
  const color = FAMILIES[tr.family]?.color ?? '#ccc'
  const sel = new Set(selection)
  const { start, end } = t.visibleTicks(size.width)
  forVisible(tr.notes, start, end, (n, i) => {
    const h = (n.velocity / 127) * (size.height - 4)
    const x = Math.round(t.tickToX(n.start))
    ctx.fillStyle = sel.has(i) ? '#ffffff' : color
    ctx.fillRect(x, size.height - h, 2, h)
    ctx.fillRect(x - 2, size.height - h, 6, 2)
  })
}

/** The drum track's rows named by the GM percussion map (Kick, Snare, Closed hat...). */
function drawDrumLanes(
  ctx: CanvasRenderingContext2D,
  t: NoteTransform,
  v: { width: number; height: number; low: number; high: number }
): void {
  ctx.fillStyle = '#2a2d34'
  ctx.fillRect(0, 0, v.width, v.height)
  ctx.font = `${Math.min(10, Math.max(7, t.pixelsPerKey - 1))}px sans-serif`
  ctx.textBaseline = 'middle'
  for (let p = v.low; p <= v.high; p++) {
    const y = t.pitchToY(p)
    const name = gmDrumName(p)
    ctx.fillStyle = name ? (p % 2 ? '#3a3f4a' : '#343843') : '#23262d'
    ctx.fillRect(0, y, v.width, t.pixelsPerKey - 1)
    if (name && t.pixelsPerKey >= 7) {
      ctx.fillStyle = '#dde'
      ctx.fillText(name, 3, y + t.pixelsPerKey / 2, v.width - 5)
    }
  }
}
