import * as Tone from 'tone'
import { VoicePool } from './VoicePool'

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

const membrane = (pitchDecay: number, octaves: number, decay: number, release: number) => () =>
  new Tone.MembraneSynth({
    pitchDecay,
    octaves,
    envelope: { attack: 0.001, decay, sustain: 0, release }
  })

const noise = (type: 'white' | 'pink', attack: number, decay: number) => () =>
  new Tone.NoiseSynth({ noise: { type }, envelope: { attack, decay, sustain: 0, release: 0.03 } })

const metal = (decay: number, resonance: number, volume: number) => () =>
  new Tone.MetalSynth({
    envelope: { attack: 0.001, decay, release: 0.05 },
    harmonicity: 5.1,
    modulationIndex: 32,
    resonance,
    octaves: 1.5,
    volume
  })

/**
 * A drum kit synthesised from Tone's MembraneSynth (kick, toms, snare body), NoiseSynth (snare,
 * clap) and MetalSynth (hats, cymbals), played by General MIDI drum note numbers. Each sound is a
 * VoicePool, so any number of hits at one instant (two snares and a hat on one tick) all sound.
 */
export class DrumKit {
  readonly output: Tone.Volume
  private readonly pools: Record<DrumVoice | 'snareBody', VoicePool<Tone.ToneAudioNode>>

  constructor(opts: Partial<DrumKitOptions> = {}) {
    const o = { ...DrumKit.getDefaults(), ...opts }
    this.output = new Tone.Volume(o.volume)
    const pool = (make: () => Tone.ToneAudioNode) => new VoicePool(make, this.output)
    this.pools = {
      kick: pool(membrane(0.04, 6, 0.3, 0.05)),
      tom: pool(membrane(0.03, 2, 0.35, 0.05)),
      snareBody: pool(membrane(0.01, 1.5, 0.12, 0.03)),
      snare: pool(noise('white', 0.001, 0.16)),
      clap: pool(noise('pink', 0.003, 0.1)),
      closedHat: pool(metal(0.05, 6000, -14)),
      openHat: pool(metal(0.35, 6000, -16)),
      crash: pool(metal(1.4, 4500, -10)),
      ride: pool(metal(0.7, 7000, -14)),
      perc: pool(metal(0.08, 3000, -16))
    }
  }

  /** 0 dB. */
  static getDefaults(): DrumKitOptions {
    return { volume: 0 }
  }

  /** Make one synth of every sound ahead of playback, so the first hits do not wait for construction. */
  prepare(): void {
    for (const p of Object.values(this.pools)) if (p.size === 0) p.at(-1)
  }

  /**
   * Steps that each make one synth, so that these hits find every synth they need made (as many of a sound as hit
   * at one instant): an offline render runs them between yields instead of making synths inside the schedule.
   */
  preparation(hits: readonly { pitch: number; start: number }[]): (() => void)[] {
    const atOnce = new Map<string, number>()
    const need = new Map<DrumVoice | 'snareBody', number>()
    for (const h of hits) {
      const voice = drumVoiceOf(h.pitch)
      for (const v of voice === 'snare' ? (['snare', 'snareBody'] as const) : [voice]) {
        const key = `${h.start}:${v}`
        const n = (atOnce.get(key) ?? 0) + 1
        atOnce.set(key, n)
        need.set(v, Math.max(need.get(v) ?? 0, n))
      }
    }
    return [...need].flatMap(([v, n]) =>
      Array.from({ length: Math.max(0, n - this.pools[v].size) }, () => () => this.pools[v].grow())
    )
  }

  /** Hit a GM drum note at a time with a velocity 0..1 (drum hits ignore note length). */
  hit(note: number, time: Tone.Unit.Time, velocity = 1): void {
    const t = this.output.toSeconds(time)
    const voice = drumVoiceOf(note)
    const pitched = (v: DrumVoice | 'snareBody', hz: number, length: number, vel = velocity) =>
      (this.pools[v].at(t) as Tone.MembraneSynth | Tone.MetalSynth | null)?.triggerAttackRelease(
        hz,
        length,
        t,
        vel
      )
    const noisy = (v: 'snare' | 'clap', length: number, vel: number) =>
      (this.pools[v].at(t) as Tone.NoiseSynth | null)?.triggerAttackRelease(length, t, vel)
    if (voice === 'kick') pitched('kick', 45, 0.1)
    else if (voice === 'tom') pitched('tom', tomHz(note), 0.1)
    else if (voice === 'snare') {
      noisy('snare', 0.1, velocity * 0.8)
      pitched('snareBody', 180, 0.05, velocity * 0.7)
    } else if (voice === 'clap') noisy('clap', 0.08, velocity)
    else if (voice === 'closedHat') pitched('closedHat', 300, 0.03)
    else if (voice === 'openHat') pitched('openHat', 300, 0.2)
    else if (voice === 'crash') pitched('crash', 250, 0.8)
    else if (voice === 'ride') pitched('ride', 400, 0.4)
    else pitched('perc', 200 + (note % 12) * 40, 0.05)
  }

  /** Free every synth. */
  dispose(): void {
    for (const p of Object.values(this.pools)) p.dispose()
    this.output.dispose()
  }
}
