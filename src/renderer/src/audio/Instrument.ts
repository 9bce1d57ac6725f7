import * as Tone from 'tone'
import { DRUMS } from '@shared/music/families'
import type { NoteEvent } from '@shared/music/piece'
import { DrumKit } from './DrumKit'
import { FAMILY_PRESETS, type PolyVoice } from './presets'

/** Options of an Instrument. */
export interface InstrumentOptions {
  /** LPD-17 family index 0..16; 0 plays the drum kit. */
  family: number
  /** Make the drum kit's synths now (live playback: no wait at the first hits); an offline render makes them as hit. */
  prepare: boolean
}

/**
 * The sound of one track: the family's synthesised voice (or the drum kit for Drums) behind one
 * output node, played by MIDI pitch, seconds and a 1..127 velocity.
 */
export class Instrument {
  readonly family: number
  readonly output: Tone.Volume
  private readonly kit: DrumKit | null
  private readonly voice: PolyVoice | null

  constructor(opts: Partial<InstrumentOptions> = {}) {
    const o = { ...Instrument.getDefaults(), ...opts }
    this.family = o.family
    if (o.family === DRUMS) {
      this.kit = new DrumKit()
      if (o.prepare) this.kit.prepare()
      this.voice = null
      this.output = this.kit.output
    } else {
      const preset = FAMILY_PRESETS[o.family] ?? FAMILY_PRESETS[1]
      this.kit = null
      this.voice = preset.make()
      this.output = new Tone.Volume(preset.trimDb)
      this.voice.connect(this.output)
    }
  }

  /** Piano, prepared. */
  static getDefaults(): InstrumentOptions {
    return { family: 1, prepare: true }
  }

  /** Play one note (drums: a hit of the GM drum note, length ignored). */
  play(pitch: number, duration: number, time: Tone.Unit.Time, velocity: number): void {
    const v = Math.min(1, Math.max(0, velocity / 127))
    if (this.kit) this.kit.hit(pitch, time, v)
    else
      this.voice?.triggerAttackRelease(
        Tone.Frequency(pitch, 'midi').toFrequency(),
        duration,
        time,
        v
      )
  }

  /** Steps that each make one synth these notes will need (drums; pitched voices make theirs as they play). */
  preparation(notes: readonly NoteEvent[]): (() => void)[] {
    return this.kit?.preparation(notes) ?? []
  }

  /** Release every sounding note (stop without hanging notes). */
  releaseAll(time?: Tone.Unit.Time): void {
    this.voice?.releaseAll(time)
  }

  /** Free the synths. */
  dispose(): void {
    this.kit?.dispose()
    this.voice?.dispose()
    if (!this.kit) this.output.dispose()
  }
}
