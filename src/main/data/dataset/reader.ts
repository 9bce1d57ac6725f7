import { open, readFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { FAMILY_COUNT } from '../../../shared/music/families'
import { rollSize, rollSteps } from '../../../shared/music/pianoroll'
import { permutation } from '../../../shared/random'
import { unpackBits } from './bits'
import { MANIFEST_NAME, checkManifest, type Manifest } from './manifest'

/** How batches are drawn. */
export interface BatchOptions {
  batchSize: number
  /** Shuffle with this seed (default true, seed 0); the same seed gives the same order. */
  shuffle?: boolean
  seed?: number
  /** 'float32' (0/1 floats, what the model eats; default) or 'uint8'. */
  dtype?: 'float32' | 'uint8'
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean
  /** Only these segment indices (e.g. a train/validation split); default all. */
  indices?: readonly number[]
}

/** One batch: [B, T, P, 17] values and the segment indices they came from. */
export interface Batch<D extends Float32Array | Uint8Array = Float32Array | Uint8Array> {
  data: D
  shape: [number, number, number, number]
  indices: number[]
}

/**
 * Reads a built dataset segment by segment: only the manifest is held in memory; each segment is
 * read from the cache with one positioned read (never the whole file). Call close() when done.
 */
export class DatasetReader {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly handle: FileHandle
  ) {}

  /** Open the dataset in `dir` (throws a clear error when manifest or cache is missing or wrong). */
  static async open(dir: string): Promise<DatasetReader> {
    const where = join(dir, MANIFEST_NAME)
    const manifest = checkManifest(JSON.parse(await readFile(where, 'utf8')), where)
    const handle = await open(join(dir, manifest.cacheFile), 'r')
    const { size } = await handle.stat()
    if (size < manifest.segmentCount * manifest.segmentBytes) {
      await handle.close()
      throw new Error(`${dir}: cache holds ${size} bytes, manifest needs more; rebuild it`)
    }
    return new DatasetReader(dir, manifest, handle)
  }

  /** Number of segments. */
  get count(): number {
    return this.manifest.segmentCount
  }

  /** Cells of one segment (T * P * 17). */
  get segmentSize(): number {
    return rollSize(this.manifest.config)
  }

  /** Source file, sha256, start tick and bar of segment i. */
  source(i: number): { file: string; sha256: string; startTick: number; bar: number } {
    const s = this.manifest.segments[i]
    const f = this.manifest.files[s.source]
    return { file: f.file, sha256: f.sha256, startTick: s.startTick, bar: s.bar }
  }

  /** Read segment i into a fresh Uint8Array, or into `out` at element `offset` (e.g. a batch). */
  read(i: number): Promise<Uint8Array>
  read<D extends Uint8Array | Float32Array>(i: number, out: D, offset?: number): Promise<D>
  async read(
    i: number,
    out?: Uint8Array | Float32Array,
    offset = 0
  ): Promise<Uint8Array | Float32Array> {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new RangeError(`segment ${i} out of range 0..${this.count - 1}`)
    }
    const bytes = new Uint8Array(this.manifest.segmentBytes)
    const { bytesRead } = await this.handle.read(bytes, 0, bytes.length, i * bytes.length)
    if (bytesRead !== bytes.length) throw new Error(`${this.dir}: short read of segment ${i}`)
    const target = out ?? new Uint8Array(this.segmentSize)
    unpackBits(bytes, this.segmentSize, target, offset)
    return target
  }

  /** Batches over the dataset (or `indices`), in a seeded shuffled order. */
  async *batches(o: BatchOptions): AsyncGenerator<Batch> {
    const base = o.indices ? [...o.indices] : Array.from({ length: this.count }, (_, i) => i)
    const order =
      o.shuffle === false ? base : permutation(base.length, o.seed ?? 0).map((k) => base[k])
    const c = this.manifest.config
    for (let at = 0; at < order.length; at += o.batchSize) {
      const indices = order.slice(at, at + o.batchSize)
      if (o.dropLast && indices.length < o.batchSize) return
      const n = indices.length * this.segmentSize
      const data = o.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n)
      for (let b = 0; b < indices.length; b++)
        await this.read(indices[b], data, b * this.segmentSize)
      yield { data, shape: [indices.length, rollSteps(c), c.pitchCount, FAMILY_COUNT], indices }
    }
  }

  /** Release the cache file. */
  async close(): Promise<void> {
    await this.handle.close()
  }
}
