import * as Tone from 'tone'

/** What a family's voice must do: the part of PolySynth the Player uses. */
export interface PolyVoice {
  triggerAttackRelease(
    note: Tone.Unit.Frequency,
    duration: Tone.Unit.Time,
    time?: Tone.Unit.Time,
    velocity?: number
  ): unknown
  releaseAll(time?: Tone.Unit.Time): unknown
  connect(destination: Tone.InputNode): unknown
  dispose(): unknown
}

/** A family's sound: a factory of its polyphonic voice and a level trim that balances the families. */
export interface FamilyPreset {
  make: () => PolyVoice
  /** Trim in decibels so families sit at similar loudness. */
  trimDb: number
}

const env = (attack: number, decay: number, sustain: number, release: number) => ({
  attack,
  decay,
  sustain,
  release
})

// Voice options differ per class; PolySynth checks them at run time, so they are passed untyped here.
const poly = (voice: new () => Tone.ToneAudioNode, options: object): PolyVoice => {
  const synth = new Tone.PolySynth(voice as never, options as never)
  synth.maxPolyphony = 48
  return synth as unknown as PolyVoice
}

/**
 * Synthesised sounds for the 16 pitched LPD-17 families (index 1..16; Drums is the DrumKit). Built from
 * Tone's oscillators and envelopes only: no samples, nothing fetched from a network.
 */
export const FAMILY_PRESETS: Record<number, FamilyPreset> = {
  1: {
    make: () =>
      poly(Tone.Synth, { oscillator: { type: 'triangle8' }, envelope: env(0.002, 1.2, 0.05, 0.4) }),
    trimDb: -4
  },
  2: {
    make: () =>
      poly(Tone.FMSynth, {
        harmonicity: 3.5,
        modulationIndex: 12,
        envelope: env(0.001, 0.9, 0, 0.6),
        modulationEnvelope: env(0.001, 0.3, 0, 0.3)
      }),
    trimDb: -8
  },
  3: {
    make: () =>
      poly(Tone.Synth, {
        oscillator: { type: 'custom', partials: [1, 0.8, 0.4, 0.6, 0, 0.3, 0, 0.2] },
        envelope: env(0.01, 0.1, 0.9, 0.08)
      }),
    trimDb: -10
  },
  4: {
    make: () =>
      poly(Tone.MonoSynth, {
        oscillator: { type: 'sawtooth' },
        filter: { Q: 2, type: 'lowpass' },
        envelope: env(0.003, 0.5, 0.2, 0.3),
        filterEnvelope: {
          attack: 0.001,
          decay: 0.25,
          sustain: 0.2,
          release: 0.3,
          baseFrequency: 300,
          octaves: 3.5
        }
      }),
    trimDb: -8
  },
  5: {
    make: () =>
      poly(Tone.MonoSynth, {
        oscillator: { type: 'square' },
        filter: { Q: 1, type: 'lowpass' },
        envelope: env(0.005, 0.3, 0.6, 0.1),
        filterEnvelope: {
          attack: 0.002,
          decay: 0.2,
          sustain: 0.3,
          release: 0.2,
          baseFrequency: 120,
          octaves: 2.5
        }
      }),
    trimDb: -6
  },
  6: {
    make: () =>
      poly(Tone.Synth, {
        oscillator: { type: 'fatsawtooth', count: 3, spread: 18 },
        envelope: env(0.25, 0.2, 0.85, 0.6)
      }),
    trimDb: -16
  },
  7: {
    make: () =>
      poly(Tone.Synth, {
        oscillator: { type: 'fatsawtooth', count: 4, spread: 30 },
        envelope: env(0.35, 0.3, 0.8, 0.9)
      }),
    trimDb: -18
  },
  8: {
    make: () =>
      poly(Tone.MonoSynth, {
        oscillator: { type: 'sawtooth' },
        filter: { Q: 1.5, type: 'lowpass' },
        envelope: env(0.04, 0.2, 0.8, 0.15),
        filterEnvelope: {
          attack: 0.06,
          decay: 0.3,
          sustain: 0.6,
          release: 0.2,
          baseFrequency: 400,
          octaves: 3
        }
      }),
    trimDb: -10
  },
  9: {
    make: () =>
      poly(Tone.AMSynth, {
        harmonicity: 2,
        oscillator: { type: 'square' },
        modulation: { type: 'triangle' },
        envelope: env(0.03, 0.2, 0.8, 0.15)
      }),
    trimDb: -10
  },
  10: {
    make: () =>
      poly(Tone.Synth, { oscillator: { type: 'sine4' }, envelope: env(0.06, 0.2, 0.8, 0.25) }),
    trimDb: -6
  },
  11: {
    make: () =>
      poly(Tone.Synth, {
        oscillator: { type: 'pulse', width: 0.3 },
        envelope: env(0.005, 0.1, 0.7, 0.12)
      }),
    trimDb: -14
  },
  12: {
    make: () =>
      poly(Tone.Synth, {
        oscillator: { type: 'fatsquare', count: 3, spread: 25 },
        envelope: env(0.6, 0.5, 0.8, 1.5)
      }),
    trimDb: -18
  },
  13: {
    make: () =>
      poly(Tone.FMSynth, {
        harmonicity: 1.41,
        modulationIndex: 25,
        envelope: env(0.1, 0.4, 0.5, 0.8)
      }),
    trimDb: -14
  },
  14: {
    make: () =>
      poly(Tone.FMSynth, {
        harmonicity: 2.02,
        modulationIndex: 6,
        envelope: env(0.002, 0.7, 0.05, 0.4),
        modulationEnvelope: env(0.002, 0.2, 0.1, 0.2)
      }),
    trimDb: -8
  },
  15: {
    make: () =>
      poly(Tone.MembraneSynth, { pitchDecay: 0.02, octaves: 2, envelope: env(0.001, 0.3, 0, 0.2) }),
    trimDb: -6
  },
  16: {
    make: () =>
      poly(Tone.FMSynth, {
        harmonicity: 7.3,
        modulationIndex: 40,
        oscillator: { type: 'sawtooth' },
        envelope: env(0.01, 0.5, 0.2, 0.5)
      }),
    trimDb: -6
  }
}
