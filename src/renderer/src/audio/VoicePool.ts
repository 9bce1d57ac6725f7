import type * as Tone from 'tone'

/** Options of a VoicePool. */
export interface VoicePoolOptions {
  /** Most synths one sound keeps; a hit beyond them at one instant is dropped. */
  max: number
}

/**
 * The synths of one drum sound, made as needed so that hits at the same instant each get their own: a Tone
 * source refuses a second start at the time of its last one ("Start time must be strictly greater..."). A hit
 * takes the least recently started synth whose last start is earlier than it.
 */
export class VoicePool<T extends Tone.ToneAudioNode> {
  private readonly voices: { synth: T; last: number }[] = []
  private readonly max: number

  constructor(
    private readonly make: () => T,
    private readonly output: Tone.InputNode,
    opts: Partial<VoicePoolOptions> = {}
  ) {
    this.max = { ...VoicePool.getDefaults(), ...opts }.max
  }

  /** 8 synths. */
  static getDefaults(): VoicePoolOptions {
    return { max: 8 }
  }

  /** How many synths exist now. */
  get size(): number {
    return this.voices.length
  }

  /** A synth free to start at `time` (seconds), or null when all `max` start then. */
  at(time: number): T | null {
    let best: { synth: T; last: number } | null = null
    for (const v of this.voices) if (v.last < time - 1e-4 && (!best || v.last < best.last)) best = v
    if (!best) {
      if (this.voices.length >= this.max) return null
      const synth = this.make()
      synth.connect(this.output)
      best = { synth, last: -Infinity }
      this.voices.push(best)
    }
    best.last = time
    return best.synth
  }

  /** Make one more synth now, up to `max` (ahead of a render that will need it). */
  grow(): void {
    if (this.voices.length >= this.max) return
    const synth = this.make()
    synth.connect(this.output)
    this.voices.push({ synth, last: -Infinity })
  }

  /** Free every synth. */
  dispose(): void {
    for (const v of this.voices) v.synth.dispose()
    this.voices.length = 0
  }
}
