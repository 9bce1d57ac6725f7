import * as Tone from 'tone'
import type { Piece } from '@shared/music/piece'
import { Player } from '../../audio/Player'

let player: Player | null = null
let playing: Piece | null = null
let meter: Tone.Meter | null = null

/**
 * Play one piece at a time through compose-ui's Player (created on first use, because an
 * AudioContext needs a user gesture): playing another piece stops the previous one.
 */
export async function previewPiece(piece: Piece): Promise<void> {
  if (!player) {
    player = new Player()
    meter = new Tone.Meter({ normalRange: true, smoothing: 0.5 })
    player.master.connect(meter)
  }
  player.stop()
  player.load(piece)
  playing = piece
  await player.play(0)
}

/** Stop whatever preview is playing. */
export function stopPreview(): void {
  player?.stop()
  playing = null
}

/** The piece now previewed (null when silent). */
export function previewing(): Piece | null {
  return playing
}

/** The preview's output level now, 0..1 (the master's peak through an analyser; 0 when silent). */
export function previewLevel(): number {
  const v = meter?.getValue() ?? 0
  return Array.isArray(v) ? Math.max(...v) : v
}
