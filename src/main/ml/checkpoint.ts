// Checkpoint files: magic, JSON header, raw tensor bytes; written atomically, verified by sha256, last 3 kept (T1, T3).
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { basename, join } from 'node:path'
import { writeFileAtomic } from '../library/files'

const MAGIC = Buffer.from('B2BCKPT1')
/** Checkpoint file name suffix. */
export const CHECKPOINT_EXT = '.b2bckpt'
/** How many checkpoints a run keeps. */
export const KEEP_CHECKPOINTS = 3

/** One stored tensor: name, shape, dtype (float32 or int32) and where its bytes are in the payload. */
export interface TensorSpec {
  name: string
  shape: number[]
  dtype: 'float32' | 'int32'
  offset: number
  byteLength: number
}

/** A named tensor value as stored (typed array keeps the dtype). */
export interface StoredTensor {
  name: string
  shape: number[]
  data: Float32Array | Int32Array
}

/** What a checkpoint file holds: free-form JSON metadata and tensors. */
export interface CheckpointContent<M> {
  meta: M
  tensors: StoredTensor[]
}

/** sha256 over the tensor payload only: equal for bit-identical weights and optimizer state, whatever the metadata. */
export function stateHash(tensors: StoredTensor[]): string {
  const h = createHash('sha256')
  for (const t of tensors) {
    h.update(t.name)
    h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
  }
  return h.digest('hex')
}

/** Serialise a checkpoint to the chunks of its file. */
export function encodeCheckpoint<M>(c: CheckpointContent<M>): Uint8Array[] {
  let offset = 0
  const specs: TensorSpec[] = c.tensors.map((t) => {
    const spec: TensorSpec = {
      name: t.name,
      shape: t.shape,
      dtype: t.data instanceof Int32Array ? 'int32' : 'float32',
      offset,
      byteLength: t.data.byteLength
    }
    offset += t.data.byteLength
    return spec
  })
  const body = c.tensors.map(
    (t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)
  )
  const payloadHash = createHash('sha256')
  for (const b of body) payloadHash.update(b)
  const header = Buffer.from(
    JSON.stringify({
      meta: c.meta,
      specs,
      payloadBytes: offset,
      payloadSha256: payloadHash.digest('hex')
    })
  )
  const len = Buffer.alloc(4)
  len.writeUInt32LE(header.length)
  return [MAGIC, len, header, ...body]
}

/** Parse and verify a checkpoint file's bytes; throws on a bad magic, a truncated file or a checksum mismatch. */
export function decodeCheckpoint<M>(buf: Buffer): CheckpointContent<M> {
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) throw new Error('not a checkpoint file')
  const hlen = buf.readUInt32LE(8)
  if (12 + hlen > buf.length) throw new Error('checkpoint truncated (header)')
  const header = JSON.parse(buf.subarray(12, 12 + hlen).toString('utf8'))
  const payload = buf.subarray(12 + hlen)
  if (payload.length !== header.payloadBytes) throw new Error('checkpoint truncated (payload)')
  const sha = createHash('sha256').update(payload).digest('hex')
  if (sha !== header.payloadSha256) throw new Error('checkpoint checksum mismatch')
  const tensors = (header.specs as TensorSpec[]).map((s) => {
    const bytes = payload.subarray(s.offset, s.offset + s.byteLength)
    const copy = new Uint8Array(bytes).buffer // aligned copy
    const data = s.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy)
    return { name: s.name, shape: s.shape, data }
  })
  return { meta: header.meta as M, tensors }
}

/** Write chunks to path atomically (tmp, fsync, rename, fsync dir: the library's one writer); returns the sha256. */
export function writeAtomic(path: string, chunks: Uint8Array[]): string {
  return writeFileAtomic(path, chunks).sha256
}

/** Checkpoint file name for a step (zero-padded so names sort by step). */
export function checkpointName(step: number): string {
  return `ckpt-${String(step).padStart(10, '0')}${CHECKPOINT_EXT}`
}

/** Checkpoint files in a folder, newest (highest step) first. */
export function listCheckpoints(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('ckpt-') && f.endsWith(CHECKPOINT_EXT))
    .sort()
    .reverse()
    .map((f) => join(dir, f))
}

/** Start-up cleanup: delete interrupted writes (*.tmp) left by a crash. Returns how many were removed. */
export function removeTempFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  const tmps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))
  for (const f of tmps) fs.rmSync(join(dir, f), { force: true })
  return tmps.length
}

/** Write a checkpoint into dir, keeping the newest KEEP_CHECKPOINTS (never more on disk, even after a crash). */
export function saveCheckpoint<M>(dir: string, step: number, c: CheckpointContent<M>) {
  const file = join(dir, checkpointName(step))
  // Prune before the write: a kill between the rename and a later prune would leave KEEP + 1 files (T1).
  const older = listCheckpoints(dir).filter((f) => f !== file)
  for (const old of older.slice(KEEP_CHECKPOINTS - 1)) fs.rmSync(old, { force: true })
  const sha256 = writeAtomic(file, encodeCheckpoint(c))
  return { file, sha256 }
}

/** Read and verify one checkpoint file. */
export function loadCheckpoint<M>(file: string): CheckpointContent<M> {
  return decodeCheckpoint<M>(fs.readFileSync(file))
}

/** The newest checkpoint in dir that verifies, falling back past truncated or corrupt ones; null when none does. */
export function loadLatestCheckpoint<M>(
  dir: string
): { file: string; content: CheckpointContent<M>; skipped: string[] } | null {
  const skipped: string[] = []
  for (const file of listCheckpoints(dir)) {
    try {
      return { file, content: loadCheckpoint<M>(file), skipped }
    } catch (err) {
      skipped.push(`${basename(file)}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return null
}
