// Adapter from music-core's dataset folders (manifest + bit-packed cache) to the trainer's BatchSource.
import { createHash } from 'node:crypto'
import { DatasetReader } from '../data/dataset'
import { rollSteps } from '../../shared/music/pianoroll'
import type { BatchSource } from './data'

/** Open a built dataset folder as a BatchSource; throws when its roll shape differs from the model's. */
export async function openDatasetSource(
  dir: string,
  name: string,
  shape: [number, number, number]
): Promise<BatchSource & { close(): Promise<void> }> {
  const reader = await DatasetReader.open(dir)
  const c = reader.manifest.config
  const got: [number, number, number] = [rollSteps(c), c.pitchCount, 17]
  if (got.join() !== shape.join()) {
    await reader.close()
    throw new Error(
      `dataset ${name} has rolls ${got.join('x')}, the model wants ${shape.join('x')}`
    )
  }
  const h = createHash('sha256').update(JSON.stringify(c))
  for (const f of reader.manifest.files) h.update(f.sha256)
  h.update(String(reader.count))
  const size = reader.segmentSize
  return {
    count: reader.count,
    identity: { name, hash: h.digest('hex'), count: reader.count },
    async batch(indices) {
      const out = new Float32Array(indices.length * size)
      for (let b = 0; b < indices.length; b++) await reader.read(indices[b], out, b * size)
      return out
    },
    close: () => reader.close()
  }
}
