import Database from 'better-sqlite3'
import type { Db } from './db'

/**
 * Back the library up through SQLite's online backup API (S4: never a file copy of an open database), then
 * check the copy's integrity. Safe while another connection writes; returns the copy's page count.
 */
export async function backupLibrary(db: Db, dest: string): Promise<{ pages: number }> {
  const { totalPages } = await db.backup(dest)
  const copy = new Database(dest, { readonly: true })
  try {
    const ok = copy.pragma('integrity_check', { simple: true })
    if (ok !== 'ok') throw new Error(`backup ${dest} failed integrity_check: ${ok}`)
  } finally {
    copy.close()
  }
  return { pages: totalPages }
}
