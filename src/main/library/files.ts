import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** What an atomic write produced: the checksum and size a database row records for the file. */
export interface WrittenFile {
  path: string
  sha256: string
  size: number
}

/** Suffix of in-flight files; the start-up check deletes any it finds (T1). */
export const TMP_SUFFIX = '.tmp'

/** fsync a directory so a rename inside it survives power loss (no-op where the platform cannot open folders). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch (err) {
    // Windows cannot open a directory for fsync; NTFS metadata journaling covers the rename there.
    if ((err as NodeJS.ErrnoException).code !== 'EISDIR' && process.platform !== 'win32') throw err
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Write a file atomically: <name>.<random>.tmp, fsync, rename over the target, fsync the folder.
 * Readers see the old file or the new one, never a torn one. Returns sha256 and size for the database row;
 * commit that row only after this returns (T1). Chunks are written in order (pass several for big tensors).
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array | string | readonly Uint8Array[]
): WrittenFile {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `${basename(path)}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`)
  const chunks =
    typeof data === 'string' ? [Buffer.from(data)] : data instanceof Uint8Array ? [data] : data
  const hash = createHash('sha256')
  let size = 0
  const fd = openSync(tmp, 'w')
  try {
    for (const chunk of chunks) {
      let off = 0
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off, chunk.byteLength - off)
      hash.update(chunk)
      size += chunk.byteLength
    }
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw err
  }
  closeSync(fd)
  try {
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  fsyncDir(dir)
  return { path, sha256: hash.digest('hex'), size }
}

/** sha256 (hex) and size of a file, streamed so big checkpoints need no big buffer. */
export function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let size = 0
    createReadStream(path)
      .on('data', (chunk) => {
        hash.update(chunk)
        size += chunk.length
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }))
  })
}
