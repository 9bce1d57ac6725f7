import type { RollConfig } from '../../../shared/music/pianoroll'
import type { SkipCounts, SkipRules } from './segments'

/** The manifest's format tag and version; readers refuse anything else. */
export const MANIFEST_FORMAT = 'bytes-to-beats-dataset'
export const MANIFEST_VERSION = 1
export const MANIFEST_NAME = 'manifest.json'

/** How a dataset's files are split into training and held-out files (stored in the manifest). */
export interface DatasetSplit {
  method: 'sha256'
  heldOutFraction: number
  /** Indices into the manifest's `files` that are held out. */
  heldOutFiles: number[]
}

/** One source file that went into the dataset. */
export interface ManifestFile {
  file: string
  sha256: string
  /** Segments kept from it. */
  segments: number
  /** Candidate segments left out, by reason. */
  skipped: SkipCounts
  droppedOutOfRange: number
}

/** One stored segment: where it came from and what it holds. */
export interface ManifestSegment {
  /** Index into `files`. */
  source: number
  startTick: number
  /** Index of the segment's first bar in its piece. */
  bar: number
  /** Notes per family (17 entries) sounding in the segment. */
  notes: number[]
}

/**
 * The dataset manifest (manifest.json next to the cache). Segment i lives at byte
 * i * segmentBytes of `cacheFile`, bit-packed in the roll's NHWC cell order, LSB first.
 */
export interface Manifest {
  format: typeof MANIFEST_FORMAT
  version: number
  name: string
  createdAt: string
  config: RollConfig
  skip: SkipRules
  hopBars: number
  cacheFile: string
  segmentBytes: number
  segmentCount: number
  files: ManifestFile[]
  segments: ManifestSegment[]
  /** Totals over the files offered to the builder. */
  totals: {
    filesOffered: number
    filesSkippedByLabel: number
    filesWithoutSegments: number
    skipped: SkipCounts
    droppedOutOfRange: number
    notesPerFamily: number[]
  }
  /** The label filter used, if any. */
  labelFilter?: { include: string[]; labelledFiles: number }
  /** Files held out from training (absent in manifests built before splits were stored: see splitSegments). */
  split?: DatasetSplit
}

/** Check a parsed manifest enough to read it safely; throws a clear error otherwise. */
export function checkManifest(m: unknown, where: string): Manifest {
  const x = m as Partial<Manifest>
  if (!x || x.format !== MANIFEST_FORMAT) throw new Error(`${where}: not a dataset manifest`)
  if (x.version !== MANIFEST_VERSION) {
    throw new Error(`${where}: manifest version ${x.version}, expected ${MANIFEST_VERSION}`)
  }
  if (!x.config || !Array.isArray(x.segments) || !Array.isArray(x.files)) {
    throw new Error(`${where}: manifest lacks config, segments or files`)
  }
  if (x.segments.length !== x.segmentCount) {
    throw new Error(
      `${where}: ${x.segments.length} segments listed, segmentCount ${x.segmentCount}`
    )
  }
  return x as Manifest
}
