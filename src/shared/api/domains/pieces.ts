import { z } from 'zod'
import { method } from '../method'
import { Id, Name, Page, Query } from '../common'
import { PieceSchema } from '../piece'
import type { PieceRecord, PieceSummary } from '../types'

/** A tag on a piece. */
export const Tag = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^\u0000-\u001f\u007f,]*$/, 'must not contain commas or control characters') // eslint-disable-line no-control-regex

/** Where a saved piece came from. */
export const PieceOrigin = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('generated'),
    generationId: Id,
    index: z.number().int().min(0)
  }),
  z.strictObject({ kind: z.literal('sample'), sampleId: Id }),
  z.strictObject({ kind: z.literal('edited'), fromPieceId: Id })
])

/** pieces: the composer's stored pieces: search, open, save, edit, tag, delete. */
export const piecesMethods = {
  list: method<{ items: PieceSummary[]; total: number }>()(
    z.strictObject({
      query: Query.optional(),
      tag: Tag.optional(),
      favourite: z.boolean().optional(),
      sort: z.enum(['updated', 'created', 'title']).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      ...Page
    }),
    'Search, filter and sort pieces, one page at a time'
  ),
  get: method<PieceRecord>()(z.strictObject({ id: Id }), 'One piece with its notes'),
  save: method<PieceSummary>()(
    z.strictObject({ title: Name, piece: PieceSchema, origin: PieceOrigin.optional() }),
    'Store a new piece'
  ),
  update: method<PieceSummary>()(
    z.strictObject({
      id: Id,
      title: Name.optional(),
      tags: z.array(Tag).max(50).optional(),
      favourite: z.boolean().optional(),
      piece: PieceSchema.optional()
    }),
    'Change a piece’s title, tags, favourite flag or notes'
  ),
  remove: method<void>()(z.strictObject({ id: Id }), 'Delete a piece')
}
