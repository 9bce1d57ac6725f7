// A minimal PNG encoder (8-bit RGB, no filtering) and a piano-roll renderer, built on node:zlib (pngjs is not installed).
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** Encode RGB pixels (row-major, 3 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new Error('pixel buffer size mismatch')
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++)
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(
      raw,
      y * (width * 3 + 1) + 1
    )
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit, truecolour, deflate, no filter, no interlace
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array())
  ])
}

export function trackColor(t: number, tracks: number): [number, number, number] {
  const h = (t / tracks) * 6
  const x = 1 - Math.abs((h % 2) - 1)
  const rgb = [
    [1, x, 0],
    [x, 1, 0],
    [0, 1, x],
    [0, x, 1],
    [x, 0, 1],
    [1, 0, x]
  ][Math.floor(h) % 6]
  return rgb.map((v) => Math.round(80 + 175 * v)) as [number, number, number]
}

/**
 * Render one roll ([steps][pitches][tracks] values, NHWC) as a PNG: time left to right, pitch bottom to top, each
 * track its own colour where value >= threshold; `scale` pixels per cell.
 */
export function rollToPng(
  roll: ArrayLike<number>,
  shape: [number, number, number],
  threshold = 0.9,
  offset = 0,
  scale = 4
): Buffer {
  const [steps, pitches, tracks] = shape
  const w = steps * scale
  const h = pitches * scale
  const rgb = new Uint8Array(w * h * 3).fill(16)
  for (let t = 0; t < steps; t++)
    for (let p = 0; p < pitches; p++)
      for (let k = 0; k < tracks; k++) {
        if (roll[offset + (t * pitches + p) * tracks + k] < threshold) continue
        const c = trackColor(k, tracks)
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            rgb.set(c, (((pitches - 1 - p) * scale + dy) * w + t * scale + dx) * 3)
        break
      }
  return encodePng(w, h, rgb)
}
