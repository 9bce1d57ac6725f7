import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  QUIT_BUTTON,
  RESTORE_BUTTON,
  RESTORE_OLDER_BUTTON,
  openOrRestore,
  type DamagedQuestion
} from '../../../src/main/app/damagedLibrary'
import { createServices, type Services } from '../../../src/main/app/services'
import { LOCK_FILE, backupIfDue, listBackups } from '../../../src/main/library/index'
import { tempDataDir } from '../../helpers/api'
import { piece as onePiece } from '../library/helpers/fixtures'
import { PieceSchema } from '../../../src/shared/api/piece'

// Issue 11: the restore-backup dialog, driven for real. The flow the desktop app shows as dialogs (src/main/index.ts)
// runs here over real services and real SQLite files; the faults are injected by overwriting a file's header page.
// The composer is scripted: each question is recorded and answered by button name.

const dirs: { cleanup(): void }[] = []
afterAll(() => dirs.forEach((d) => d.cleanup()))

const ctx = { transport: 'direct' as const }
const DAY = 24 * 60 * 60 * 1000

const open = (dir: string) => () =>
  createServices({ dataDir: dir, mode: 'serve', version: '0.0.0-test' })

/** Overwrite the first page (the SQLite header): the file no longer opens as a database. */
function damage(file: string): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0)
  closeSync(fd)
}

/** sha256 of every file under dir, by relative path. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const file = join(e.parentPath, e.name)
    out.set(relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex'))
  }
  return out
}

/** A composer who answers each question with the first of `choices` it offers. */
function composer(choices: string[]) {
  const asked: DamagedQuestion[] = []
  const failures: string[] = []
  return {
    asked,
    failures,
    ui: {
      ask(q: DamagedQuestion) {
        asked.push(q)
        const i = q.buttons.findIndex((b) => choices.includes(b))
        return i < 0 ? q.buttons.indexOf(QUIT_BUTTON) : i
      },
      fail: (title: string, text: string) => void failures.push(`${title}: ${text}`)
    }
  }
}

async function titles(services: Services): Promise<string[]> {
  const { items } = await services.handlers.pieces.list({}, ctx)
  return items.map((p) => p.title).sort()
}

/** A library with pieces "Old" (in both backups), "Mid" (in the newer backup) and "New" (in no backup). */
async function libraryWithBackups(): Promise<string> {
  const d = tempDataDir('b2b-damaged-')
  dirs.push(d)
  const services = open(d.dir)()
  await services.ready
  const save = (t: string) =>
    services.handlers.pieces.save({ title: t, piece: PieceSchema.parse(onePiece(t, 1)) }, ctx)
  await save('Old')
  await backupIfDue(services.library.db, d.dir, Date.now() - 2 * DAY)
  await save('Mid')
  await backupIfDue(services.library.db, d.dir, Date.now() - DAY)
  await save('New')
  await services.close()
  return d.dir
}

describe('a damaged library.sqlite (the restore-backup dialog)', () => {
  it('Quit changes nothing: every file as it was, and the folder is free again', async () => {
    const dir = await libraryWithBackups()
    damage(join(dir, 'library.sqlite'))
    const before = snapshot(dir)
    const c = composer([QUIT_BUTTON])
    expect(openOrRestore(dir, open(dir), c.ui)).toBeNull()
    expect(c.asked).toHaveLength(1)
    const [q] = c.asked
    expect(q.message).toBe('The library cannot be opened')
    expect(q.detail).toContain(`The library database ${join(dir, 'library.sqlite')} is damaged`)
    expect(q.detail).toContain(`The last backup is ${listBackups(dir)[0].file}`)
    expect(q.buttons).toEqual([RESTORE_BUTTON, QUIT_BUTTON])
    expect(snapshot(dir)).toEqual(before)
    expect(existsSync(join(dir, 'library.lock'))).toBe(false)
  })

  it('Restore: a damaged newest backup leads to the next older one; every damaged file is kept', async () => {
    const dir = await libraryWithBackups()
    const [newest, older] = listBackups(dir)
    damage(join(dir, 'library.sqlite'))
    damage(newest.file)
    const before = snapshot(dir)
    const c = composer([RESTORE_BUTTON, RESTORE_OLDER_BUTTON])
    const services = openOrRestore(dir, open(dir), c.ui)
    expect(c.failures).toEqual([])
    expect(services).not.toBeNull()
    try {
      await services!.ready
      // The older backup is in place: what was saved before it, nothing after.
      expect(await titles(services!)).toEqual(['Old'])
      expect(c.asked.map((q) => q.buttons[0])).toEqual([RESTORE_BUTTON, RESTORE_OLDER_BUTTON])
      expect(c.asked[1].detail).toContain('is damaged too')
      expect(c.asked[1].detail).toContain(`The next older backup is ${older.file}`)
    } finally {
      await services!.close()
    }
    // Nothing deleted: the damaged library and the damaged backup copy each sit beside it under their own name.
    const after = snapshot(dir)
    const asides = [...after.keys()].filter((f) => f.startsWith('library.sqlite.damaged-'))
    const sums = asides.map((f) => after.get(f))
    expect(sums).toContain(before.get('library.sqlite'))
    expect(sums).toContain(before.get(relative(dir, newest.file)))
    for (const [file, sum] of before)
      if (file !== 'library.sqlite') expect(after.get(file)).toBe(sum)
  })

  it('offers only Quit when no backup is left, and says so', async () => {
    const dir = await libraryWithBackups()
    const [newest, older] = listBackups(dir)
    for (const b of listBackups(dir)) damage(b.file)
    damage(join(dir, 'library.sqlite'))
    const before = snapshot(dir)
    const c = composer([RESTORE_BUTTON, RESTORE_OLDER_BUTTON])
    expect(openOrRestore(dir, open(dir), c.ui)).toBeNull()
    expect(c.asked.map((q) => q.buttons)).toEqual([
      [RESTORE_BUTTON, QUIT_BUTTON],
      [RESTORE_OLDER_BUTTON, QUIT_BUTTON],
      [QUIT_BUTTON]
    ])
    expect(c.asked[2].detail).toContain('There is no other backup')
    // The original and the first backup's copy sit aside under their own names; the last copy is in place.
    const after = snapshot(dir)
    const asides = [...after.keys()].filter((f) => f.startsWith('library.sqlite.damaged-'))
    expect(asides.map((f) => after.get(f)).sort()).toEqual(
      [before.get('library.sqlite'), before.get(relative(dir, newest.file))].sort()
    )
    expect(after.get('library.sqlite')).toBe(before.get(relative(dir, older.file)))
  })

  it('another process holding the folder is reported, not treated as damage', async () => {
    const dir = await libraryWithBackups()
    damage(join(dir, 'library.sqlite'))
    const far = { pid: 4242, host: 'another-machine', mode: 'serve', startedAt: 'then' }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(far))
    const before = snapshot(dir)
    const c = composer([RESTORE_BUTTON])
    expect(openOrRestore(dir, open(dir), c.ui)).toBeNull()
    expect(c.asked).toEqual([])
    expect(c.failures[0]).toMatch(
      /^Bytes to Beats cannot start: .*serve, process 4242 on another-machine/
    )
    expect(snapshot(dir)).toEqual(before)
  })
})
