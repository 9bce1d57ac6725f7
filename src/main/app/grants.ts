import { realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import { walkFiles } from '../data/import/walk'
import { ApiError } from '../../shared/api/errors'
import type { SourceGrant } from '../../shared/api/types'
import { newId } from './files'

/** What a native dialog chose: files of one kind or a folder. */
export type GrantKind = 'midi-folder' | 'midi-files' | 'npz-files' | 'labels-csv'

interface Grant {
  kind: GrantKind
  /** Real paths at the moment of the dialog; resolve() refuses a path whose real path changed since. */
  paths: string[]
}

const EXTENSIONS: Record<GrantKind, string[]> = {
  'midi-folder': ['.mid', '.midi'],
  'midi-files': ['.mid', '.midi'],
  'npz-files': ['.npz'],
  'labels-csv': ['.csv']
}

async function countFiles(kind: GrantKind, paths: string[]): Promise<number> {
  if (kind !== 'midi-folder') return paths.length
  return (await walkFiles(paths[0], EXTENSIONS[kind])).length
}

/**
 * Paths the composer chose in native dialogs, handed to the renderer as opaque ids (E3). Only main registers paths
 * (from a dialog's answer); the renderer can only name an id it was given.
 */
export class PathGrants {
  #grants = new Map<string, Grant>()

  /** Register a dialog's answer; returns the id, a label to show and how many files it holds. */
  async register(kind: GrantKind, paths: string[]): Promise<SourceGrant> {
    if (paths.length === 0) throw new ApiError('invalid_args', 'nothing was chosen')
    const real: string[] = []
    for (const p of paths) {
      if (!isAbsolute(p) || p.includes('\0')) throw new ApiError('forbidden', 'not a usable path')
      const rp = await realpath(p)
      const info = await stat(rp)
      if (kind === 'midi-folder' ? !info.isDirectory() : !info.isFile()) {
        throw new ApiError(
          'invalid_args',
          `${basename(p)} is not a ${kind === 'midi-folder' ? 'folder' : 'file'}`
        )
      }
      real.push(rp)
    }
    const sourceId = newId()
    this.#grants.set(sourceId, { kind, paths: real })
    const label = real.length === 1 ? basename(real[0]) : `${real.length} files`
    return { sourceId, label, fileCount: await countFiles(kind, real) }
  }

  /** The paths behind an id, checked again: unknown ids, another kind, or a path swapped for a symlink are refused. */
  async resolve(sourceId: string, kind?: GrantKind): Promise<{ kind: GrantKind; paths: string[] }> {
    const grant = this.#grants.get(sourceId)
    if (!grant)
      throw new ApiError('not_found', 'that file choice has expired; choose the files again')
    if (kind && grant.kind !== kind)
      throw new ApiError('invalid_args', 'that choice is of another kind')
    for (const p of grant.paths) {
      const now = await realpath(p).catch(() => null)
      if (now !== p)
        throw new ApiError('forbidden', `${basename(p)} moved or changed since it was chosen`)
    }
    return { kind: grant.kind, paths: [...grant.paths] }
  }

  /** Forget a grant (after the import that used it). */
  revoke(sourceId: string): void {
    this.#grants.delete(sourceId)
  }
}
