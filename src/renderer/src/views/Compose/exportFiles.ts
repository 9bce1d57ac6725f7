import type { Piece } from '@shared/music/piece'
import { pieceLength } from '@shared/music/pianoroll'
import { drawRoll } from '../../features/piano-roll/draw/drawRoll'
import { drawKeyboard, drawRuler } from '../../features/piano-roll/draw/drawSide'
import { NoteTransform } from '../../features/piano-roll/transform'
import { pitchSpan } from '../../features/piano-roll/view'

/** A file made in the renderer, ready to download or hand to the shell's save dialog. */
export interface MadeFile {
  name: string
  blob: Blob
}

/** A file-name-safe version of a title. */
export function safeName(title: string): string {
  return (
    title
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '_') || 'piece'
  )
}

/** Sizes around the notes in a PNG: the keyboard on the left, the title and the bar ruler on top. */
export const PNG_FRAME = { keys: 56, title: 24, ruler: 18 }

/** A PNG of the whole roll (every track, the edited one in front) with a keyboard, bar numbers and the title; the
 *  notes area is at most `maxWidth` px wide. */
export async function rollPng(piece: Piece, track: number, maxWidth = 4096): Promise<Blob> {
  const end = Math.max(piece.ppq * 4, pieceLength(piece))
  const span = pitchSpan(piece)
  const width = Math.min(maxWidth, Math.max(400, Math.round(end * 0.05)))
  const key = Math.max(3, Math.min(10, Math.round(600 / (span.high - span.low + 1))))
  const height = key * (span.high - span.low + 1)
  const transform = new NoteTransform({
    pixelsPerTick: width / end,
    pixelsPerKey: key,
    topPitch: span.high + 1
  })
  const { keys, title, ruler } = PNG_FRAME
  const canvas = new OffscreenCanvas(keys + width, title + ruler + height)
  const ctx = canvas.getContext('2d') as unknown as CanvasRenderingContext2D
  ctx.fillStyle = '#16181d'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.fillStyle = '#e8e8f0'
  ctx.font = '600 14px sans-serif'
  ctx.textBaseline = 'middle'
  const bpm = Math.round(piece.tempos[0]?.bpm ?? 120)
  ctx.fillText(`${piece.title} · ${bpm} bpm`, 8, title / 2, canvas.width - 16)
  const at = (x: number, y: number, draw: () => void) => {
    ctx.save()
    ctx.translate(x, y)
    draw()
    ctx.restore()
  }
  const size = { width, height: ruler }
  at(keys, title, () => drawRuler(ctx, piece, transform, size, { playhead: -1e9, loop: null }))
  const drums = piece.tracks[track]?.isDrum ?? false
  at(0, title + ruler, () => drawKeyboard(ctx, transform, keys, height, drums))
  const scene = {
    piece,
    transform,
    width,
    height,
    track,
    selection: [],
    hidden: [],
    playhead: -1,
    loop: null,
    box: null
  }
  at(keys, title + ruler, () => drawRoll(ctx, scene))
  return canvas.convertToBlob({ type: 'image/png' })
}

/** Let the browser download a blob (serve mode, tests); the desktop app saves through the shell's dialog. */
export function download(file: MadeFile): void {
  const url = URL.createObjectURL(file.blob)
  const a = document.createElement('a')
  a.href = url
  a.download = file.name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
