// Worker entry: read, hash and parse one file per message; every failure goes back as typed ImportErrorData.
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../../workers/priority'
import { ImportError, toImportError } from '../midi/errors'
import { MAX_FILE_BYTES } from '../midi/smf'
import { MAX_NPZ_BYTES, parseBytes } from './parse'
import { packPiece, READY, type ParseReply, type ParseTask } from './protocol'

async function load(task: ParseTask): Promise<Uint8Array> {
  if (task.bytes) return task.bytes
  let size: number
  try {
    size = (await stat(task.file)).size
  } catch (err) {
    throw new ImportError(task.file, 'io', `cannot read the file: ${(err as Error).message}`)
  }
  // Refuse before reading: a MIDI file over 2 MB can never be accepted, an .npz over 256 MiB neither.
  const limit = task.file.toLowerCase().endsWith('.npz') ? MAX_NPZ_BYTES : MAX_FILE_BYTES
  if (size > limit)
    throw new ImportError(task.file, 'too-large', `${size} bytes is over the ${limit}-byte limit`)
  return new Uint8Array(await readFile(task.file))
}

async function handle(task: ParseTask): Promise<{ reply: ParseReply; transfer: ArrayBuffer[] }> {
  let sha256: string | undefined
  try {
    const bytes = await load(task)
    sha256 = createHash('sha256').update(bytes).digest('hex')
    const { piece, report } = await parseBytes(task.file, bytes, { pitchRange: task.pitchRange })
    if (!task.wantPiece) return { reply: { id: task.id, ok: true, sha256, report }, transfer: [] }
    const { packed, transfer } = packPiece(piece)
    return { reply: { id: task.id, ok: true, sha256, report, piece: packed }, transfer }
  } catch (err) {
    return {
      reply: { id: task.id, ok: false, sha256, error: toImportError(task.file, err) },
      transfer: []
    }
  }
}

lowerThreadPriority()

parentPort?.on('message', (task: ParseTask) => {
  handle(task).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer))
})
parentPort?.postMessage(READY)
