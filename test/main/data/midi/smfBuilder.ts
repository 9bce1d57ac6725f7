// Tiny SMF byte builders for crafting valid and malformed files inside tests.

/** A variable-length quantity (no 4-byte cap: tests craft over-long ones on purpose with raw bytes). */
export function vlq(value: number): number[] {
  const out = [value & 0x7f]
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128))
    out.unshift((v & 0x7f) | 0x80)
  return out
}

/** A 4-byte big-endian number. */
export function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
}

/** An MThd chunk. */
export function header(format: number, ntracks: number, division: number): number[] {
  return [
    0x4d,
    0x54,
    0x68,
    0x64,
    ...u32(6),
    0,
    format,
    ntracks >> 8,
    ntracks & 0xff,
    division >> 8,
    division & 0xff
  ]
}

/** An MTrk chunk around raw event bytes; `length` overrides the declared length. */
export function mtrk(body: number[], length = body.length): number[] {
  return [0x4d, 0x54, 0x72, 0x6b, ...u32(length), ...body]
}

export const EOT = [0, 0xff, 0x2f, 0]

/** Note on + note off after `len` ticks. */
export function note(ch: number, pitch: number, len: number, vel = 100, delta = 0): number[] {
  return [...vlq(delta), 0x90 | ch, pitch, vel, ...vlq(len), 0x80 | ch, pitch, 0]
}

/** A whole file from track bodies (EOT appended). */
export function smf(format: number, division: number, bodies: number[][]): Uint8Array {
  let bytes = header(format, bodies.length, division)
  for (const b of bodies) bytes = bytes.concat(mtrk(b.concat(EOT)))
  return Uint8Array.from(bytes)
}
