import * as Tone from 'tone'
import type { Piece } from '@shared/music/piece'
import type { Ticks } from '@shared/music/units'
import { Instrument } from './Instrument'
import { Scheduler } from './Scheduler'

/** Options of a Player. */
export interface PlayerOptions {
  /** Seconds of the gain ramp at start and stop (no clicks). */
  fadeTime: number
  /** Master level 0..1. */
  level: number
}

/** Mixer settings of one track. */
export interface TrackMix {
  mute: boolean
  solo: boolean
  /** Decibels. */
  volume: number
}

interface Strip {
  instrument: Instrument
  channel: Tone.Channel
}

/**
 * Plays a Piece: one Instrument and one mixer Channel (mute/solo/volume) per track into a master
 * gain that ramps at start and stop, on the Transport (play, stop, loop, tempo, position for the
 * playhead). Works in the live context and inside Tone.Offline (it takes the context current at construction).
 */
export class Player {
  readonly master: Tone.Gain
  private strips: Strip[] = []
  private readonly scheduler: Scheduler
  private readonly transport = Tone.getTransport()
  private readonly opts: PlayerOptions
  private startTick: Ticks = 0

  constructor(opts: Partial<PlayerOptions> = {}) {
    this.opts = { ...Player.getDefaults(), ...opts }
    this.master = new Tone.Gain(0).toDestination()
    this.scheduler = new Scheduler({ transport: this.transport })
  }

  /** 10 ms ramps, full level. */
  static getDefaults(): PlayerOptions {
    return { fadeTime: 0.01, level: 1 }
  }

  /** Build instruments for a piece's tracks and schedule its notes (sets PPQ and the first tempo). */
  load(piece: Piece): void {
    const same =
      this.strips.length === piece.tracks.length &&
      this.strips.every((s, i) => s.instrument.family === piece.tracks[i].family)
    if (!same) this.rebuild(piece)
    this.transport.PPQ = piece.ppq
    this.transport.bpm.value = piece.tempos[0]?.bpm ?? 120
    this.scheduler.schedule(
      piece.tracks.map((t) => t.notes),
      this.strips.map((s) => s.instrument)
    )
  }

  private rebuild(piece: Piece): void {
    this.disposeStrips()
    this.strips = piece.tracks.map((t) => {
      const instrument = new Instrument({ family: t.family })
      const channel = new Tone.Channel().connect(this.master)
      instrument.output.connect(channel)
      return { instrument, channel }
    })
  }

  /** Set one track's mute, solo and volume. */
  setMix(track: number, mix: Partial<TrackMix>): void {
    const ch = this.strips[track]?.channel
    if (!ch) return
    if (mix.mute !== undefined) ch.mute = mix.mute
    if (mix.solo !== undefined) ch.solo = mix.solo
    if (mix.volume !== undefined) ch.volume.value = mix.volume
  }

  /** Tempo in bpm. */
  setTempo(bpm: number): void {
    this.transport.bpm.value = bpm
  }

  /** Loop between two ticks, or no loop when null. */
  setLoop(range: { start: Ticks; end: Ticks } | null): void {
    if (!range || range.end <= range.start) {
      this.transport.loop = false
      return
    }
    this.transport.setLoopPoints(`${range.start}i`, `${range.end}i`)
    this.transport.loop = true
  }

  /** Resume the audio context (needs a user gesture) and start at a tick with a short fade in. */
  async play(fromTick: Ticks = this.startTick): Promise<void> {
    if (Tone.getContext().state !== 'running') await Tone.start()
    this.startAt(fromTick, Tone.now())
  }

  /** Start the transport at a tick at a context time (offline renders call this directly). */
  startAt(fromTick: Ticks, time: number): void {
    this.startTick = fromTick
    this.transport.ticks = Math.round(fromTick)
    const g = this.master.gain
    g.cancelScheduledValues(time)
    g.setValueAtTime(0, time)
    g.linearRampToValueAtTime(this.opts.level, time + this.opts.fadeTime)
    this.transport.start(time)
  }

  /** Stop with a short fade out and release held notes (the position stays where it stopped). */
  stop(): void {
    const now = Tone.now()
    const end = now + this.opts.fadeTime
    const g = this.master.gain
    g.cancelScheduledValues(now)
    g.setValueAtTime(g.getValueAtTime(now), now)
    g.linearRampToValueAtTime(0, end)
    this.transport.stop(end)
    for (const s of this.strips) s.instrument.releaseAll(end)
  }

  /** 'started' while playing. */
  get state(): string {
    return this.transport.state
  }

  /** The transport position in ticks (the playhead). */
  get ticks(): Ticks {
    return this.transport.ticks
  }

  private disposeStrips(): void {
    for (const s of this.strips) {
      s.instrument.dispose()
      s.channel.dispose()
    }
    this.strips = []
  }

  /** Stop and free everything. */
  dispose(): void {
    this.transport.stop()
    this.scheduler.dispose()
    this.disposeStrips()
    this.master.dispose()
  }
}
