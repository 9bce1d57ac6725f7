// Adapter from music-core's dataset folders (manifest + bit-packed cache) to the trainer's BatchSource.
import { createHash } from 'node:crypto'
import { DatasetReader, splitSegments } from '../data/dataset'
import { rollSteps, type RollConfig } from '../../shared/music/pianoroll'
import type { BatchSource } from './data'

/** Which segments a source serves: the training side of the dataset's split (default), the held-out side, or all. */
export type SplitSide = 'train' | 'heldout' | 'all'

/**
 * Open a built dataset folder as a BatchSource; throws when its roll shape differs from the model's, or, given the
 * run's roll layout (`roll`), when any field of the dataset's differs (a lowest pitch an octave off trains the same
 * shape and decodes wrong).
 */
export async function openDatasetSource(
  dir: string,
  name: string,
  shape: [number, number, number],
  side: SplitSide = 'train',
  roll?: RollConfig
): Promise<BatchSource & { close(): Promise<void>; segments: number[]; reader: DatasetReader }> {
  const reader = await DatasetReader.open(dir)
  const m = reader.manifest
  const c = m.config
  const got: [number, number, number] = [rollSteps(c), c.pitchCount, 17]
  if (got.join() !== shape.join()) {
    await reader.close()
    throw new Error(
      `dataset ${name} has rolls ${got.join('x')}, the model wants ${shape.join('x')}`
    )
  }
  const diff = roll && rollDifference(roll, c)
  if (diff) {
    await reader.close()
    throw new Error(`dataset ${name} was cut with ${diff}: its rolls do not decode as the model's`)
  }
  const segments = side === 'all' ? m.segments.map((_, i) => i) : splitSegments(m, side)
  const h = createHash('sha256').update(JSON.stringify(c))
  for (const f of m.files) h.update(f.sha256)
  // Manifests without a stored split train on every segment and keep their old identity (runs resume).
  if (m.split || side !== 'train') h.update(`${side}:${m.split?.heldOutFiles.join(',') ?? ''}`)
  h.update(String(segments.length))
  const size = reader.segmentSize
  return {
    count: segments.length,
    segments,
    reader,
    identity: { name, hash: h.digest('hex'), count: segments.length },
    async batch(indices) {
      const out = new Float32Array(indices.length * size)
      for (let b = 0; b < indices.length; b++)
        await reader.read(segments[indices[b]], out, b * size)
      return out
    },
    close: () => reader.close()
  }
}

const ROLL_FIELDS = [
  'stepsPerBeat',
  'bars',
  'beatsPerBar',
  'lowestPitch',
  'pitchCount',
  'drums'
] as const

/** The first field where a dataset's roll layout differs from the one a run was made with, in words; null when equal. */
export function rollDifference(want: RollConfig, got: RollConfig): string | null {
  for (const k of ROLL_FIELDS)
    if ((want[k] ?? 'onset') !== (got[k] ?? 'onset'))
      return `${k} ${got[k]}, the run has ${want[k]}`
  return null
}
