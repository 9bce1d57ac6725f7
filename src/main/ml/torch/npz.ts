// NumPy .npz (a stored zip of .npy arrays) by hand: what numpy.load reads, no compression, no dependency.
import type { NamedArray } from './safetensors'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 (zip's) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const DESCR = (a: NamedArray['data']) =>
  a instanceof Float32Array ? '<f4' : a instanceof Int32Array ? '<i4' : '|u1'

/** One .npy file (format 1.0, C order, header padded to 64 bytes). */
export function encodeNpy(a: Omit<NamedArray, 'name'>): Uint8Array {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`
  let dict = `{'descr': '${DESCR(a.data)}', 'fortran_order': False, 'shape': ${shape}, }`
  const pad = 64 - ((10 + dict.length + 1) % 64)
  dict += ' '.repeat(pad % 64) + '\n'
  const head = Buffer.alloc(10)
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(head)
  head.writeUInt16LE(dict.length, 8)
  const data = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), data])
}

/** A .npz archive of arrays (numpy.load(file)[name]); entries are stored, not deflated. Below 4 GiB. */
export function encodeNpz(arrays: NamedArray[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const a of arrays) {
    const name = Buffer.from(`${a.name}.npy`)
    const data = encodeNpy(a)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    centrals.push(central, name)
    offset += 30 + name.length + data.length
  }
  const cdSize = centrals.reduce((s, b) => s + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(arrays.length, 8)
  end.writeUInt16LE(arrays.length, 10)
  end.writeUInt32LE(cdSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}
