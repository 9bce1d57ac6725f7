import { mkdirSync, writeFileSync, existsSync } from 'node:fs'
import { join, parse } from 'node:path'
import { ApiError } from '../../shared/api/errors'
import type { ExportResult } from '../../shared/api/types'
import { isInside, newId } from './files'

/**
 * Files the app writes for the composer (exports folder) and for drags (temp folder). Each gets an id; showInFolder and
 * startDrag only ever see paths under these two roots (E3).
 */
export class ExportFiles {
  readonly exportsDir: string
  readonly dragDir: string
  #byId = new Map<string, { file: string; chosen: boolean }>()

  constructor(exportsDir: string, tempDir: string) {
    this.exportsDir = exportsDir
    this.dragDir = join(tempDir, 'drag')
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
