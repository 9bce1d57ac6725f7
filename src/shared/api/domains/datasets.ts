import { z } from 'zod'
import { method } from '../method'
import { Id, Name, NoArgs, Seed } from '../common'
import type { DatasetDetail, DatasetSummary, Marks, RealSegment, SourceGrant } from '../types'
import { Tag } from './pieces'
import { PieceSchema } from '../piece'
import type { NearestResult } from '../searchTypes'

/** What a native open dialog may choose for an import. */
export const SourceKind = z.enum(['midi-folder', 'midi-files', 'npz-files', 'labels-csv'])

/** The importer's rules for nearly empty segments when an import leaves them out (its form shows these). */
export const SEGMENT_SKIP_DEFAULTS = Object.freeze({ minNotesPerSegment: 4, minActiveSteps: 16 })

/** How an import cuts segments (docs/model.md's defaults when left out). */
export const SegmentOptions = z.strictObject({
  stepsPerBeat: z.number().int().min(1).max(24).optional(),
  bars: z.number().int().min(1).max(16).optional(),
  lowestPitch: z.number().int().min(0).max(127).optional(),
  pitchCount: z.number().int().min(1).max(128).optional(),
  minActiveSteps: z.number().int().min(0).max(10_000).optional(),
  minNotesPerSegment: z.number().int().min(0).max(10_000).optional()
})

/** datasets: import MIDI or LPD-17 files into named datasets, read their reports. */
export const datasetsMethods = {
  list: method<DatasetSummary[]>()(NoArgs, 'Every dataset'),
  get: method<DatasetDetail>()(z.strictObject({ id: Id }), 'One dataset with its import report'),
  segments: method<RealSegment[]>()(
    z.strictObject({ id: Id, count: z.number().int().min(1).max(64), seed: Seed }),
    'Seeded random real segments of a dataset as pieces'
  ),
  chooseSource: method<SourceGrant | null>()(
    z.strictObject({ kind: SourceKind }),
    'Open a native dialog to choose files or a folder; null when cancelled'
  ),
  import: method<{ jobId: string; datasetId: string }>()(
    z.strictObject({
      name: Name,
      sourceId: Id,
      labelsSourceId: Id.optional(),
      labelFilter: z.array(z.string().min(1).max(100)).max(100).optional(),
      segments: SegmentOptions.optional()
    }),
    'Start importing a chosen source into a new dataset (progress as import:progress events)'
  ),
  cancelImport: method<void>()(z.strictObject({ jobId: Id }), 'Cancel a running import'),
  resumeImport: method<{ jobId: string; datasetId: string }>()(
    z.strictObject({ id: Id }),
    'Run an interrupted, failed or cancelled import again into the same dataset, from its recorded source'
  ),
  marks: method<Marks[]>()(NoArgs, "Every dataset's favourite flag and tags"),
  mark: method<Marks>()(
    z.strictObject({
      id: Id,
      tags: z.array(Tag).max(50).optional(),
      favourite: z.boolean().optional()
    }),
    "Change a dataset's tags or favourite flag"
  ),
  rename: method<DatasetSummary>()(z.strictObject({ id: Id, name: Name }), 'Rename a dataset'),
  remove: method<void>()(z.strictObject({ id: Id }), 'Delete a dataset and its cached files'),
  nearest: method<NearestResult>()(
    z.strictObject({
      datasetId: Id,
      piece: PieceSchema,
      k: z.number().int().min(1).max(10).optional()
    }),
    'The training bars closest to each bar of a piece, flagging bars closer than real music gets to other files'
  ),
  segment: method<RealSegment>()(
    z.strictObject({ datasetId: Id, index: z.number().int().min(0).max(10_000_000) }),
    'One training segment of a dataset as a piece (to play a nearest match)'
  )
}
