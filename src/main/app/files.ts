import { randomBytes } from 'node:crypto'
import { mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { stripBidi } from '../../shared/api/common'

/** A fresh opaque id (16 url-safe characters): what the renderer gets instead of a path (E3). */
export function newId(): string {
  return randomBytes(12).toString('base64url')
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i

/**
 * A file name made from a title a composer typed: no separators, control or reserved characters, no leading dots,
 * no Windows device names, at most 100 characters before the extension; 'Untitled' when nothing is left.
 */
export function safeFileName(title: string, ext: string): string {
  let base = stripBidi(title)
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*%]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 100)
    .trim()
  if (base === '' || WINDOWS_RESERVED.test(base)) base = base === '' ? 'Untitled' : `${base}_`
  return `${base}.${ext}`
}

/** True when `child` (an absolute path) is `root` itself or inside it, compared after resolving symlinks. */
export function isInside(root: string, child: string): boolean {
  let realRoot: string
  let realChild: string
  try {
    realRoot = realpathSync(root)
    realChild = realpathSync(child)
  } catch {
    return false
  }
  const rel = relative(realRoot, realChild)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep))
}

/** Write a file atomically: a temp file beside it, then rename (a crash leaves the old file or the new one). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = join(dirname(file), `.${newId()}.tmp`)
  writeFileSync(tmp, data)
  renameSync(tmp, file)
}
