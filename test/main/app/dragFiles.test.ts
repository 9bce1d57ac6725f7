import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DRAG_FILE_AGE_MS, ExportFiles } from '../../../src/main/app/exports'
import { tempDataDir } from '../../helpers/api'

// Issue 11 item 9: files written for drags into a DAW were never cleaned; now those older than a day go.

const tmp = tempDataDir('b2b-drag-')
afterAll(() => tmp.cleanup())

describe('drag temp files', () => {
  it('removes drag folders older than a day, at start and on each new drag, and keeps recent ones', () => {
    const files = new ExportFiles(join(tmp.dir, 'exports'), tmp.dir)
    const old = files.writeDragFile('old.mid', new Uint8Array([1]))
    const recent = files.writeDragFile('recent.mid', new Uint8Array([2]))
    const dayAgo = (Date.now() - DRAG_FILE_AGE_MS - 60_000) / 1000
    utimesSync(dirname(old), dayAgo, dayAgo)
    const fresh = new ExportFiles(join(tmp.dir, 'exports'), tmp.dir) // an app start
    expect(existsSync(old)).toBe(false)
    expect(existsSync(recent)).toBe(true)
    utimesSync(dirname(recent), dayAgo, dayAgo)
    const next = fresh.writeDragFile('next.mid', new Uint8Array([3]))
    expect([existsSync(recent), existsSync(next)]).toEqual([false, true])
  })

  it('leaves what it did not make in the drag folder, however old', () => {
    const files = new ExportFiles(join(tmp.dir, 'exports2'), join(tmp.dir, 't2'))
    files.writeDragFile('ours.mid', new Uint8Array([1]))
    const foreign = join(files.dragDir, 'my notes')
    const loose = join(files.dragDir, 'loose-file-of-16')
    mkdirSync(foreign)
    writeFileSync(join(foreign, 'keep.txt'), 'mine')
    writeFileSync(loose, 'mine')
    const dayAgo = (Date.now() - DRAG_FILE_AGE_MS - 60_000) / 1000
    for (const p of [foreign, loose]) utimesSync(p, dayAgo, dayAgo)
    expect(files.pruneDragFiles()).toBe(0)
    expect([existsSync(join(foreign, 'keep.txt')), existsSync(loose)]).toEqual([true, true])
  })
})
