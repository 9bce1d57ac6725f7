import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PathGrants } from '../../../../src/main/app/grants'
import { collectFiles } from '../../../../src/main/data/import/importFiles'
import { tempDataDir } from '../../../helpers/api'

// Issue 11 item 9: a music folder with symlink loops hung chooseSource (readdir recursive follows links for ever).

const tmp = tempDataDir('b2b-walk-')
afterAll(() => tmp.cleanup())

describe('walking a music folder', () => {
  it('reads each real folder once: loops end, linked folders and files count once', async () => {
    const root = join(tmp.dir, 'music')
    mkdirSync(join(root, 'a/b'), { recursive: true })
    writeFileSync(join(root, 'one.mid'), 'x')
    writeFileSync(join(root, 'a/two.MID'), 'x')
    writeFileSync(join(root, 'a/b/three.midi'), 'x')
    writeFileSync(join(root, 'a/notes.txt'), 'x')
    symlinkSync('..', join(root, 'a/b/up')) // a -> b -> up -> a ...
    symlinkSync(root, join(root, 'a/root')) // back to the top
    symlinkSync(join(root, 'missing'), join(root, 'dangling'))
    const files = await collectFiles([root])
    expect(files.map((f) => f.slice(root.length + 1))).toEqual([
      'a/b/three.midi',
      'a/two.MID',
      'one.mid'
    ])
    const grant = await new PathGrants().register('midi-folder', [root])
    expect(grant.fileCount).toBe(3)
  })
})
