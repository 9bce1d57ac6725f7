// What the app offers when library.sqlite cannot be opened (issue 11 item 9): restore the newest backup not tried yet,
// keeping the damaged file beside it, or quit. The desktop app asks with a dialog (src/main/index.ts), serve mode with
// a flag (src/main/cli/serve.ts); both go through openOrRestore.
import { basename } from 'node:path'
import { LibraryDamagedError, acquireDataLock, listBackups, restoreBackup } from '../library/index'

export const RESTORE_BUTTON = 'Restore the last backup'
export const RESTORE_OLDER_BUTTON = 'Restore an older backup'
export const QUIT_BUTTON = 'Quit'

/** One question to the composer: a message, the details and the buttons (the answer is a button's index). */
export interface DamagedQuestion {
  message: string
  detail: string
  buttons: string[]
}

export interface DamagedLibraryUi {
  /** Ask; returns the index of the button chosen. */
  ask(q: DamagedQuestion): number
  /** Any other failure to start (another process holds the folder, a restore that failed): show it; the app quits. */
  fail(title: string, text: string): void
}

/** The question for a damaged library, offering `backup` (null: none left, so only Quit). */
export function damagedQuestion(
  err: LibraryDamagedError,
  backup: { file: string; at: number } | null,
  tried: string[]
): DamagedQuestion {
  const lines = [`The library database ${err.file} is damaged (${err.detail}).`]
  if (tried.length)
    lines.push(
      `The backup put in its place (${tried.map((f) => basename(f)).join(', ')}) is damaged too.`
    )
  if (backup)
    lines.push(
      `The ${tried.length ? 'next older' : 'last'} backup is ${backup.file}, from ${new Date(backup.at).toISOString()}. ` +
        `Restoring it keeps the damaged file beside it (${basename(err.file)}.damaged-…): nothing is deleted, and ` +
        'work saved after that backup stays in the damaged file.'
    )
  else
    lines.push(
      tried.length
        ? 'There is no other backup. The damaged files are kept in the data folder.'
        : 'There is no backup of it yet. The damaged file is left as it is.'
    )
  return {
    message: 'The library cannot be opened',
    detail: lines.join('\n'),
    buttons: backup
      ? [tried.length ? RESTORE_OLDER_BUTTON : RESTORE_BUTTON, QUIT_BUTTON]
      : [QUIT_BUTTON]
  }
}

/**
 * Run `open` (which opens the library of dataDir); while it finds library.sqlite damaged, ask whether to restore the
 * newest backup not tried yet. Returns what `open` returned, or null when the composer quits or starting fails.
 */
export function openOrRestore<T>(dataDir: string, open: () => T, ui: DamagedLibraryUi): T | null {
  const tried: string[] = []
  for (;;) {
    try {
      return open()
    } catch (err) {
      if (!(err instanceof LibraryDamagedError)) {
        ui.fail('Bytes to Beats cannot start', err instanceof Error ? err.message : String(err))
        return null
      }
      const backup = listBackups(dataDir).find((b) => !tried.includes(b.file)) ?? null
      const q = damagedQuestion(err, backup, tried)
      const answer = q.buttons[ui.ask(q)]
      if (!backup || answer === QUIT_BUTTON || answer === undefined) return null
      try {
        // Held while the files move, so no other process opens the library half-restored.
        const release = acquireDataLock(dataDir, 'restore')
        try {
          restoreBackup(err.file, backup.file)
        } finally {
          release()
        }
      } catch (e) {
        ui.fail('The backup could not be restored', e instanceof Error ? e.message : String(e))
        return null
      }
      tried.push(backup.file)
    }
  }
}
