import type { Piece } from '@shared/music/piece'
import { Player } from '../../audio/Player'

let player: Player | null = null
let playing: Piece | null = null

/**
 * Play one piece at a time through compose-ui's Player (created on first use, because an
 * AudioContext needs a user gesture): playing another piece stops the previous one.
 */
export async function previewPiece(piece: Piece): Promise<void> {
  player ??= new Player()
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
