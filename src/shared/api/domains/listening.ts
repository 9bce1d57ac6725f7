import { z } from 'zod'
import { method } from '../method'
import { Id, IdList } from '../common'

/** One answered pair of a blind listening test (the paper's 20-listener study, done by the composer). */
export const ListeningAnswerSchema = z.strictObject({
  pairIndex: z.number().int().min(0).max(10_000),
  realId: z.string().min(1).max(200),
  generatedId: z.string().min(1).max(200),
  /** Which clip was generated (the truth). */
  aiIs: z.enum(['a', 'b']),
  /** Which clip the listener picked as generated. */
  picked: z.enum(['a', 'b']),
  ratingReal: z.number().min(0).max(10),
  ratingGenerated: z.number().min(0).max(10)
})

/** An answered pair. */
export type ListeningAnswer = z.output<typeof ListeningAnswerSchema>

/** listening: blind listening tests stored per run. */
export const listeningMethods = {
  save: method<{ id: string }>()(
    z.strictObject({ runId: Id, answers: z.array(ListeningAnswerSchema).min(1).max(1000) }),
    'Store one listening test’s answers for a run'
  ),
  results: method<{ runId: string; answers: ListeningAnswer[] }[]>()(
    z.strictObject({ ids: IdList }),
    'Every stored answer of some runs'
  )
}
