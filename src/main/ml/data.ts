// The trainer's view of a dataset and its data order: a seeded permutation per epoch, so the cursor is just the step.
import { mulberry32 } from '../../shared/random'

/** Identity of the data a run trains on (checked on resume so a checkpoint never continues on other data). */
export interface DatasetIdentity {
  name: string
  /** Content hash of the dataset cache, when the dataset provides one. */
  hash?: string
  count: number
}

/** Source of training examples: `batch` returns the rolls for the given indices as NHWC float32 (0/1). */
export interface BatchSource {
  readonly count: number
  readonly identity: DatasetIdentity
  batch(indices: number[]): Float32Array | Promise<Float32Array>
  /** Releases what the source holds open (a dataset's cache file); absent when it holds nothing. */
  close?(): Promise<void>
}

// The seeded PRNG and the epoch permutation are the app's one random source (src/shared/random), re-exported here.
export { mulberry32, permutation } from '../../shared/random'

/** Synthetic binary rolls (a seeded ~3 % density plus a repeating motif), for tests and benchmarks without a dataset. */
export function syntheticSource(
  count: number,
  shape: [number, number, number],
  seed = 1
): BatchSource {
  const size = shape[0] * shape[1] * shape[2]
  const make = (i: number) => {
    const rand = mulberry32(seed * 7919 + i)
    const out = new Float32Array(size)
    for (let k = 0; k < size; k++) out[k] = rand() < 0.03 ? 1 : 0
    return out
  }
  return {
    count,
    identity: { name: `synthetic-${seed}`, count },
    batch(indices) {
      const out = new Float32Array(indices.length * size)
      indices.forEach((idx, j) => out.set(make(idx), j * size))
      return out
    }
  }
}
