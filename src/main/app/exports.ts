import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, parse } from 'node:path'
import { ApiError } from '../../shared/api/errors'
import type { ExportResult } from '../../shared/api/types'
import { isInside, newId } from './files'

/** How long a file written for a drag into a DAW is kept. */
export const DRAG_FILE_AGE_MS = 24 * 60 * 60 * 1000

/**
 * Files the app writes for the composer (exports folder) and for drags (temp folder). Each gets an id; showInFolder and
 * startDrag only ever see paths under these two roots (E3).
 */
/** The name of a folder writeDragFile makes (newId: 12 random bytes, base64url). */
const DRAG_FOLDER = /^[A-Za-z0-9_-]{16}$/

export class ExportFiles {
  readonly exportsDir: string
  readonly dragDir: string
  #byId = new Map<string, { file: string; chosen: boolean }>()

  constructor(exportsDir: string, tempDir: string) {
    this.exportsDir = exportsDir
    this.dragDir = join(tempDir, 'drag')
    this.pruneDragFiles()
  }

  /**
   * Delete drag folders older than `maxAgeMs` (issue 11 item 9: they were never cleaned). A day, not less: a DAW may
   * read a dropped file again while the project is open. Returns how many folders went.
   */
  pruneDragFiles(maxAgeMs = DRAG_FILE_AGE_MS, now = Date.now()): number {
    let removed = 0
    if (!existsSync(this.dragDir)) return 0
    for (const name of readdirSync(this.dragDir)) {
      // Only the folders writeDragFile made (a newId name); anything else in there is not ours to delete.
      if (!DRAG_FOLDER.test(name)) continue
      const dir = join(this.dragDir, name)
      try {
        const st = statSync(dir)
        if (!st.isDirectory() || now - st.mtimeMs < maxAgeMs) continue
        rmSync(dir, { recursive: true, force: true })
        removed++
      } catch {
        // gone already, or in use: the next prune tries again
      }
    }
    return removed
  }

  /** Write bytes into the exports folder under a free name ("x.mid", "x (2).mid", ...); returns id and name. */
  writeExport(fileName: string, bytes: Uint8Array): ExportResult {
    mkdirSync(this.exportsDir, { recursive: true })
    const { name, ext } = parse(fileName)
    let candidate = fileName
    for (let n = 2; existsSync(join(this.exportsDir, candidate)); n++)
      candidate = `${name} (${n})${ext}`
    const file = join(this.exportsDir, candidate)
    writeFileSync(file, bytes, { flag: 'wx' })
    return { exportId: this.remember(file), fileName: candidate }
  }

  /** Write bytes for a drag: a fresh folder in temp so the file keeps the piece's own name. */
  writeDragFile(fileName: string, bytes: Uint8Array): string {
    this.pruneDragFiles()
    const dir = join(this.dragDir, newId())
    mkdirSync(dir, { recursive: true })
    const file = join(dir, fileName)
    writeFileSync(file, bytes, { flag: 'wx' })
    return file
  }

  /** Remember a file the app wrote; `chosen` marks a path the composer picked in a native save dialog. */
  remember(file: string, chosen = false): string {
    const id = newId()
    this.#byId.set(id, { file, chosen })
    return id
  }

  /** The path of an export by id, refused unless it is inside the exports or drag folder or was chosen in a dialog. */
  pathOf(exportId: string): string {
    const entry = this.#byId.get(exportId)
    if (!entry) throw new ApiError('not_found', 'that exported file is not known any more')
    const { file, chosen } = entry
    if (!existsSync(file))
      throw new ApiError('not_found', 'that exported file was moved or deleted')
    if (!chosen && !isInside(this.exportsDir, file) && !isInside(this.dragDir, file)) {
      throw new ApiError('forbidden', 'that file is outside the exports folder')
    }
    return file
  }
}
