// The worker pipeline: real files and bad files together, progress, cancellation, and folder walking.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  collectFiles,
  importFiles,
  type ImportProgress
} from '../../../../src/main/data/import/importFiles'
import { FIXTURE_MIDI, fixtureMidiFiles } from '../../../helpers/fixtures'
import { cscMembers, lpdNpz, npy, zeroBomb, zip } from '../npz/npzWriter'

const dir = mkdtempSync(join(tmpdir(), 'import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('importFiles', () => {
  it('imports good files, fails bad ones alone with typed errors, and reports progress', async () => {
    const good = fixtureMidiFiles().filter((_, i) => i % 12 === 0)
    const bad = [
      join(dir, 'empty.mid'),
      join(dir, 'text.mid'),
      join(dir, 'missing.mid'),
      join(dir, 'junk.npz')
    ]
    writeFileSync(bad[0], '')
    writeFileSync(bad[1], 'hello, not a MIDI file')
    writeFileSync(bad[3], 'PK\x03\x04 truncated zip')
    const paths = [bad[0], ...good.slice(0, 3), bad[1], bad[2], ...good.slice(3), bad[3]]
    const progress: ImportProgress[] = []
    const results = []
    for await (const r of importFiles(paths, {
      onProgress: (p) => progress.push(p),
      pitchRange: { low: 24, high: 107 }
    }))
      results.push(r)
    expect(results.map((r) => r.file)).toEqual(paths)
    const errors = results.filter((r) => r.error).map((r) => [r.file, r.error?.code])
    expect(errors).toEqual([
      [bad[0], 'empty'],
      [bad[1], 'not-midi'],
      [bad[2], 'io'],
      [bad[3], 'bad-zip']
    ])
    for (const r of results.filter((x) => !x.error)) {
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(r.piece?.tracks.length).toBeGreaterThan(0)
      expect(r.report?.notesKept).toBe(r.piece?.tracks.reduce((s, t) => s + t.notes.length, 0))
    }
    expect(progress.at(-1)).toMatchObject({ done: paths.length, total: paths.length, failed: 4 })
    expect(progress.map((p) => p.done)).toEqual(paths.map((_, i) => i + 1))
  })

  it('fails a huge-shape .npz and a zip bomb alone while a good .npz and MIDI files import', async () => {
    const track = {
      program: 33,
      isDrum: false,
      name: 'Bass',
      steps: 48,
      cells: [[0, 40, 100]] as [number, number, number][]
    }
    const good = join(dir, 'good.npz')
    writeFileSync(good, lpdNpz([track]))
    const huge = join(dir, 'huge.npz')
    const members = cscMembers(0, track).map((m) =>
      m.name.endsWith('shape.npy') ? { name: m.name, data: npy('<i8', [2], [2 ** 31, 128]) } : m
    )
    members.push({
      name: 'info.json',
      data: new TextEncoder().encode('{"resolution": 24, "0": {"program": 33}}')
    })
    writeFileSync(huge, zip(members))
    const bomb = join(dir, 'bomb.npz')
    writeFileSync(bomb, zip([{ name: 'pianoroll_0_csc_data.npy', raw: await zeroBomb(200) }]))
    const mid = fixtureMidiFiles()[5]
    const results = []
    for await (const r of importFiles([huge, good, bomb, mid])) results.push(r)
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual(['bad-lpd', 'ok', 'zip-limits', 'ok'])
    expect(results[0].error?.message).toMatch(/steps/)
    expect(results[2].error).toMatchObject({
      file: bomb,
      message: expect.stringMatching(/inflate|declares/)
    })
    expect(results[1].piece?.tracks[0]).toMatchObject({
      family: 5,
      notes: [{ pitch: 40, start: 0, duration: 20 }]
    })
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const seen: string[] = []
    for await (const r of importFiles(fixtureMidiFiles().slice(0, 60), {
      signal: controller.signal,
      wantPiece: false
    })) {
      seen.push(r.file)
      if (seen.length === 5) controller.abort()
    }
    expect(seen).toHaveLength(5)
  })

  it('walks folders for importable files', async () => {
    // The fixture folder also holds licence texts, a README and manifest.json: only the .mid files are importable.
    const files = await collectFiles([FIXTURE_MIDI])
    expect([...files].sort()).toEqual(fixtureMidiFiles())
  })
})
