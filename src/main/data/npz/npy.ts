// Own .npy parser with the N2 rules: magic, version, bounded header, dtype allowlist, exact data length, Fortran order.
import { ImportError } from '../midi/errors'

/** A parsed array: C-order values widened to numbers, with its numpy dtype string and shape. */
export interface NpyArray {
  dtype: string
  shape: number[]
  data: ArrayLike<number>
}

/** Largest header the parser accepts (N2). */
export const MAX_NPY_HEADER = 64 * 1024
const MAX_DIM = 2 ** 31

const ITEM_SIZE: Record<string, number> = {
  b1: 1,
  u1: 1,
  i1: 1,
  i2: 2,
  u2: 2,
  i4: 4,
  u4: 4,
  i8: 8,
  u8: 8,
  f2: 2,
  f4: 4,
  f8: 8
}

function fail(file: string, name: string, message: string): never {
  throw new ImportError(file, 'bad-npy', `${name}: ${message}`)
}

interface Header {
  kind: string
  bigEndian: boolean
  fortran: boolean
  shape: number[]
}

function parseHeader(file: string, name: string, text: string): Header {
  const t = text.trim()
  if (!t.startsWith('{') || !t.endsWith('}')) fail(file, name, 'the header is not a dict')
  const keys = t.match(/'[^']*'\s*:/g) ?? []
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(t)
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(t)
  const shape = /'shape'\s*:\s*\(([^()]*)\)/.exec(t)
  if (keys.length !== 3 || !descr || !fortran || !shape)
    fail(file, name, 'the header must hold exactly descr, fortran_order and shape')
  const m = /^([|<>=])([biuf])(\d)$/.exec(descr[1])
  const kind = m ? m[2] + m[3] : ''
  const size = ITEM_SIZE[kind]
  if (!m || !size) fail(file, name, `dtype ${descr[1]} is not allowed`)
  if (m[1] === '|' && size !== 1) fail(file, name, `dtype ${descr[1]} needs a byte order`)
  const parts = shape[1].split(',').map((s) => s.trim())
  if (parts[parts.length - 1] === '') parts.pop()
  const dims = parts.map((p) => (/^\d{1,10}$/.test(p) ? Number(p) : NaN))
  if (dims.some((d) => !Number.isInteger(d) || d < 0 || d > MAX_DIM))
    fail(file, name, `shape (${shape[1]}) is invalid`)
  return { kind, bigEndian: m[1] === '>', fortran: fortran[1] === 'True', shape: dims }
}

function widen(
  kind: string,
  bytes: Uint8Array,
  count: number,
  file: string,
  name: string
): ArrayLike<number> {
  // Copy to an aligned buffer: the data offset inside the file need not be a multiple of the item size.
  const buf = bytes.slice().buffer
  switch (kind) {
    case 'b1':
    case 'u1':
      return new Uint8Array(buf)
    case 'i1':
      return new Int8Array(buf)
    case 'i2':
      return new Int16Array(buf)
    case 'u2':
      return new Uint16Array(buf)
    case 'i4':
      return new Int32Array(buf)
    case 'u4':
      return new Uint32Array(buf)
    case 'f4':
      return new Float32Array(buf)
    case 'f8':
      return new Float64Array(buf)
    case 'f2':
      return halfs(new Uint16Array(buf))
  }
  const big = kind === 'i8' ? new BigInt64Array(buf) : new BigUint64Array(buf)
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const v = Number(big[i])
    if (!Number.isSafeInteger(v)) fail(file, name, `value ${big[i]} at ${i} is out of range`)
    out[i] = v
  }
  return out
}

function halfs(raw: Uint16Array): Float64Array {
  const out = new Float64Array(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const h = raw[i]
    const e = (h >> 10) & 0x1f
    const f = h & 0x3ff
    const s = h & 0x8000 ? -1 : 1
    out[i] =
      e === 0
        ? s * 2 ** -14 * (f / 1024)
        : e === 31
          ? f
            ? NaN
            : s * Infinity
          : s * 2 ** (e - 15) * (1 + f / 1024)
  }
  return out
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += size)
    for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]
  return out
}

function toCOrder(data: ArrayLike<number>, shape: number[]): ArrayLike<number> {
  if (shape.length < 2) return data
  if (shape.length > 2) throw new Error('unreachable')
  const [rows, cols] = shape
  const out = new Float64Array(rows * cols)
  for (let c = 0; c < cols; c++)
    for (let r = 0; r < rows; r++) out[r * cols + c] = data[c * rows + r]
  return out
}

/** Parse one .npy member; throws ImportError('bad-npy') unless the header and data agree exactly. */
export function parseNpy(file: string, name: string, bytes: Uint8Array): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b))
    fail(file, name, 'not a .npy array (bad magic)')
  const major = bytes[6]
  if (major < 1 || major > 3 || bytes[7] !== 0)
    fail(file, name, `version ${major}.${bytes[7]} is not 1.0, 2.0 or 3.0`)
  const wide = major > 1
  if (wide && bytes.length < 12) fail(file, name, 'truncated header')
  const headerLen = wide
    ? bytes[8] + bytes[9] * 256 + bytes[10] * 65536 + bytes[11] * 16777216
    : bytes[8] + bytes[9] * 256
  const start = wide ? 12 : 10
  if (headerLen > MAX_NPY_HEADER || start + headerLen > bytes.length)
    fail(file, name, `header length ${headerLen} is too long or outside the file`)
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + headerLen)
  )
  const h = parseHeader(file, name, text)
  if (h.fortran && h.shape.length > 2) fail(file, name, 'Fortran order with more than 2 dimensions')
  const size = ITEM_SIZE[h.kind]
  const count = h.shape.reduce((a, b) => a * b, 1)
  const remaining = bytes.length - start - headerLen
  if (count * size !== remaining)
    fail(
      file,
      name,
      `shape (${h.shape.join(', ')}) needs ${count * size} bytes but ${remaining} follow`
    )
  let raw = bytes.subarray(start + headerLen)
  if (h.bigEndian && size > 1) raw = swapBytes(raw, size)
  const data = widen(h.kind, raw, count, file, name)
  return { dtype: h.kind, shape: h.shape, data: h.fortran ? toCOrder(data, h.shape) : data }
}
