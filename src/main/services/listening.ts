import { ApiError } from '../../shared/api/errors'
import type { ListeningAnswer } from '../../shared/api/domains/listening'
import { addListeningAnswer, getRun, listeningAnswers, type LibraryStore } from '../library/index'
import { newId } from '../app/files'
import type { ListeningPort } from './ports'
import { rowId } from './ids'

/**
 * Listening tests over the library's listening_answers (one test id per saved test, listener 'composer', ratings
 * { real, generated }). Caveat: the library links piece ids only, so a real segment's id ('dataset-index') comes back
 * as '' and so does an unsaved generated piece's (the identification rate and ratings are complete).
 */
export function libraryListening(store: LibraryStore): ListeningPort {
  const db = store.db
  const exists = db.prepare('SELECT 1 FROM pieces WHERE id = ?').pluck()
  // The library links stored pieces only; other ids (segments '3-17', unsaved pieces) are not linked.
  const pieceRow = (id: string) =>
    /^[1-9][0-9]{0,14}$/.test(id) && exists.get(Number(id)) ? Number(id) : null
  return {
    save: ({ runId, answers }) => {
      const run = rowId(runId, 'run', 'runId')
      if (!getRun(db, run))
        throw new ApiError('not_found', 'that run is not in the library any more', 'runId')
      const testId = newId()
      db.transaction(() => {
        for (const a of answers) {
          const [pieceA, pieceB] =
            a.aiIs === 'a' ? [a.generatedId, a.realId] : [a.realId, a.generatedId]
          addListeningAnswer(db, {
            runId: run,
            testId,
            listener: 'composer',
            pair: a.pairIndex,
            pieceAId: pieceRow(pieceA),
            pieceBId: pieceRow(pieceB),
            generatedSide: a.aiIs,
            picked: a.picked,
            ratings: { real: a.ratingReal, generated: a.ratingGenerated }
          })
        }
      })()
      return { id: testId }
    },
    results: ({ ids }) =>
      ids.map((id) => {
        const run = rowId(id, 'run')
        const tests = db
          .prepare(
            'SELECT DISTINCT test_id AS t FROM listening_answers WHERE run_id = ? ORDER BY t'
          )
          .pluck()
          .all(run) as string[]
        const answers: ListeningAnswer[] = tests.flatMap((t) =>
          listeningAnswers(db, t).map((a) => {
            const [aId, bId] = [a.pieceAId, a.pieceBId].map((p) => (p === null ? '' : String(p)))
            const generatedId = a.generatedSide === 'a' ? aId : bId
            const realId = a.generatedSide === 'a' ? bId : aId
            return {
              pairIndex: a.pair,
              realId,
              generatedId,
              aiIs: a.generatedSide,
              picked: a.picked,
              ratingReal: a.ratings.real ?? 0,
              ratingGenerated: a.ratings.generated ?? 0
            }
          })
        )
        return { runId: id, answers }
      })
  }
}
