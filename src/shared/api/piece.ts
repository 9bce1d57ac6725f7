import { z } from 'zod'
import type { Piece } from '../music/piece'
import { stripBidi } from './common'

// Strict zod schemas of the music core's Piece, for pieces the renderer sends (save, update, export of an unsaved piece).
// Limits keep one message bounded: 64 tracks, 100,000 notes in all (what the MIDI reader's 200,000-event cap can hold;
// the largest real piece has 10,013), ticks below 2^31.

/** Most notes one piece may hold, all tracks together. */
export const MAX_PIECE_NOTES = 100_000

const Tick = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)

/** One note as the renderer sends it. */
export const NoteEventSchema = z.strictObject({
  pitch: z.number().int().min(0).max(127),
  start: Tick,
  duration: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
  velocity: z.number().int().min(1).max(127)
})

/** One track of a piece. */
export const TrackSchema = z.strictObject({
  name: z.string().max(200).transform(stripBidi),
  family: z.number().int().min(0).max(16),
  program: z.number().int().min(0).max(127),
  isDrum: z.boolean(),
  notes: z.array(NoteEventSchema).max(MAX_PIECE_NOTES)
})

/** A whole piece (title, resolution, tempo map, time signatures, tracks). */
export const PieceSchema = z.strictObject({
  title: z.string().max(200).transform(stripBidi),
  ppq: z.number().int().min(1).max(32767),
  tempos: z.array(z.strictObject({ tick: Tick, bpm: z.number().min(1).max(1000) })).max(10_000),
  timeSignatures: z
    .array(
      z.strictObject({
        tick: Tick,
        numerator: z.number().int().min(1).max(64),
        denominator: z.literal([1, 2, 4, 8, 16, 32, 64])
      })
    )
    .max(10_000),
  tracks: z
    .array(TrackSchema)
    .max(64)
    .refine((tracks) => tracks.reduce((n, t) => n + t.notes.length, 0) <= MAX_PIECE_NOTES, {
      message: `a piece holds at most ${MAX_PIECE_NOTES.toLocaleString('en')} notes`
    }),
  length: Tick.optional()
}) satisfies z.ZodType<Piece>
