import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join, sep } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Id } from '../../../src/shared/api/common'
import { resolveAppRequest, resolveRendererFile } from '../../../src/main/app/protocol'
import { safeFileName, isInside } from '../../../src/main/app/files'
import { PathGrants } from '../../../src/main/app/grants'
import { ExportFiles } from '../../../src/main/app/exports'
import { tempDataDir } from '../../helpers/api'

// E3: the renderer names things by id; every path main builds from its input stays under the allowed roots.

const HOSTILE = [
  '..',
  '../x',
  '../../etc/passwd',
  '/etc/passwd',
  '/',
  'C:\\Windows\\system32',
  'C:',
  '\\\\?\\C:\\x',
  '\\\\server\\share\\x',
  '//server/share',
  'a\u0000b',
  '\u0000',
  '%2e%2e',
  '%2e%2e%2fetc',
  '..%2f..%2f',
  '%00',
  'a/b',
  'a\\b',
  '.',
  '~',
  '~/x',
  '$HOME',
  'file:///etc/passwd',
  'https://evil.example/x',
  'x'.repeat(65),
  'x'.repeat(5000),
  '',
  ' ',
  'a b',
  'a\nb',
  '\u202egnp.exe',
  'é',
  'a.b'
]

const { dir, cleanup } = tempDataDir()
afterAll(cleanup)

describe('E3: ids, never paths', () => {
  it(`rejects ${HOSTILE.length} hostile inputs as ids`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30)
    for (const input of HOSTILE)
      expect(Id.safeParse(input).success, JSON.stringify(input)).toBe(false)
  })

  it('maps no hostile URL path outside the renderer folder', () => {
    const root = join(dir, 'renderer')
    for (const input of HOSTILE) {
      for (const path of [`/${input}`, input, `/assets/${input}`]) {
        const file = resolveRendererFile(path, root)
        if (file !== null) expect(file.startsWith(root + sep), path).toBe(true)
      }
    }
    expect(resolveRendererFile('/', root)).toBe(join(root, 'index.html'))
    expect(resolveRendererFile('/%E0%A4%A', root)).toBeNull()
    expect(resolveAppRequest('app://bytes-to-beats/../../x', root)).toBe(join(root, 'x'))
    expect(resolveAppRequest('app://evil/index.html', root)).toBeNull()
    expect(resolveAppRequest('file:///etc/passwd', root)).toBeNull()
  })

  it('makes plain file names from hostile titles', () => {
    for (const input of HOSTILE) {
      const name = safeFileName(input, 'mid')
      // eslint-disable-next-line no-control-regex
      expect(name, JSON.stringify(input)).toMatch(/^[^/\\\u0000-\u001f:*?"<>|%]+\.mid$/)
      expect(name.startsWith('.')).toBe(false)
      expect(name.length).toBeLessThanOrEqual(104)
    }
    expect(safeFileName('CON', 'mid')).toBe('CON_.mid')
    expect(safeFileName('', 'mid')).toBe('Untitled.mid')
    expect(safeFileName('Study in C', 'mid')).toBe('Study in C.mid')
  })
})

describe('E3: dialog grants', () => {
  it('resolves a granted folder by id and refuses unknown ids', async () => {
    const grants = new PathGrants()
    const music = join(dir, 'music')
    mkdirSync(music, { recursive: true })
    writeFileSync(join(music, 'a.mid'), 'x')
    writeFileSync(join(music, 'b.txt'), 'x')
    const grant = await grants.register('midi-folder', [music])
    expect(grant).toMatchObject({ label: 'music', fileCount: 1 })
    expect(Id.safeParse(grant.sourceId).success).toBe(true)
    expect((await grants.resolve(grant.sourceId)).paths).toEqual([music])
    for (const input of ['nope', ...HOSTILE]) {
      await expect(grants.resolve(input)).rejects.toMatchObject({ code: 'not_found' })
    }
    await expect(grants.resolve(grant.sourceId, 'labels-csv')).rejects.toMatchObject({
      code: 'invalid_args'
    })
    await expect(grants.register('midi-folder', ['relative/path'])).rejects.toMatchObject({
      code: 'forbidden'
    })
  })

  it('refuses a granted path swapped for a symlink after the dialog', async () => {
    const grants = new PathGrants()
    const file = join(dir, 'song.mid')
    writeFileSync(file, 'x')
    const grant = await grants.register('midi-files', [file])
    rmSync(file)
    symlinkSync('/etc/passwd', file)
    await expect(grants.resolve(grant.sourceId)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('E3: exported files', () => {
  it('writes into the exports folder under free names and refuses files swapped out of it', () => {
    const files = new ExportFiles(join(dir, 'exports'), join(dir, 'tmp'))
    const a = files.writeExport('Study.mid', new Uint8Array([1]))
    const b = files.writeExport('Study.mid', new Uint8Array([2]))
    expect([a.fileName, b.fileName]).toEqual(['Study.mid', 'Study (2).mid'])
    const path = files.pathOf(a.exportId)
    expect(isInside(files.exportsDir, path)).toBe(true)
    rmSync(path)
    symlinkSync('/etc/passwd', path)
    expect(() => files.pathOf(a.exportId)).toThrow(/outside/)
    expect(() => files.pathOf('unknown')).toThrow(/not known/)
    const drag = files.writeDragFile('Study.mid', new Uint8Array([3]))
    expect(basename(drag)).toBe('Study.mid')
    expect(isInside(files.dragDir, drag)).toBe(true)
  })
})
