// Test-only writers: .npy arrays, zip archives (honest or lying), and LPD-17 .npz files, in plain JS (no numpy needed in CI).
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib'

/** One zip member: bytes to store or deflate, or a pre-deflated payload with its true size and CRC. */
export interface ZipMember {
  name: string
  data?: Uint8Array
  deflate?: boolean
  raw?: { compressed: Buffer; size: number; crc: number }
  /** Declared uncompressed size in both headers (to make a lying zip). */
  declaredSize?: number
}

function le(n: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes)
  if (bytes === 2) b.writeUInt16LE(n)
  else b.writeUInt32LE(n >>> 0)
  return b
}

/** A zip archive of the members (no zip64, no data descriptors). */
export function zip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const m of members) {
    const data = m.data ?? new Uint8Array(0)
    const payload = m.raw?.compressed ?? (m.deflate ? deflateRawSync(data) : Buffer.from(data))
    const method = m.raw || m.deflate ? 8 : 0
    const crc = m.raw?.crc ?? crc32(data)
    const size = m.declaredSize ?? m.raw?.size ?? data.length
    const name = Buffer.from(m.name)
    const common = [
      le(method, 2),
      le(0, 2),
      le(0x21, 2),
      le(crc, 4),
      le(payload.length, 4),
      le(size, 4),
      le(name.length, 2),
      le(0, 2)
    ]
    const local = Buffer.concat([le(0x04034b50, 4), le(20, 2), le(0, 2), ...common, name, payload])
    const central = Buffer.concat([
      le(0x02014b50, 4),
      le(20, 2),
      le(20, 2),
      le(0, 2),
      ...common,
      le(0, 2),
      le(0, 2),
      le(0, 2),
      le(0, 4),
      le(offset, 4),
      name
    ])
    locals.push(local)
    centrals.push(central)
    offset += local.length
  }
  const cd = Buffer.concat(centrals)
  const n = members.length
  const end = Buffer.concat([
    le(0x06054b50, 4),
    le(0, 2),
    le(0, 2),
    le(n, 2),
    le(n, 2),
    le(cd.length, 4),
    le(offset, 4),
    le(0, 2)
  ])
  return Buffer.concat([...locals, cd, end])
}

/** A .npy v1.0 file from a dtype ('|b1', '<i4', ...), a shape and raw little-endian data bytes. */
export function npyRaw(
  descr: string,
  shape: number[],
  data: Uint8Array,
  fortran = false,
  headerText?: string
): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let text =
    headerText ??
    `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`
  text += ' '.repeat((64 - ((10 + text.length + 1) % 64)) % 64) + '\n'
  const head = Buffer.from([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    text.length & 0xff,
    text.length >> 8
  ])
  return new Uint8Array(Buffer.concat([head, Buffer.from(text, 'latin1'), Buffer.from(data)]))
}

/** A .npy of numbers in a given dtype. */
export function npy(
  descr: '|b1' | '|u1' | '<i4' | '<i8' | '<f8',
  shape: number[],
  values: number[]
): Uint8Array {
  let data: Uint8Array
  if (descr === '<i4') data = new Uint8Array(Int32Array.from(values).buffer)
  else if (descr === '<i8') data = new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer)
  else if (descr === '<f8') data = new Uint8Array(Float64Array.from(values).buffer)
  else data = Uint8Array.from(values)
  return npyRaw(descr, shape, data)
}

/** One LPD track to write: its non-zero cells [step, pitch, value]. */
export interface LpdTrack {
  program: number
  isDrum: boolean
  name: string
  steps: number
  cells: [number, number, number][]
  data?: '|b1' | '|u1'
  index?: '<i4' | '<i8'
}

/** The four CSC members of one track (columns = pitches, rows = steps), as pypianoroll writes them. */
export function cscMembers(i: number, t: LpdTrack, deflate = true): ZipMember[] {
  const cells = [...t.cells].sort((a, b) => a[1] - b[1] || a[0] - b[0])
  const indptr = new Array(129).fill(0)
  for (const [, p] of cells) indptr[p + 1]++
  for (let p = 0; p < 128; p++) indptr[p + 1] += indptr[p]
  const idx = t.index ?? '<i4'
  const p = `pianoroll_${i}_csc_`
  return [
    {
      name: `${p}data.npy`,
      data: npy(
        t.data ?? '|u1',
        [cells.length],
        cells.map((c) => c[2])
      ),
      deflate: true
    },
    {
      name: `${p}indices.npy`,
      data: npy(
        idx,
        [cells.length],
        cells.map((c) => c[0])
      ),
      deflate: true
    },
    { name: `${p}indptr.npy`, data: npy(idx, [129], indptr), deflate },
    { name: `${p}shape.npy`, data: npy('<i8', [2], [t.steps, 128]), deflate }
  ]
}

/** An LPD-17 style .npz: CSC members per track plus info.json (key `resolution` or the older `beat_resolution`). */
export function lpdNpz(
  tracks: LpdTrack[],
  opts: {
    resolution?: number
    key?: 'resolution' | 'beat_resolution'
    tempo?: number[]
    deflate?: boolean
  } = {}
): Buffer {
  const info: Record<string, unknown> = {
    [opts.key ?? 'resolution']: opts.resolution ?? 24,
    name: 'test song'
  }
  tracks.forEach(
    (t, i) => (info[String(i)] = { program: t.program, is_drum: t.isDrum, name: t.name })
  )
  const members = tracks.flatMap((t, i) => cscMembers(i, t, opts.deflate ?? true))
  if (opts.tempo)
    members.push({
      name: 'tempo.npy',
      data: npy('<f8', [opts.tempo.length, 1], opts.tempo),
      deflate: true
    })
  members.push({ name: 'info.json', data: new TextEncoder().encode(JSON.stringify(info)) })
  return zip(members)
}

/** 200 MiB of zeros deflated at level 9 (about 200 KB), streamed so the test never holds 200 MiB. */
export async function zeroBomb(
  mib = 200
): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const chunk = Buffer.alloc(1024 * 1024)
  const deflate = createDeflateRaw({ level: 9 })
  const parts: Buffer[] = []
  deflate.on('data', (b: Buffer) => parts.push(b))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  let crc = 0
  for (let i = 0; i < mib; i++) {
    crc = crc32(chunk, crc)
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r))
  }
  deflate.end()
  await done
  return { compressed: Buffer.concat(parts), size: mib * 1024 * 1024, crc }
}
