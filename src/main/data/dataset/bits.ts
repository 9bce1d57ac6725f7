/** Pack a 0/1 array into bits, 8 cells per byte, least significant bit first. */
export function packBits(cells: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(cells.length / 8))
  for (let i = 0; i < cells.length; i++) if (cells[i]) out[i >> 3] |= 1 << (i & 7)
  return out
}

/** Unpack `count` cells of packed bits into `out` (Uint8Array or Float32Array) at `offset`. */
export function unpackBits(
  bytes: Uint8Array,
  count: number,
  out: Uint8Array | Float32Array,
  offset = 0
): void {
  for (let i = 0; i < count; i++) out[offset + i] = (bytes[i >> 3] >> (i & 7)) & 1
}

/** Bytes one packed segment of `cells` cells takes. */
export function packedBytes(cells: number): number {
  return Math.ceil(cells / 8)
}
