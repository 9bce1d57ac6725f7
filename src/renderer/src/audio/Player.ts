import * as Tone from 'tone'
import type { Piece } from '@shared/music/piece'
import type { Ticks } from '@shared/music/units'
import { Instrument } from './Instrument'
import { MasterLimiter } from './limiter'
import { Scheduler } from './Scheduler'

/** Options of a Player. */
export interface PlayerOptions {
  /** Seconds of the gain ramp at start and stop (no clicks). */
  fadeTime: number
  /** Master level 0..1. */
  level: number
  /** Make each drum kit's synths with the kit (see InstrumentOptions.prepare). */
  prepare: boolean
}

/** Mixer settings of one track. */
export interface TrackMix {
  mute: boolean
  solo: boolean
  /** Decibels. */
  volume: number
}

// A track's instrument is made when the track first has notes (most of the 17 tracks are empty). Mute and solo
// open or close the gate at once (Tone's Channel mute reads its own scheduled volume back, and lost track of
// it when toggled quickly: muted tracks played and unmuted ones stayed silent).
/** Set a parameter from now on, dropping whatever was scheduled on it. */
function now(param: Tone.Param<'gain'> | Tone.Param<'decibels'>, value: number): void {
  param.cancelScheduledValues(0)
  param.setValueAtTime(value, 0)
}

interface Strip {
  family: number
  instrument: Instrument | null
  fader: Tone.Volume
  gate: Tone.Gain
}

/**
 * Plays a Piece: one Instrument, volume fader and mute/solo gate per track into a master
 * gain that ramps at start and stop, on the Transport (play, stop, loop, tempo, position for the
 * playhead). Works in the live context and inside Tone.Offline (it takes the context current at construction).
 */
export class Player {
  readonly master: Tone.Gain
  private readonly limiter = new MasterLimiter()
  private strips: Strip[] = []
  private mixes: TrackMix[] = []
  private readonly scheduler: Scheduler
  private readonly transport = Tone.getTransport()
  private readonly opts: PlayerOptions
  private startTick: Ticks = 0

  constructor(opts: Partial<PlayerOptions> = {}) {
    this.opts = { ...Player.getDefaults(), ...opts }
    this.master = new Tone.Gain(0).connect(this.limiter.input)
    this.limiter.output.toDestination()
    this.scheduler = new Scheduler({ transport: this.transport })
  }

  /** 10 ms ramps, full level, kits prepared. */
  static getDefaults(): PlayerOptions {
    return { fadeTime: 0.01, level: 1, prepare: true }
  }

  /** Build instruments for a piece's tracks and schedule its notes (sets PPQ and the first tempo). */
  load(piece: Piece): void {
    const same =
      this.strips.length === piece.tracks.length &&
      this.strips.every((s, i) => s.family === piece.tracks[i].family)
    if (!same) this.rebuild(piece)
    piece.tracks.forEach((t, i) => {
      const strip = this.strips[i]
      if (t.notes.length > 0 && !strip.instrument) {
        strip.instrument = new Instrument({ family: t.family, prepare: this.opts.prepare })
        strip.instrument.output.connect(strip.fader)
      }
    })
    this.transport.PPQ = piece.ppq
    this.transport.bpm.value = piece.tempos[0]?.bpm ?? 120
    this.scheduler.schedule(
      piece.tracks.map((t) => t.notes),
      this.strips.map((s) => s.instrument)
    )
  }

  /** Steps that each make one synth the loaded piece will need (see Instrument.preparation). */
  preparation(piece: Piece): (() => void)[] {
    return this.strips.flatMap((s, i) => s.instrument?.preparation(piece.tracks[i].notes) ?? [])
  }

  private rebuild(piece: Piece): void {
    this.disposeStrips()
    this.strips = piece.tracks.map((t) => {
      const gate = new Tone.Gain(1).connect(this.master)
      const fader = new Tone.Volume(0).connect(gate)
      return { family: t.family, instrument: null, fader, gate }
    })
    this.updateGates()
  }

  /** Set one track's mute, solo and volume. */
  setMix(track: number, mix: Partial<TrackMix>): void {
    const strip = this.strips[track]
    if (!strip) return
    this.mixes[track] = Object.assign(
      { mute: false, solo: false, volume: 0 },
      this.mixes[track],
      mix
    )
    if (mix.volume !== undefined) now(strip.fader.volume, mix.volume)
    this.updateGates()
  }

  /** A track sounds when it is not muted and either it is soloed or no track is. */
  private updateGates(): void {
    const soloing = this.strips.some((_, i) => this.mixes[i]?.solo)
    this.strips.forEach((s, i) => {
      const m = this.mixes[i]
      const open = !m?.mute && (!soloing || !!m?.solo)
      now(s.gate.gain, open ? 1 : 0)
    })
  }

  /** Sound one note of a track now, outside the transport (note preview); makes the track's instrument if needed. */
  async preview(track: number, pitch: number, velocity = 100): Promise<void> {
    const strip = this.strips[track]
    if (!strip) return
    if (!strip.instrument) {
      strip.instrument = new Instrument({ family: strip.family })
      strip.instrument.output.connect(strip.fader)
    }
    if (Tone.getContext().state !== 'running') await Tone.start()
    const now = Tone.now()
    if (this.transport.state !== 'started') {
      const g = this.master.gain
      g.cancelScheduledValues(now)
      g.setValueAtTime(this.opts.level, now)
    }
    strip.instrument.play(pitch, 0.35, now, velocity)
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
    for (const s of this.strips) s.instrument?.releaseAll(end)
  }

  /** 'started' while playing. */
  get state(): string {
    return this.transport.state
  }

  /** The transport position in ticks at the sound now leaving the context (the playhead). */
  get ticks(): Ticks {
    // transport.ticks is where scheduling is (the look-ahead early); the playhead shows what is heard.
    return this.transport.getTicksAtTime(Tone.getContext().currentTime)
  }

  private disposeStrips(): void {
    for (const s of this.strips) {
      s.instrument?.dispose()
      s.fader.dispose()
      s.gate.dispose()
    }
    this.strips = []
  }

  /** Stop and free everything. */
  dispose(): void {
    this.transport.stop()
    this.scheduler.dispose()
    this.disposeStrips()
    this.master.dispose()
    this.limiter.dispose()
  }
}
