// The held-out split of a dataset: by source file (never by segment), decided by the file's sha256 alone, so the same
// file lands on the same side in every dataset that holds it and a model never trains on a piece it is judged against.
import type { DatasetSplit, Manifest } from './manifest'

/** Share of source files held out from training (for the fidelity benchmark). */
export const HELD_OUT_FRACTION = 0.15
/** Datasets of fewer files hold nothing out: a composer's small set trains on all of it. */
export const MIN_FILES_FOR_SPLIT = 10

/** Whether a file of this sha256 (hex) is held out: its first 32 bits, read as a fraction of 2^32, below the share. */
export function isHeldOut(sha256: string, fraction = HELD_OUT_FRACTION): boolean {
  return parseInt(sha256.slice(0, 8), 16) / 2 ** 32 < fraction
}

/** The split of a list of files (what buildDataset stores). */
export function splitOf(files: { sha256: string }[], fraction = HELD_OUT_FRACTION): DatasetSplit {
  const heldOutFiles =
    files.length < MIN_FILES_FOR_SPLIT
      ? []
      : files.flatMap((f, i) => (isHeldOut(f.sha256, fraction) ? [i] : []))
  return { method: 'sha256', heldOutFraction: fraction, heldOutFiles }
}

/**
 * Segment indices of one side of a manifest's split. A manifest built before splits were stored has none:
 * its 'train' side is every segment (runs on it keep resuming) and its held-out side is computed from the hashes.
 */
export function splitSegments(m: Manifest, side: 'train' | 'heldout'): number[] {
  const held = new Set(m.split?.heldOutFiles ?? splitOf(m.files).heldOutFiles)
  if (side === 'train' && !m.split) return m.segments.map((_, i) => i)
  const want = side === 'heldout'
  return m.segments.flatMap((s, i) => (held.has(s.source) === want ? [i] : []))
}
