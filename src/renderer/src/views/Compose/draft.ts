import type { Piece } from '@shared/music/piece'

/** Where a draft is kept: the part of the Web Storage API it uses (localStorage in the app). */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The autosaved state of the open piece. */
export interface Draft {
  piece: Piece
  /** The library piece it belongs to, if saved. */
  savedId: string | null
  /** Changes that are not in the library. */
  dirty: boolean
}

// One draft per app origin (the desktop app's app:// origin, or serve mode's host:port).
const KEY = 'bytes-to-beats:compose-draft'

/** Keep the draft; a full or missing store loses only the draft, never the open piece. */
export function writeDraft(store: DraftStore | undefined, draft: Draft): boolean {
  try {
    store?.setItem(KEY, JSON.stringify({ version: 1, ...draft }))
    return true
  } catch {
    return false
  }
}

/** The kept draft, or null when there is none or it is not a piece (a damaged draft is ignored). */
export function readDraft(store: DraftStore | undefined): Draft | null {
  try {
    const d = JSON.parse(store?.getItem(KEY) ?? 'null') as Partial<Draft> | null
    const p = d?.piece
    if (!p || !Array.isArray(p.tracks) || typeof p.ppq !== 'number' || !Array.isArray(p.tempos))
      return null
    return { piece: p, savedId: typeof d.savedId === 'string' ? d.savedId : null, dirty: !!d.dirty }
  } catch {
    return null
  }
}

/** Forget the draft. */
export function clearDraft(store: DraftStore | undefined): void {
  try {
    store?.removeItem(KEY)
  } catch {
    // nothing kept
  }
}
