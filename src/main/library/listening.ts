import type { Db } from './db'

/** One listener's answer for one pair: which side they picked as the AI piece, and their ratings. */
export interface ListeningAnswer {
  runId?: number | null
  testId: string
  listener: string
  pair: number
  pieceAId?: number | null
  pieceBId?: number | null
  /** The side that held the generated piece. */
  generatedSide: 'a' | 'b'
  /** The side the listener said was generated. */
  picked: 'a' | 'b'
  /** e.g. { pleasing: 4, realism: 3 } on the test's scale. */
  ratings?: Record<string, number>
}

/** Store (or replace) a listener's answer for a pair. */
export function addListeningAnswer(db: Db, a: ListeningAnswer): number {
  const r = db
    .prepare(
      `INSERT INTO listening_answers (run_id, test_id, listener, pair, piece_a_id, piece_b_id,
       generated_side, picked, ratings_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (test_id, listener, pair) DO UPDATE SET picked = excluded.picked,
       ratings_json = excluded.ratings_json, created_at = excluded.created_at`
    )
    .run(
      a.runId ?? null,
      a.testId,
      a.listener,
      a.pair,
      a.pieceAId ?? null,
      a.pieceBId ?? null,
      a.generatedSide,
      a.picked,
      JSON.stringify(a.ratings ?? {}),
      Date.now()
    )
  return Number(r.lastInsertRowid)
}

/** Every answer of a test, in listener and pair order. */
export function listeningAnswers(db: Db, testId: string): Required<ListeningAnswer>[] {
  const rows = db
    .prepare(
      `SELECT run_id AS runId, test_id AS testId, listener, pair, piece_a_id AS pieceAId,
       piece_b_id AS pieceBId, generated_side AS generatedSide, picked, ratings_json AS ratings
       FROM listening_answers WHERE test_id = ? ORDER BY listener, pair`
    )
    .all(testId) as (Required<ListeningAnswer> & { ratings: string })[]
  return rows.map((r) => ({ ...r, ratings: JSON.parse(r.ratings) }))
}

/** The paper's figures for a test: share of answers that found the AI piece, and mean of each rating. */
export function listeningSummary(db: Db, testId: string) {
  const answers = listeningAnswers(db, testId)
  const sums: Record<string, { sum: number; n: number }> = {}
  for (const a of answers)
    for (const [k, v] of Object.entries(a.ratings)) {
      sums[k] ??= { sum: 0, n: 0 }
      sums[k].sum += v
      sums[k].n += 1
    }
  const found = answers.filter((a) => a.picked === a.generatedSide).length
  return {
    answers: answers.length,
    listeners: new Set(answers.map((a) => a.listener)).size,
    identifiedRate: answers.length ? found / answers.length : null,
    meanRatings: Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, s.sum / s.n]))
  }
}

/** Delete every answer of a listening test. Returns how many went. */
export function deleteListeningTest(db: Db, testId: string): number {
  return db.prepare('DELETE FROM listening_answers WHERE test_id = ?').run(testId).changes
}
