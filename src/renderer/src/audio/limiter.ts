import * as Tone from 'tone'

/**
 * The master limiter between the mix and the speakers (live and WAV): a fast compressor (ratio 20, 1 ms attack
 * behind the browser's look-ahead) that holds peaks near -2 dBFS, then a soft clipper that is transparent below
 * 0.9 and bends anything left over into (-1, 1), so nothing ever clips at full scale.
 */
export class MasterLimiter {
  readonly input: Tone.Compressor
  readonly output: Tone.WaveShaper

  constructor() {
    this.input = new Tone.Compressor({
      threshold: -8,
      ratio: 20,
      knee: 0,
      attack: 0.001,
      release: 0.12
    })
    this.output = new Tone.WaveShaper(softClip, 4096)
    this.input.connect(this.output)
  }

  /** Free both nodes. */
  dispose(): void {
    this.input.dispose()
    this.output.dispose()
  }
}

/** Identity up to 0.9, then a tanh knee that approaches ±1 and never reaches it. */
export function softClip(x: number): number {
  const a = Math.abs(x)
  if (a <= 0.9) return x
  return Math.sign(x) * (0.9 + 0.1 * Math.tanh((a - 0.9) / 0.1))
}
