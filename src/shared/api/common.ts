import { z } from 'zod'

/**
 * An opaque id of a library object, a job, a dialog-chosen source or an export. The renderer never sends a path (E3):
 * ids are short, printable and cannot hold '/', '\\', '.', '%' or NUL.
 */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (letters, digits, _ or -)')

/**
 * Unicode text-direction controls (LRM, RLM, ALM, embeddings, overrides, isolates): in a title or a file name they make
 * text display in another order than it is stored ("evil\u202Edim.exe" shows as "evilexe.mid").
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Text without direction controls. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/** A name a composer types (dataset, run, piece title): trimmed, 1..200 characters, no control characters. */
export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  .regex(
    /^[^\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/,
    'must not contain text-direction controls'
  )

/** A free-text search query. */
export const Query = z.string().max(200)

/** A page of a list: offset and limit (at most 500 rows per call). */
export const Page = {
  offset: z.number().int().min(0).max(1_000_000_000).optional(),
  limit: z.number().int().min(1).max(500).optional()
}

/** A generation or binarisation threshold in 0..1 (0.9 by default). */
export const Threshold = z.number().min(0).max(1)

/**
 * Spread of the generator's noise (the truncation trick): 1 = the training distribution, below 1 more typical and
 * less varied pieces, above 1 wilder ones.
 */
export const Variety = z.number().min(0).max(2)

/** Semitones a generated piece's pitched tracks are moved (drums stay): another key for the same music. */
export const Transpose = z.number().int().min(-11).max(11)

/** A seed for the generator's noise: a non-negative 32-bit integer. */
export const Seed = z.number().int().min(0).max(0xffff_ffff)

/** An LPD-17 family index, 0..16. */
export const FamilyIndex = z.number().int().min(0).max(16)

/** A backend setting (settings, `--backend`, Train's field): an engine backend, or 'auto' for the best available. */
export const BackendSetting = z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'])
export type BackendSetting = z.infer<typeof BackendSetting>

/** The backends the engine runs on, best first ('tensorflow-gpu' = tfjs-node-gpu, 'tensorflow' = tfjs-node). */
export const BackendName = BackendSetting.exclude(['auto'])
export type BackendName = z.infer<typeof BackendName>

/** The model presets a run starts from ('test': the engine's tiny smoke-test model, 16 steps x 12 pitches). */
export const Preset = z.enum(['paper', 'improved', 'small', 'test'])
export type PresetName = z.infer<typeof Preset>

/** The presets a composer starts a run from (Train, settings): all but the engine's tiny 'test'. */
export const ComposerPreset = Preset.exclude(['test'])
export type ComposerPreset = z.infer<typeof ComposerPreset>

/** A list of ids (two or more runs to compare, tags...). */
export const IdList = z.array(Id).min(1).max(64)

/** An empty argument object: the method takes no arguments. */
export const NoArgs = z.strictObject({})
