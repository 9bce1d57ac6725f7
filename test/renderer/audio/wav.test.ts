import { describe, expect, it } from 'vitest'
import { encodeWav, encodeWavSliced } from '../../../src/renderer/src/audio/wav'

describe('WAV encoding in slices', () => {
  it('writes the same bytes as in one go, yielding between slices', async () => {
    const frames = 10_007
    const data = [0, 1].map((c) =>
      Float32Array.from({ length: frames }, (_, i) => Math.sin(i / (7 + c)) * 1.2)
    )
    const src = {
      numberOfChannels: 2,
      sampleRate: 8000,
      length: frames,
      getChannelData: (c: number) => data[c]
    }
    let yields = 0
    const sliced = await encodeWavSliced(src, async () => void yields++, 1000)
    expect(yields).toBe(11)
    expect(new Uint8Array(sliced)).toEqual(new Uint8Array(encodeWav(src)))
    // Clipped at full scale where the signal goes past 1.
    const samples = new Int16Array(sliced, 44)
    expect(Math.max(...samples)).toBe(0x7fff)
    expect(Math.min(...samples)).toBe(-0x8000)
  })
})
