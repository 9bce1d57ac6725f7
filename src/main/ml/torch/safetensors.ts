// safetensors files (huggingface's format) by hand: u64 LE header length, JSON header, raw little-endian tensors.
import { readFileSync } from 'node:fs'

/** A tensor in a safetensors file (float32, int32 or uint8). */
export interface NamedArray {
  name: string
  shape: number[]
  data: Float32Array | Int32Array | Uint8Array
}

const DTYPES = { F32: Float32Array, I32: Int32Array, U8: Uint8Array } as const
type DType = keyof typeof DTYPES

function dtypeOf(a: NamedArray['data']): DType {
  return a instanceof Float32Array ? 'F32' : a instanceof Int32Array ? 'I32' : 'U8'
}

/** Encode tensors and string metadata as the chunks of one safetensors file (header padded to 8 bytes). */
export function encodeSafetensors(
  tensors: NamedArray[],
  metadata: Record<string, string> = {}
): Uint8Array[] {
  const header: Record<string, unknown> = { __metadata__: metadata }
  let offset = 0
  for (const t of tensors) {
    if (t.name in header) throw new Error(`duplicate tensor ${t.name}`)
    const n = t.shape.reduce((a, b) => a * b, 1)
    if (n !== t.data.length)
      throw new Error(`${t.name}: shape ${t.shape} holds ${n}, got ${t.data.length}`)
    header[t.name] = {
      dtype: dtypeOf(t.data),
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength]
    }
    offset += t.data.byteLength
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8)
  const head = Buffer.from(json)
  const len = Buffer.alloc(8)
  len.writeBigUInt64LE(BigInt(head.length))
  const body = tensors.map(
    (t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)
  )
  return [len, head, ...body]
}

/** Parse a safetensors file's bytes; throws a clear error on a truncated or malformed file. */
export function decodeSafetensors(
  buf: Buffer,
  where = 'safetensors file'
): {
  tensors: NamedArray[]
  metadata: Record<string, string>
} {
  if (buf.length < 8) throw new Error(`${where}: too short to be a safetensors file`)
  const hlen = Number(buf.readBigUInt64LE(0))
  if (hlen > buf.length - 8) throw new Error(`${where}: truncated (header)`)
  let header: Record<string, { dtype: DType; shape: number[]; data_offsets: [number, number] }>
  try {
    header = JSON.parse(buf.subarray(8, 8 + hlen).toString('utf8'))
  } catch {
    throw new Error(`${where}: header is not JSON`)
  }
  const body = buf.subarray(8 + hlen)
  const metadata = (header.__metadata__ ?? {}) as unknown as Record<string, string>
  const tensors: NamedArray[] = []
  for (const [name, s] of Object.entries(header)) {
    if (name === '__metadata__') continue
    const Ctor = DTYPES[s.dtype]
    if (!Ctor) throw new Error(`${where}: ${name} has unsupported dtype ${s.dtype}`)
    const [a, b] = s.data_offsets
    if (b > body.length || a > b) throw new Error(`${where}: truncated (${name})`)
    const copy = new Uint8Array(body.subarray(a, b)).buffer // aligned copy
    const data = new Ctor(copy)
    if (data.length !== s.shape.reduce((x, y) => x * y, 1))
      throw new Error(`${where}: ${name} has ${data.length} values for shape ${s.shape}`)
    tensors.push({ name, shape: s.shape, data })
  }
  return { tensors, metadata }
}

/** Read and parse one safetensors file. */
export function readSafetensors(file: string) {
  return decodeSafetensors(readFileSync(file), file)
}
