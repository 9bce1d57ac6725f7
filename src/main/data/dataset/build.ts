import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { FAMILY_COUNT } from '../../../shared/music/families'
import type { Piece } from '../../../shared/music/piece'
import { PAPER_ROLL, rollSize, type RollConfig } from '../../../shared/music/pianoroll'
import { packBits, packedBytes } from './bits'
import { passesLabels, type LabelFilter } from './labels'
import {
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestFile,
  type ManifestSegment
} from './manifest'
import { DEFAULT_SKIP, cutSegments, zeroSkips, type SkipCounts, type SkipRules } from './segments'
import { splitOf } from './split'

/** One parsed input file; the builder does not care how MIDI or .npz was read. */
export interface SourcePiece {
  file: string
  sha256: string
  piece: Piece
}

/** Settings of a dataset build. */
export interface BuildOptions {
  name?: string
  config?: Partial<RollConfig>
  skip?: Partial<SkipRules>
  /** Bars between segment starts (default config.bars: back to back). */
  hopBars?: number
  /** Only files passing this label filter go in (the others are counted). */
  labels?: LabelFilter
  signal?: AbortSignal
  onProgress?: (p: { files: number; segments: number }) => void
}

/** Accumulates segments into the cache file and the manifest's tables. */
class CacheWriter {
  readonly files: ManifestFile[] = []
  readonly segments: ManifestSegment[] = []
  readonly totals: Manifest['totals'] = {
    filesOffered: 0,
    filesSkippedByLabel: 0,
    filesWithoutSegments: 0,
    skipped: zeroSkips(),
    droppedOutOfRange: 0,
    notesPerFamily: new Array<number>(FAMILY_COUNT).fill(0)
  }

  constructor(
    private readonly handle: FileHandle,
    private readonly config: RollConfig,
    private readonly skip: SkipRules,
    private readonly hopBars: number,
    readonly segmentBytes: number
  ) {}

  async add(src: SourcePiece): Promise<void> {
    const cut = cutSegments(src.piece, this.config, this.skip, this.hopBars)
    const dropped = cut.segments.reduce((a, s) => a + s.droppedOutOfRange, 0)
    this.files.push({
      file: src.file,
      sha256: src.sha256,
      segments: cut.segments.length,
      skipped: cut.skipped,
      droppedOutOfRange: dropped
    })
    addSkips(this.totals.skipped, cut.skipped)
    this.totals.droppedOutOfRange += dropped
    if (cut.segments.length === 0) this.totals.filesWithoutSegments++
    for (const s of cut.segments) {
      const at = this.segments.length * this.segmentBytes
      await this.handle.write(packBits(s.roll), 0, this.segmentBytes, at)
      const source = this.files.length - 1
      this.segments.push({ source, startTick: s.startTick, bar: s.bar, notes: s.notesPerFamily })
      s.notesPerFamily.forEach((n, f) => (this.totals.notesPerFamily[f] += n))
    }
  }
}

function addSkips(into: SkipCounts, from: SkipCounts): void {
  into.meter += from.meter
  into.sparse += from.sparse
  into.fewNotes += from.fewNotes
}

/**
 * Build a dataset in `dir`: cut every source piece into segments (SourcePiece order is kept),
 * append them bit-packed to a new cache file, then write manifest.json through temp + rename, so a
 * reader sees the old dataset or the new one, never half of one. Old cache files are removed after
 * the switch; on error or abort the new cache is deleted and the old dataset stays. Returns the manifest.
 */
export async function buildDataset(
  source: AsyncIterable<SourcePiece> | Iterable<SourcePiece>,
  dir: string,
  opts: BuildOptions = {}
): Promise<Manifest> {
  const config: RollConfig = { ...PAPER_ROLL, ...opts.config }
  const skip = { ...DEFAULT_SKIP, ...opts.skip }
  const hopBars = opts.hopBars ?? config.bars
  await mkdir(dir, { recursive: true })
  const cacheFile = `segments-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`
  const handle = await open(join(dir, cacheFile), 'w')
  const w = new CacheWriter(handle, config, skip, hopBars, packedBytes(rollSize(config)))
  try {
    for await (const src of source) {
      opts.signal?.throwIfAborted()
      w.totals.filesOffered++
      if (opts.labels && !passesLabels(src.file, opts.labels)) w.totals.filesSkippedByLabel++
      else await w.add(src)
      opts.onProgress?.({ files: w.totals.filesOffered, segments: w.segments.length })
    }
    // A source that stops early on abort (importFiles does) must not leave a short dataset that looks complete.
    opts.signal?.throwIfAborted()
    await handle.sync()
  } catch (err) {
    await handle.close()
    await rm(join(dir, cacheFile), { force: true })
    throw err
  }
  await handle.close()
  const manifest = manifestOf(w, opts, { config, skip, hopBars, cacheFile })
  await writeAtomic(join(dir, MANIFEST_NAME), JSON.stringify(manifest))
  await removeOldCaches(dir, cacheFile)
  return manifest
}

function manifestOf(
  w: CacheWriter,
  opts: BuildOptions,
  m: Pick<Manifest, 'config' | 'skip' | 'hopBars' | 'cacheFile'>
): Manifest {
  const labels = opts.labels
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    name: opts.name ?? '',
    createdAt: new Date().toISOString(),
    ...m,
    segmentBytes: w.segmentBytes,
    segmentCount: w.segments.length,
    files: w.files,
    segments: w.segments,
    totals: w.totals,
    split: splitOf(w.files),
    ...(labels && {
      labelFilter: { include: [...(labels.include ?? [])], labelledFiles: labels.labels.size }
    })
  }
}

/** Write a file through a synced temp file in the same folder, then rename it into place. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const h = await open(tmp, 'w')
  try {
    await h.writeFile(text)
    await h.sync()
  } finally {
    await h.close()
  }
  await rename(tmp, path)
}

async function removeOldCaches(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/^segments-.*\.bin$/.test(name) && name !== keep) await rm(join(dir, name), { force: true })
  }
}
