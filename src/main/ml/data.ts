// The trainer's view of a dataset and its data order: a seeded permutation per epoch, so the cursor is just the step.

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
}

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher-Yates permutation of 0..n-1 from a seed. */
export function permutation(n: number, seed: number): number[] {
  const rand = mulberry32(seed)
  const p = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[p[i], p[j]] = [p[j], p[i]]
  }
  return p
}

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
