import * as Tone from 'tone'
import type { Piece } from '@shared/music/piece'
import { Player, type TrackMix } from './Player'
import { encodeWav } from './wav'

/** Options of an offline render. */
export interface RenderOptions {
  sampleRate: number
  channels: 1 | 2
  /** Seconds rendered after the last note ends (release tails). */
  tail: number
  /** Mixer settings per track index. */
  mix: Partial<TrackMix>[]
  /** Told the rendered fraction 0..1 as the render goes (the page keeps answering meanwhile). */
  onprogress: (fraction: number) => void
}

/** Seconds from the start to the end of the last note, at the piece's first tempo. */
export function pieceSeconds(piece: Piece): number {
  let end = 0
  for (const t of piece.tracks) for (const n of t.notes) end = Math.max(end, n.start + n.duration)
  const bpm = piece.tempos[0]?.bpm ?? 120
  return (end / piece.ppq) * (60 / bpm)
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
    ...opts
  }
  const duration = pieceSeconds(piece) + o.tail
  // Tone.Offline makes its context the global one and leaves it there when a note fails to schedule, which
  // silenced every later live playback: put the live context back whatever happens.
  const live = Tone.getContext()
  let rendered: Tone.ToneAudioBuffer
  let offline: { currentTime: number } | null = null
  // Tone renders the schedule a second of audio at a time, yielding in between: report where it is.
  const progress = setInterval(
    () => o.onprogress(Math.min(1, (offline?.currentTime ?? 0) / duration)),
    100
  )
  try {
    rendered = await Tone.Offline(
      (context) => {
        offline = context
        const player = new Player({ fadeTime: 0.002 })
        player.load(piece)
        o.mix.forEach((m, i) => player.setMix(i, m))
        player.startAt(0, 0)
      },
      duration,
      o.channels,
      o.sampleRate
    )
  } finally {
    clearInterval(progress)
    Tone.setContext(live)
  }
  o.onprogress(1)
  const buffer = rendered.get()
  if (!buffer) throw new Error('offline render produced no audio')
  return buffer
}

/** Render a piece to a 16-bit WAV file. */
export async function renderWav(piece: Piece, opts: Partial<RenderOptions> = {}): Promise<Blob> {
  return new Blob([encodeWav(await renderPiece(piece, opts))], { type: 'audio/wav' })
}
