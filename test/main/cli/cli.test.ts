// The CLI in-process (main(argv), stdout captured) on the real MIDI fixtures, and once as a real child process.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { readMidi } from '../../../src/main/data/midi/read'
import { FIXTURE_MIDI, fixtureMidiFiles } from '../../helpers/fixtures'
import { runCli } from '../../helpers/cli'

const ROOT = resolve(__dirname, '../../..')
const MIDI = FIXTURE_MIDI
const COUNT = fixtureMidiFiles().length
const data = mkdtempSync(join(tmpdir(), 'cli-'))
afterAll(() => rmSync(data, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

/** Run main(argv) and capture what it prints. */
const cli = runCli

describe('bytes-to-beats CLI', () => {
  it('inspect --json prints format, ppq, tracks with family/program/notes, notes per family and tempo events', async () => {
    const file = join(MIDI, 'freedoom/d_dm01.mid')
    const r = await cli('inspect', file, '--json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    const direct = readMidi(file, readFileSync(file)).report
    expect(json).toMatchObject({
      format: 1,
      ppq: 96,
      notesKept: direct.notesKept,
      notesPerFamily: direct.notesPerFamily
    })
    expect(json.tracks[0]).toEqual(
      expect.objectContaining({
        family: expect.any(String),
        program: expect.any(Number),
        notes: expect.any(Number)
      })
    )
    expect(json.notesPerFamily.Drums).toBeGreaterThan(0)
    expect(json.tempos.length).toBeGreaterThan(0)
  })

  it('inspect --json on a bad file prints {"error": ...} and exits non-zero', async () => {
    const bad = join(data, 'bad.mid')
    writeFileSync(bad, Buffer.from('MThd\0\0\0\x06\0\x01\0\x01\0\0'))
    const r = await cli('inspect', bad, '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toEqual({
      error: { file: bad, code: 'bad-division', message: expect.stringMatching(/PPQ is 0/) }
    })
  })

  it('imports the fixture set into a dataset, prints its stats (polyphony first) and exports a segment', async () => {
    const imp = await cli('import', MIDI, '--dataset', 'dev', '--data', data)
    expect(imp.code).toBe(0)
    expect(imp.out).toMatch(
      new RegExp(`${COUNT} of ${COUNT} files imported, 0 failed, \\d+ segments`)
    )
    const stats = await cli(
      'dataset',
      'stats',
      'dev',
      '--data',
      data,
      '--max-segments',
      '200',
      '--json'
    )
    expect(stats.code).toBe(0)
    const s = JSON.parse(stats.out)
    expect(s.files).toBe(COUNT)
    expect(s.metrics[0].id).toBe('polyphony')
    expect(s.metrics[0].mean).toBeGreaterThan(1)
    expect(s.notesPerFamily.Piano).toBeGreaterThan(0)
    const table = await cli('dataset', 'stats', 'dev', '--data', data, '--max-segments', '50')
    expect(table.out).toMatch(/^metric +mean +sd +n\nPolyphony \(avg simultaneous notes/m)
    const out = join(data, 'seg.mid')
    const exp = await cli(
      'export',
      '--dataset',
      'dev',
      '--segment',
      '5',
      '--out',
      out,
      '--data',
      data
    )
    expect(exp.code).toBe(0)
    expect(readMidi(out, readFileSync(out)).report.notesKept).toBeGreaterThan(0)
  }, 120_000)

  it('exports a piece JSON with drums on channel 10 and rejects a broken one', async () => {
    const piece = {
      title: 'p',
      ppq: 480,
      tempos: [{ tick: 0, bpm: 100 }],
      timeSignatures: [],
      tracks: [
        {
          name: 'Kit',
          family: 0,
          program: 0,
          isDrum: true,
          notes: [{ pitch: 36, start: 0, duration: 120, velocity: 90 }]
        }
      ]
    }
    const src = join(data, 'p.json')
    writeFileSync(src, JSON.stringify(piece))
    const out = join(data, 'p.mid')
    expect((await cli('export', src, '--out', out)).code).toBe(0)
    expect(readMidi(out, readFileSync(out)).report.tracks[0]).toMatchObject({
      channel: 9,
      familyName: 'Drums',
      notes: 1
    })
    writeFileSync(
      src,
      JSON.stringify({
        ...piece,
        tracks: [
          { ...piece.tracks[0], notes: [{ pitch: 36, start: -5, duration: 1, velocity: 90 }] }
        ]
      })
    )
    const bad = await cli('export', src, '--out', out)
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/invalid/)
  })

  it('resolves dataset names through the library, never as paths', async () => {
    const r = await cli('dataset', 'stats', '../etc', '--data', data)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/no dataset named "\.\.\/etc"|no library in/)
  })

  it('runs as a real child process', () => {
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--require', 'tsx/cjs', join(ROOT, 'src/main/cli.ts'), ...args],
        { cwd: ROOT, encoding: 'utf8' }
      )
    const ok = run(['inspect', join(MIDI, 'pop909/001.mid'), '--json'])
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout).notesPerFamily.Piano).toBeGreaterThan(0)
    const bad = run(['inspect', join(ROOT, 'package.json'), '--json'])
    expect(bad.status).toBe(1)
    expect(JSON.parse(bad.stdout).error.code).toBe('not-midi')
  }, 60_000)
})
