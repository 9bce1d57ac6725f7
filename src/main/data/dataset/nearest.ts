// Nearest training music: bar-by-bar cosine similarity between a piece and every bar of a dataset's bit-packed cache,
// with the real-vs-real baseline (how close a real bar gets to a bar of another file) that flags possible copying.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { FAMILY_COUNT } from '../../../shared/music/families'
import { barSteps, rollSize } from '../../../shared/music/pianoroll'
import { mulberry32 } from '../../../shared/random'
import { MANIFEST_NAME, checkManifest, type Manifest } from './manifest'
import type { NearestBaseline } from '../../../shared/api/searchTypes'

/** Every bar of a dataset held in memory: the packed cache, and the number of on-cells of each bar. */
export interface BarIndex {
  manifest: Manifest
  bytes: Uint8Array
  barCells: number
  barsPerSegment: number
  /** On-cells of bar (segment * barsPerSegment + bar). */
  counts: Uint32Array
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0
  for (let v = i; v; v &= v - 1) n++
  return n
})

/** Read a dataset's cache into a bar index (57 MB for 5,000 paper-shaped segments). */
export function loadBarIndex(dir: string): BarIndex {
  const where = join(dir, MANIFEST_NAME)
  const manifest = checkManifest(JSON.parse(readFileSync(where, 'utf8')), where)
  const bytes = new Uint8Array(readFileSync(join(dir, manifest.cacheFile)))
  if (bytes.length < manifest.segmentCount * manifest.segmentBytes)
    throw new Error(
      `${dir}: the dataset's cache is shorter than its manifest says; import it again`
    )
  const c = manifest.config
  const barCells = barSteps(c) * c.pitchCount * FAMILY_COUNT
  const barsPerSegment = c.bars
  const counts = new Uint32Array(manifest.segmentCount * barsPerSegment)
  for (let s = 0; s < manifest.segmentCount; s++)
    for (let b = 0; b < barsPerSegment; b++)
      counts[s * barsPerSegment + b] = countBits(
        bytes,
        s * manifest.segmentBytes,
        b * barCells,
        barCells
      )
  return { manifest, bytes, barCells, barsPerSegment, counts }
}

function countBits(bytes: Uint8Array, base: number, from: number, n: number): number {
  let count = 0
  if (from % 8 === 0 && n % 8 === 0) {
    // Bars of the usual layouts start on a byte (16 steps x pitches x 17 cells is a multiple of 8).
    for (let i = base + from / 8; i < base + (from + n) / 8; i++) count += POPCOUNT[bytes[i]]
    return count
  }
  for (let i = from; i < from + n; i++) count += (bytes[base + (i >> 3)] >> (i & 7)) & 1
  return count
}

/** The on-cells of one bar of a roll (cell indices inside the bar). */
export function barCellsOn(roll: ArrayLike<number>, barCells: number, bar: number): Uint32Array {
  const out: number[] = []
  const base = bar * barCells
  for (let i = 0; i < barCells; i++) if (roll[base + i]) out.push(i)
  return Uint32Array.from(out)
}

/** One training bar and how similar it is. */
export interface BarMatch {
  segment: number
  bar: number
  similarity: number
}

/** Similarity of `on` (a bar's on-cells) with every bar of the index; the best `k`, skipping `exclude`d files. */
export function nearestBars(index: BarIndex, on: Uint32Array, k: number, exclude = -1): BarMatch[] {
  const { manifest, bytes, barCells, barsPerSegment, counts } = index
  const best: BarMatch[] = []
  if (on.length === 0) return best
  let floor = -1
  for (let s = 0; s < manifest.segmentCount; s++) {
    if (manifest.segments[s].source === exclude) continue
    const base = s * manifest.segmentBytes
    for (let b = 0; b < barsPerSegment; b++) {
      const n = counts[s * barsPerSegment + b]
      if (n === 0) continue
      const off = b * barCells
      let hit = 0
      for (let j = 0; j < on.length; j++) {
        const i = off + on[j]
        hit += (bytes[base + (i >> 3)] >> (i & 7)) & 1
      }
      const sim = hit / Math.sqrt(n * on.length)
      if (sim <= floor && best.length >= k) continue
      best.push({ segment: s, bar: b, similarity: sim })
      best.sort((x, y) => y.similarity - x.similarity)
      if (best.length > k) best.pop()
      floor = best[best.length - 1].similarity
    }
  }
  return best
}

/** How close real bars come to bars of other files: the similarity percentiles that flag copying. */
export type Baseline = NearestBaseline

/** Files a dataset needs before its real-vs-real percentiles are trusted as the copying line. */
export const MIN_BASELINE_FILES = 10
/** The copying line of a dataset with fewer files: only near-exact bars are flagged. */
export const FEW_FILES_FLOOR = 0.9

/** Nearest other-file similarity of `samples` seeded non-empty bars of the dataset. */
export function realBaseline(index: BarIndex, samples = 200, seed = 1): Baseline {
  const { manifest, bytes, barCells, barsPerSegment, counts } = index
  const rand = mulberry32(seed)
  const sims: number[] = []
  const bar = new Uint8Array(barCells)
  for (let tries = 0; sims.length < samples && tries < samples * 20; tries++) {
    const id = Math.floor(rand() * counts.length)
    if (counts[id] === 0) continue
    const s = Math.floor(id / barsPerSegment)
    const b = id % barsPerSegment
    for (let i = 0; i < barCells; i++) {
      const at = b * barCells + i
      bar[i] = (bytes[s * manifest.segmentBytes + (at >> 3)] >> (at & 7)) & 1
    }
    const top = nearestBars(index, barCellsOn(bar, barCells, 0), 1, manifest.segments[s].source)
    if (top.length) sims.push(top[0].similarity)
  }
  sims.sort((a, b) => a - b)
  const q = (p: number) =>
    sims.length ? sims[Math.min(sims.length - 1, Math.floor(p * sims.length))] : NaN
  const files = manifest.files.filter((f) => f.segments > 0).length
  const p99 = q(0.99)
  const reliable = files >= MIN_BASELINE_FILES && sims.length >= 50
  return {
    samples: sims.length,
    p95: q(0.95),
    p99,
    files,
    flagAbove: reliable ? p99 : Math.max(p99 || 0, FEW_FILES_FLOOR)
  }
}

/** Bytes of one full segment of a dataset, unpacked (0/1), for playing a training segment. */
export function segmentRoll(index: BarIndex, segment: number): Uint8Array {
  const size = rollSize(index.manifest.config)
  const out = new Uint8Array(size)
  const base = segment * index.manifest.segmentBytes
  for (let i = 0; i < size; i++) out[i] = (index.bytes[base + (i >> 3)] >> (i & 7)) & 1
  return out
}

/** Cache of bar indexes by dataset folder, reloaded when the cache file changes. */
export class BarIndexCache {
  private entries = new Map<string, { mtimeMs: number; index: BarIndex; baseline?: Baseline }>()
  constructor(private readonly max = 2) {}

  /** The index of the dataset in `dir`, loading it at first use. */
  get(dir: string): { index: BarIndex; baseline: () => Baseline } {
    const m = statSync(join(dir, MANIFEST_NAME)).mtimeMs
    let e = this.entries.get(dir)
    if (!e || e.mtimeMs !== m) {
      e = { mtimeMs: m, index: loadBarIndex(dir) }
      this.entries.delete(dir)
      this.entries.set(dir, e)
      while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!)
    }
    const entry = e
    return { index: e.index, baseline: () => (entry.baseline ??= realBaseline(entry.index)) }
  }
}
