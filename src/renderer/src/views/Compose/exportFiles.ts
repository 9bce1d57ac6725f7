import type { Piece } from '@shared/music/piece'
import { pieceEndTick } from '@shared/music/pianoroll'
import { drawRoll } from '../../features/piano-roll/draw/drawRoll'
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

/** A PNG of the whole roll (every track, the edited one in front), at most `maxWidth` px wide. */
export async function rollPng(piece: Piece, track: number, maxWidth = 4096): Promise<Blob> {
  const end = Math.max(piece.ppq * 4, pieceEndTick(piece))
  const span = pitchSpan(piece)
  const width = Math.min(maxWidth, Math.max(400, Math.round(end * 0.05)))
  const key = Math.max(3, Math.min(10, Math.round(600 / (span.high - span.low + 1))))
  const height = key * (span.high - span.low + 1)
  const transform = new NoteTransform({
    pixelsPerTick: width / end,
    pixelsPerKey: key,
    topPitch: span.high + 1
  })
  const canvas = new OffscreenCanvas(width, height)
  const ctx = canvas.getContext('2d') as unknown as CanvasRenderingContext2D
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
  drawRoll(ctx, scene)
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
