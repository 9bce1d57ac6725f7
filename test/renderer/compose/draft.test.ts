import { describe, expect, it } from 'vitest'
import {
  readDraft,
  writeDraft,
  type DraftStore
} from '../../../src/renderer/src/views/Compose/draft'
import { pieceWith, note } from '../piano-roll/fixtures'

/** An in-memory store; `full` makes every write throw like a full localStorage. */
function memoryStore(full = false): DraftStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError')
      data.set(k, v)
    },
    removeItem: (k) => void data.delete(k)
  }
}

describe('the autosaved draft', () => {
  it('round-trips a piece with its library id and edited flag', () => {
    const store = memoryStore()
    const piece = pieceWith([note(60, 0), note(64, 480)])
    expect(writeDraft(store, { piece, savedId: 'p1', dirty: true })).toBe(true)
    expect(readDraft(store)).toEqual({ piece, savedId: 'p1', dirty: true })
  })

  it('a full store or a damaged draft loses only the draft, and never throws', () => {
    expect(
      writeDraft(memoryStore(true), { piece: pieceWith([]), savedId: null, dirty: true })
    ).toBe(false)
    const store = memoryStore()
    for (const bad of ['{', '{"piece":{"tracks":"x"}}', '42', 'null']) {
      store.data.set('bytes-to-beats:compose-draft', bad)
      expect(readDraft(store)).toBeNull()
    }
    expect(readDraft(undefined)).toBeNull()
  })
})
