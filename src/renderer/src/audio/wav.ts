/** A PCM source the WAV encoder reads: an AudioBuffer or anything shaped like one. */
export interface PcmSource {
  numberOfChannels: number
  sampleRate: number
  length: number
  getChannelData(channel: number): Float32Array
}

function writeAscii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i))
}

/**
 * Encode audio as a 16-bit PCM RIFF/WAVE file (interleaved channels, samples clipped to -1..1); `between` runs after
 * every `sliceFrames` frames (an export awaits a yield to the page there).
 */
export async function encodeWavSliced(
  buffer: PcmSource,
  between: () => Promise<void>,
  sliceFrames = 44100
): Promise<ArrayBuffer> {
  const out = wavHeader(buffer)
  for (let from = 0; from < buffer.length; from += sliceFrames) {
    writeFrames(buffer, out, from, Math.min(buffer.length, from + sliceFrames))
    await between()
  }
  return out
}

/** Encode audio as a 16-bit PCM RIFF/WAVE file in one go (see encodeWavSliced). */
export function encodeWav(buffer: PcmSource): ArrayBuffer {
  const out = wavHeader(buffer)
  writeFrames(buffer, out, 0, buffer.length)
  return out
}

/** The file with its 44-byte header written and room for every frame. */
function wavHeader(buffer: PcmSource): ArrayBuffer {
  const channels = buffer.numberOfChannels
  const frames = buffer.length
  const bytes = frames * channels * 2
  const out = new ArrayBuffer(44 + bytes)
  const view = new DataView(out)
  writeAscii(view, 0, 'RIFF')
  view.setUint32(4, 36 + bytes, true)
  writeAscii(view, 8, 'WAVE')
  writeAscii(view, 12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true)
  view.setUint16(22, channels, true)
  view.setUint32(24, buffer.sampleRate, true)
  view.setUint32(28, buffer.sampleRate * channels * 2, true)
  view.setUint16(32, channels * 2, true)
  view.setUint16(34, 16, true)
  writeAscii(view, 36, 'data')
  view.setUint32(40, bytes, true)
  return out
}

/** Write frames [from, to) into a file made by wavHeader. */
function writeFrames(buffer: PcmSource, out: ArrayBuffer, from: number, to: number): void {
  const channels = buffer.numberOfChannels
  const view = new DataView(out)
  const data = Array.from({ length: channels }, (_, c) => buffer.getChannelData(c))
  let o = 44 + from * channels * 2
  for (let i = from; i < to; i++) {
    for (let c = 0; c < channels; c++) {
      const s = Math.max(-1, Math.min(1, data[c][i]))
      view.setInt16(o, s < 0 ? s * 0x8000 : s * 0x7fff, true)
      o += 2
    }
  }
}
