// Untrusted zip reading for .npz (N1): yauzl with validateEntrySizes, limits decided from the central directory before inflating.
import yauzl from 'yauzl'
import { ImportError } from '../midi/errors'

/** The N1 limits on an .npz archive. */
export interface ZipLimits {
  maxEntries: number
  maxEntryBytes: number
  maxTotalBytes: number
  maxRatio: number
}

/** Default N1 limits: 64 entries, 64 MiB each, 256 MiB in all, 200:1. */
export const NPZ_LIMITS: ZipLimits = {
  maxEntries: 64,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200
}

const NAME = /^[A-Za-z0-9_.]+\.(npy|json)$/

function limitError(file: string, message: string): ImportError {
  return new ImportError(file, 'zip-limits', message)
}

/** Why an entry breaks the limits, or null. `total` is the declared size of the entries before it. */
function checkEntry(e: yauzl.Entry, total: number, limits: ZipLimits): string | null {
  if (!NAME.test(e.fileName) || e.fileName.includes('..'))
    return `entry name ${JSON.stringify(e.fileName)} is not allowed`
  if (e.uncompressedSize > limits.maxEntryBytes)
    return `${e.fileName} declares ${e.uncompressedSize} bytes (limit ${limits.maxEntryBytes})`
  if (total + e.uncompressedSize > limits.maxTotalBytes)
    return `entries declare more than ${limits.maxTotalBytes} bytes in all`
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
    return `${e.fileName}: compression method ${e.compressionMethod}`
  const ratio = e.uncompressedSize / Math.max(1, e.compressedSize)
  if (ratio > limits.maxRatio)
    return `${e.fileName} would inflate ${Math.round(ratio)}:1 (limit ${limits.maxRatio}:1)`
  return null
}

function readEntry(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'))
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('error', reject)
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    })
  })
}

function openZip(file: string, bytes: Uint8Array): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      options,
      (err, zip) => {
        if (err || !zip)
          reject(
            new ImportError(file, 'bad-zip', `not a readable zip: ${err?.message ?? 'unknown'}`)
          )
        else resolve(zip)
      }
    )
  })
}

/** Read every member of an untrusted zip into memory, enforcing the limits before inflating; throws ImportError. */
export async function readZip(
  file: string,
  bytes: Uint8Array,
  limits: ZipLimits = NPZ_LIMITS
): Promise<Map<string, Uint8Array>> {
  const zip = await openZip(file, bytes)
  try {
    if (zip.entryCount > limits.maxEntries)
      throw limitError(file, `${zip.entryCount} entries (limit ${limits.maxEntries})`)
    return await readEntries(file, zip, limits)
  } finally {
    zip.close()
  }
}

function readEntries(
  file: string,
  zip: yauzl.ZipFile,
  limits: ZipLimits
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>()
  let total = 0
  return new Promise((resolve, reject) => {
    zip.on('error', (err: Error) => reject(new ImportError(file, 'bad-zip', err.message)))
    zip.on('end', () => resolve(out))
    zip.on('entry', (e: yauzl.Entry) => {
      const problem = checkEntry(e, total, limits)
      if (problem) return reject(limitError(file, problem))
      if (out.has(e.fileName)) return reject(limitError(file, `duplicate entry ${e.fileName}`))
      total += e.uncompressedSize
      readEntry(zip, e).then(
        (data) => {
          out.set(e.fileName, data)
          zip.readEntry()
        },
        (err: Error) => reject(new ImportError(file, 'bad-zip', `${e.fileName}: ${err.message}`))
      )
    })
    zip.readEntry()
  })
}
