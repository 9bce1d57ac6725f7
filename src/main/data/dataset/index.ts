/** Datasets: segment cutting, the bit-packed cache with its manifest, batch loading, labels, stats. */
export { buildDataset, writeAtomic, type BuildOptions, type SourcePiece } from './build'
export { DatasetReader, type Batch, type BatchOptions } from './reader'
export { datasetStats, type DatasetStats, type MetricBand, type StatsOptions } from './stats'
export { formatStatsTable } from './table'
export { parseLabelCsv, passesLabels, labelKey, type LabelFilter, type LabelMap } from './labels'
export {
  cutSegments,
  DEFAULT_SKIP,
  type Segment,
  type SkipCounts,
  type SkipRules
} from './segments'
export { HELD_OUT_FRACTION, MIN_FILES_FOR_SPLIT, isHeldOut, splitOf, splitSegments } from './split'
export {
  MANIFEST_NAME,
  type DatasetSplit,
  type Manifest,
  type ManifestFile,
  type ManifestSegment
} from './manifest'
export { packBits, unpackBits } from './bits'
