import * as Tone from 'tone'
import type { Piece } from '@shared/music/piece'
import { pieceLength } from '@shared/music/pianoroll'
import { Player, type TrackMix } from './Player'
import { encodeWavSliced } from './wav'

/** Options of an offline render. */
export interface RenderOptions {
  sampleRate: number
  channels: 1 | 2
  /** Seconds rendered after the piece ends (release tails). */
  tail: number
  /** Mixer settings per track index. */
  mix: Partial<TrackMix>[]
  /** Told the rendered fraction 0..1 as the render goes (the page keeps answering meanwhile). */
  onprogress: (fraction: number) => void
  /** Most milliseconds of work between two yields to the event loop (keeps the page answering). */
  sliceMs: number
}

/** Seconds from the start to the piece's end (its length: empty last bars count), at its first tempo. */
export function pieceSeconds(piece: Piece): number {
  const bpm = piece.tempos[0]?.bpm ?? 120
  return (pieceLength(piece) / piece.ppq) * (60 / bpm)
}

/** Let the event loop run (input, drawing, the live audio's scheduling) before the next slice of work. */
const yieldToPage = () => new Promise<void>((done) => setTimeout(done, 0))

// Tone's own OfflineContext.render runs a second of audio's scheduling per task (0.3-1 s of main thread for a
// dense second, 1.6 s with the instruments' construction): this drives the same clock in slices of sliceMs.
// (Tone 15.5's internals, pinned in package-lock: the clock's time and end, and the worklets' readiness.)
type OfflineClock = { _currentTime: number; _duration: number; workletsAreReady(): Promise<void> }

/**
 * Make the instruments one track per slice and the drum synths one per slice, then clock the schedule in slices;
 * the audio itself renders natively, off the main thread.
 */
async function renderSliced(
  offline: Tone.OfflineContext,
  piece: Piece,
  o: RenderOptions,
  live: Tone.BaseContext
): Promise<AudioBuffer> {
  const inOffline = <T>(fn: () => T): T => {
    Tone.setContext(offline)
    try {
      return fn()
    } finally {
      Tone.setContext(live)
    }
  }
  const player = inOffline(() => new Player({ fadeTime: 0.002, prepare: false }))
  // Track by track: each load makes the instrument of one more track (the others keep theirs).
  for (let i = 0; i < piece.tracks.length; i++) {
    if (piece.tracks[i].notes.length === 0) continue
    const upTo = {
      ...piece,
      tracks: piece.tracks.map((t, j) => (j <= i ? t : { ...t, notes: [] }))
    }
    inOffline(() => player.load(upTo))
    await yieldToPage()
  }
  // The drum synths simultaneous hits need, one per slice (made inside the schedule, one tick made several).
  for (const step of player.preparation(piece)) {
    inOffline(step)
    await yieldToPage()
  }
  inOffline(() => {
    o.mix.forEach((m, i) => player.setMix(i, m))
    player.startAt(0, 0)
  })
  const clock = offline as unknown as OfflineClock
  await clock.workletsAreReady()
  const block = 128 / offline.sampleRate
  let slice = performance.now()
  while (clock._duration - clock._currentTime >= 0) {
    inOffline(() => offline.emit('tick'))
    clock._currentTime += block
    if (performance.now() - slice > o.sliceMs) {
      o.onprogress(Math.min(0.99, clock._currentTime / clock._duration))
      await yieldToPage()
      slice = performance.now()
    }
  }
  return (offline.rawContext as unknown as OfflineAudioContext).startRendering()
}

/** Render a piece with the same Player and instruments as live playback, faster than real time. */
export async function renderPiece(
  piece: Piece,
  opts: Partial<RenderOptions> = {}
): Promise<AudioBuffer> {
  const o: RenderOptions = {
    sampleRate: 44100,
    channels: 2,
    tail: 1.5,
    mix: [],
    onprogress: () => {},
    sliceMs: 12,
    ...opts
  }
  const duration = pieceSeconds(piece) + o.tail
  // The live context stays the global one between slices (a preview or a play meanwhile builds live nodes), and
  // whatever fails, later live playback still sounds.
  const live = Tone.getContext()
  const offline = new Tone.OfflineContext(o.channels, duration, o.sampleRate)
  try {
    const buffer = await renderSliced(offline, piece, o, live)
    o.onprogress(1)
    return buffer
  } finally {
    Tone.setContext(live)
  }
}

/** Render a piece to a 16-bit WAV file. */
export async function renderWav(piece: Piece, opts: Partial<RenderOptions> = {}): Promise<Blob> {
  const wav = await encodeWavSliced(await renderPiece(piece, opts), yieldToPage)
  return new Blob([wav], { type: 'audio/wav' })
}
