import * as Tone from 'tone'

/** Options of a DrumKit. */
export interface DrumKitOptions {
  /** Output level in decibels. */
  volume: number
}

/** The kinds of drum sound the kit synthesises. */
export type DrumVoice =
  'kick' | 'snare' | 'clap' | 'closedHat' | 'openHat' | 'crash' | 'ride' | 'tom' | 'perc'

/** General MIDI drum note -> kit voice (GM level 1 percussion map, notes 35..81). */
export function drumVoiceOf(note: number): DrumVoice {
  if (note === 35 || note === 36) return 'kick'
  if (note === 38 || note === 40 || note === 37) return 'snare'
  if (note === 39) return 'clap'
  if (note === 42 || note === 44) return 'closedHat'
  if (note === 46) return 'openHat'
  if (note === 49 || note === 57 || note === 52 || note === 55) return 'crash'
  if (note === 51 || note === 59 || note === 53) return 'ride'
  if ([41, 43, 45, 47, 48, 50].includes(note)) return 'tom'
  return 'perc'
}

/** Tom pitch in Hz: low floor tom (41) to high tom (50). */
function tomHz(note: number): number {
  return 70 * Math.pow(2, (note - 41) / 12)
}

/**
 * A drum kit synthesised from Tone's MembraneSynth (kick, toms, snare body), NoiseSynth (snare,
 * clap) and MetalSynth (hats, cymbals), played by General MIDI drum note numbers.
 */
export class DrumKit {
  readonly output: Tone.Volume
  private readonly kick = new Tone.MembraneSynth({
    pitchDecay: 0.04,
    octaves: 6,
    envelope: { attack: 0.001, decay: 0.3, sustain: 0, release: 0.05 }
  })
  private readonly tom = new Tone.MembraneSynth({
    pitchDecay: 0.03,
    octaves: 2,
    envelope: { attack: 0.001, decay: 0.35, sustain: 0, release: 0.05 }
  })
  private readonly snareBody = new Tone.MembraneSynth({
    pitchDecay: 0.01,
    octaves: 1.5,
    envelope: { attack: 0.001, decay: 0.12, sustain: 0, release: 0.03 }
  })
  private readonly snare = new Tone.NoiseSynth({
    noise: { type: 'white' },
    envelope: { attack: 0.001, decay: 0.16, sustain: 0, release: 0.03 }
  })
  private readonly clap = new Tone.NoiseSynth({
    noise: { type: 'pink' },
    envelope: { attack: 0.003, decay: 0.1, sustain: 0, release: 0.03 }
  })
  private readonly closedHat = this.metal(0.05, 6000, -14)
  private readonly openHat = this.metal(0.35, 6000, -16)
  private readonly crash = this.metal(1.4, 4500, -10)
  private readonly ride = this.metal(0.7, 7000, -14)
  private readonly perc = this.metal(0.08, 3000, -16)

  constructor(opts: Partial<DrumKitOptions> = {}) {
    const o = { ...DrumKit.getDefaults(), ...opts }
    this.output = new Tone.Volume(o.volume)
    for (const v of this.voices()) v.connect(this.output)
  }

  /** 0 dB. */
  static getDefaults(): DrumKitOptions {
    return { volume: 0 }
  }

  private metal(decay: number, resonance: number, volume: number): Tone.MetalSynth {
    return new Tone.MetalSynth({
      envelope: { attack: 0.001, decay, release: 0.05 },
      harmonicity: 5.1,
      modulationIndex: 32,
      resonance,
      octaves: 1.5,
      volume
    })
  }

  private voices(): Tone.ToneAudioNode[] {
    const { kick, tom, snareBody, snare, clap, closedHat, openHat, crash, ride, perc } = this
    return [kick, tom, snareBody, snare, clap, closedHat, openHat, crash, ride, perc]
  }

  /** Hit a GM drum note at a time with a velocity 0..1 (drum hits ignore note length). */
  hit(note: number, time: Tone.Unit.Time, velocity = 1): void {
    const voice = drumVoiceOf(note)
    if (voice === 'kick') this.kick.triggerAttackRelease(45, 0.1, time, velocity)
    else if (voice === 'tom') this.tom.triggerAttackRelease(tomHz(note), 0.1, time, velocity)
    else if (voice === 'snare') {
      this.snare.triggerAttackRelease(0.1, time, velocity * 0.8)
      this.snareBody.triggerAttackRelease(180, 0.05, time, velocity * 0.7)
    } else if (voice === 'clap') this.clap.triggerAttackRelease(0.08, time, velocity)
    else if (voice === 'closedHat') this.closedHat.triggerAttackRelease(300, 0.03, time, velocity)
    else if (voice === 'openHat') this.openHat.triggerAttackRelease(300, 0.2, time, velocity)
    else if (voice === 'crash') this.crash.triggerAttackRelease(250, 0.8, time, velocity)
    else if (voice === 'ride') this.ride.triggerAttackRelease(400, 0.4, time, velocity)
    else this.perc.triggerAttackRelease(200 + (note % 12) * 40, 0.05, time, velocity)
  }

  /** Free every synth. */
  dispose(): void {
    for (const v of this.voices()) v.dispose()
    this.output.dispose()
  }
}
