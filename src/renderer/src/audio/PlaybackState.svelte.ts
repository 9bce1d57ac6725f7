import * as Tone from 'tone'
import { FAMILY_COUNT } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'
import { pieceLength } from '@shared/music/pianoroll'
import type { Ticks } from '@shared/music/units'
import { Player, type TrackMix } from './Player'

/** A default mixer strip: not muted, not soloed, 0 dB. */
const flat = (): TrackMix => ({ mute: false, solo: false, volume: 0 })

/**
 * Playback state (Svelte 5 runes): transport play/stop, tempo, loop, the playhead for the view and
 * the per-track mixer. The Player and its instruments are made when the browser is idle after a piece
 * arrives, so the first play only resumes the AudioContext (inside the click, as browsers require) and
 * starts the transport: sound and playhead start together.
 */
export class PlaybackState {
  playing = $state(false)
  /** The instruments of the current piece are made: a play starts at once. */
  ready = $state(false)
  bpm = $state(120)
  playhead = $state<Ticks>(0)
  loop = $state.raw<{ start: Ticks; end: Ticks } | null>(null)
  loopOn = $state(false)
  mix = $state<TrackMix[]>(Array.from({ length: FAMILY_COUNT }, flat))
  private player: Player | null = null
  private piece: Piece | null = null
  private raf = 0
  private idle = 0

  /** The audio context's state ('running' once playback has started). */
  get contextState(): string {
    return Tone.getContext().state
  }

  /** Take a (new or edited) piece: reschedules its notes if a player exists. */
  setPiece(piece: Piece): void {
    const first = !this.piece || this.piece.tracks.length !== piece.tracks.length
    this.piece = piece
    if (first) {
      this.mix = piece.tracks.map(flat)
      this.bpm = piece.tempos[0]?.bpm ?? 120
    }
    if (this.player) {
      this.player.load(piece)
      this.applyMix()
      this.player.setTempo(this.bpm)
    } else if (!this.idle) {
      this.idle = requestIdleCallback(() => this.prepare(), { timeout: 1500 })
    }
  }

  /** Make the Player and the instruments of the piece's tracks (before the first play). */
  private prepare(): Player | null {
    this.idle = 0
    if (!this.player && this.piece) {
      this.player = new Player()
      this.player.load(this.piece)
      this.applyMix()
    }
    this.ready = this.player !== null
    return this.player
  }

  private applyMix(): void {
    this.mix.forEach((m, i) => this.player?.setMix(i, m))
  }

  /** Change one track's mute, solo or volume. */
  setMix(track: number, mix: Partial<TrackMix>): void {
    this.mix[track] = { ...this.mix[track], ...mix }
    this.player?.setMix(track, this.mix[track])
  }

  /** Tempo in bpm (20..300). */
  setTempo(bpm: number): void {
    this.bpm = Math.min(300, Math.max(20, bpm))
    this.player?.setTempo(this.bpm)
  }

  /** Set (or clear) the loop region; it plays looped while `loopOn`. */
  setLoop(range: { start: Ticks; end: Ticks } | null): void {
    this.loop = range
    this.loopOn = range !== null
    this.player?.setLoop(this.loopOn ? range : null)
  }

  /** Turn looping of the loop region on or off. */
  toggleLoop(): void {
    this.loopOn = !this.loopOn && this.loop !== null
    this.player?.setLoop(this.loopOn ? this.loop : null)
  }

  /** Move the playhead (while stopped, where the next play starts). */
  seek(tick: Ticks): void {
    this.playhead = Math.max(0, tick)
    if (this.playing) void this.play()
  }

  /** Start playing from the playhead. */
  async play(): Promise<void> {
    const player = this.prepare()
    if (!player) return
    player.setTempo(this.bpm)
    player.setLoop(this.loopOn ? this.loop : null)
    const from =
      this.loopOn && this.loop
        ? Math.max(this.loop.start, Math.min(this.playhead, this.loop.end))
        : this.playhead
    await player.play(from)
    this.playing = true
    cancelAnimationFrame(this.raf)
    this.raf = requestAnimationFrame(this.follow)
  }

  private follow = (): void => {
    if (!this.playing || !this.player) return
    this.playhead = this.player.ticks
    // Without a loop, playback ends with the piece (its last bar heard out) and the next play starts from the top.
    const end = this.piece ? pieceLength(this.piece) : 0
    if (!this.loopOn && end > 0 && this.playhead >= end) {
      this.stop()
      this.playhead = 0
      return
    }
    this.raf = requestAnimationFrame(this.follow)
  }

  /** Stop (with a short fade); the playhead stays where it stopped. */
  stop(): void {
    if (!this.playing) return
    this.playing = false
    cancelAnimationFrame(this.raf)
    this.player?.stop()
  }

  /** Hear one pitch of a track (clicking the keyboard, drawing or picking a note). */
  preview(track: number, pitch: number): void {
    void this.prepare()?.preview(track, pitch)
  }

  /** Space bar: play or stop. */
  async toggle(): Promise<void> {
    if (this.playing) this.stop()
    else await this.play()
  }

  /** Stop and free the audio graph. */
  dispose(): void {
    cancelIdleCallback(this.idle)
    this.idle = 0
    this.stop()
    this.player?.dispose()
    this.player = null
    this.ready = false
  }
}
