// CLI inpaint, continue and nearest in-process on the default model and a library dataset of fixture files; the MIDI
// they write is read back.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { readMidi } from '../../../src/main/data/midi/read'
import { pieceShiftToC } from '../../../src/shared/music/key'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { runCli } from '../../helpers/cli'

const data = mkdtempSync(join(tmpdir(), 'cli-latent-'))
afterAll(() => rmSync(data, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

const cli = runCli

const E1M1 = join(FIXTURE_MIDI, 'freedoom/d_e1m1.mid')
const SMALL = ['--steps', '20', '--restarts', '2']

describe('CLI inpaint, continue, nearest', () => {
  it('inpaint writes candidates that keep the chosen bars x tracks and prints their match', async () => {
    const out = join(data, 'inpainted')
    const r = await cli(
      'inpaint',
      E1M1,
      '--keep-bars',
      '1,2',
      '--keep-tracks',
      '0,5',
      '--from-bar',
      '9',
      '--count',
      '2',
      '--out',
      out,
      ...SMALL
    )
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/random z before the search: F1/)
    // The default model is key-aligned: it says where the piece's own key put the new notes.
    const move = -pieceShiftToC(readMidi('o.mid', readFileSync(E1M1)).piece)
    if (move) expect(r.out).toContain(`moved ${move > 0 ? '+' : ''}${move} semitones`)
    expect(move === 0 || r.out.includes("(the piece's key, found)")).toBe(true)
    expect(r.out.match(/precision [\d.]+, recall [\d.]+, F1 [\d.]+/g)).toHaveLength(2)
    const back = readMidi('c.mid', readFileSync(join(out, 'candidate-1.mid'))).piece
    const orig = readMidi('o.mid', readFileSync(E1M1)).piece
    const drumsIn = (p: typeof orig, from: number, to: number) =>
      p.tracks
        .filter((t) => t.family === 0)
        .flatMap((t) =>
          t.notes.filter((n) => n.start >= from && n.start < to).map((n) => [n.pitch, n.start])
        )
        .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    const bar = 4 * orig.ppq
    const scale = back.ppq / orig.ppq
    expect(
      drumsIn(back, 8 * bar * scale, 10 * bar * scale).map(([p, s]) => [p, s / scale])
    ).toEqual(drumsIn(orig, 8 * bar, 10 * bar))
  }, 240_000)

  it('continue adds the asked bars after the piece', async () => {
    const out = join(data, 'longer.mid')
    const r = await cli(
      'continue',
      join(FIXTURE_MIDI, 'pop909/001.mid'),
      '--bars',
      '2',
      '--out',
      out,
      ...SMALL
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/seam before bar \d+: similarity/)
    const orig = readMidi('o.mid', readFileSync(join(FIXTURE_MIDI, 'pop909/001.mid'))).piece
    const back = readMidi('l.mid', readFileSync(out)).piece
    const count = (p: typeof orig) => p.tracks.reduce((n, t) => n + t.notes.length, 0)
    expect(count(back)).toBeGreaterThanOrEqual(count(orig))
  }, 240_000)

  it('nearest finds a training file itself and flags its bars; bad input gets a usage line', async () => {
    const music = join(data, 'music')
    mkdirSync(music)
    for (const f of ['freedoom/d_e1m1.mid', 'pop909/001.mid'])
      copyFileSync(join(FIXTURE_MIDI, f), join(music, f.split('/')[1]))
    const lib = join(data, 'lib')
    expect((await cli('import', music, '--dataset', 'near', '--data', lib)).code).toBe(0)
    const r = await cli(
      'nearest',
      join(music, 'd_e1m1.mid'),
      '--dataset',
      'near',
      '--data',
      lib,
      '--json'
    )
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    const flagged = report.bars.filter((b: { copying: boolean }) => b.copying)
    expect(flagged.length).toBeGreaterThan(10)
    expect(flagged[0].matches[0].file).toMatch(/d_e1m1\.mid$/)
    expect((await cli('nearest', E1M1)).code).toBe(2)
  }, 240_000)
})
