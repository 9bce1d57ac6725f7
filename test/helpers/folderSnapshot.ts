import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** Files the library rewrites itself (the database, its WAL, the first-start marker): not user files. */
const OWN = /^(library\.sqlite(-wal|-shm|-journal)?|first-run\.json|library\.lock)$/

/** Every file under a data folder (relative path -> sha256), except the library's own database files. */
export function folderSnapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    if (!existsSync(d)) return
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        const rel = relative(dir, p).split(sep).join('/')
        if (!OWN.test(rel)) out.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'))
      }
    }
  }
  walk(dir)
  return out
}

/**
 * Files of `before` that are in `after` neither at their path nor moved under quarantine/<time>/ with the same
 * content; `deletable` (relative path prefixes the test itself deleted or recorded for deletion) are skipped.
 */
export function lostFiles(
  before: Map<string, string>,
  after: Map<string, string>,
  deletable: (rel: string) => boolean = () => false
): string[] {
  const moved = new Set(
    [...after]
      .filter(([p]) => p.startsWith('quarantine/'))
      .map(([p, h]) => `${p.split('/').slice(2).join('/')} ${h}`)
  )
  return [...before]
    .filter(([p, h]) => !deletable(p) && after.get(p) !== h && !moved.has(`${p} ${h}`))
    .map(([p]) => p)
}
