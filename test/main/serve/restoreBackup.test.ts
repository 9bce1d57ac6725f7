import { spawn } from 'node:child_process'
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/app/services'
import { LibraryStore, backupIfDue, listPieces } from '../../../src/main/library/index'
import { ROOT, tempDataDir } from '../../helpers/api'
import { piece as onePiece } from '../library/helpers/fixtures'
import { PieceSchema } from '../../../src/shared/api/piece'

// Serve mode on a damaged library.sqlite (issue 11): it names the file and the backup and says how to restore it;
// `--restore-backup` puts the backup in place (keeping the damaged file) and serves. A real child process.

const tmp = tempDataDir('b2b-serve-restore-')
afterAll(tmp.cleanup)
const ctx = { transport: 'direct' as const }

function serve(...extra: string[]) {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', join(ROOT, 'src/main/cli.ts'), 'serve', '--port', '0'].concat([
      '--data',
      tmp.dir,
      ...extra
    ]),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += String(d)))
  child.stderr.on('data', (d) => (err += String(d)))
  const exited = new Promise<number | null>((done) => child.once('exit', done))
  return { child, exited, out: () => out, err: () => err }
}

describe('serve on a damaged library', () => {
  it('says how to restore; --restore-backup restores the backup, keeps the damaged file and serves', async () => {
    const services = createServices({ dataDir: tmp.dir, mode: 'serve', version: '0.0.0-test' })
    await services.ready
    const piece = PieceSchema.parse(onePiece('Backed up', 1))
    await services.handlers.pieces.save({ title: 'Backed up', piece }, ctx)
    const backup = await backupIfDue(services.library.db, tmp.dir)
    await services.close()
    const fd = openSync(join(tmp.dir, 'library.sqlite'), 'r+')
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0)
    closeSync(fd)

    const refused = serve()
    expect(await refused.exited).toBe(1)
    expect(refused.err()).toContain(
      `The library database ${join(tmp.dir, 'library.sqlite')} is damaged`
    )
    expect(refused.err()).toContain(`The last backup is ${backup}`)
    expect(refused.err()).toContain('Start again with --restore-backup to restore it.')
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.damaged-'))).toEqual([])

    const restored = serve('--restore-backup')
    await new Promise<void>((resolve, reject) => {
      restored.child.stdout.on('data', () => {
        if (/http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(restored.out())) resolve()
      })
      void restored.exited.then((code) =>
        reject(new Error(`serve exited ${code}: ${restored.err()}`))
      )
    })
    expect(restored.err()).toContain('Restoring it (--restore-backup).')
    restored.child.kill('SIGTERM')
    expect(await restored.exited).toBe(0)
    expect(
      readdirSync(tmp.dir).filter((f) => /^library\.sqlite\.damaged-\w+$/.test(f))
    ).toHaveLength(1)
    const store = LibraryStore.open(tmp.dir)
    try {
      expect(listPieces(store.db, {}).items.map((p) => p.title)).toEqual(['Backed up'])
    } finally {
      store.close()
    }
  }, 90_000)
})
