/** Root mean square of a signal. */
export function rms(x: Float32Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i] * x[i]
  return Math.sqrt(s / Math.max(1, x.length))
}

/**
 * Onset times in seconds: frames (5 ms) whose RMS jumps to over 2x the louder of the two frames
 * before and over an absolute floor, at least `gap` seconds after the previous onset.
 */
export function onsets(x: Float32Array, rate: number, gap = 0.1, floor = 0.01): number[] {
  const hop = Math.round(rate * 0.005)
  const frames: number[] = []
  for (let i = 0; i + hop <= x.length; i += hop) frames.push(rms(x.subarray(i, i + hop)))
  const out: number[] = []
  for (let f = 0; f < frames.length; f++) {
    const before = Math.max(frames[f - 1] ?? 0, frames[f - 2] ?? 0, floor / 4)
    const t = (f * hop) / rate
    if (
      frames[f] > floor &&
      frames[f] > 2 * before &&
      (out.length === 0 || t - out[out.length - 1] > gap)
    ) {
      out.push(t)
    }
  }
  return out
}
