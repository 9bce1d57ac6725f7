import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { trainCommand } from '../../../src/main/cli/train'
import { generateCommand } from '../../../src/main/cli/generate'
import { evaluateCommand } from '../../../src/main/cli/evaluate'
import { importCommand } from '../../../src/main/cli/importCmd'
import { datasetFolder } from '../../../src/main/cli/datasetRef'
import { readMidi } from '../../../src/main/data/midi/read'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { openDatasetSource } from '../../../src/main/ml/datasetSource'
import { Trainer } from '../../../src/main/ml/trainer'
import { FIXTURE_MIDI, fixtureMidiFiles } from '../../helpers/fixtures'
import { TINY_SEGMENTS } from '../../helpers/cli'

const data = mkdtempSync(join(tmpdir(), 'b2b-cli-'))
afterAll(() => rmSync(data, { recursive: true, force: true }))

function captureLog(): { lines: string[]; restore(): void } {
  const lines: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')))
  const err = vi.spyOn(console, 'error').mockImplementation(() => {})
  return { lines, restore: () => (log.mockRestore(), err.mockRestore()) }
}

describe('engine CLI', () => {
  it('train (real steps of a tiny config on a library dataset) then generate MIDI, PNG and raw output', async () => {
    const midi = join(data, 'doom')
    mkdirSync(midi)
    for (const f of ['d_intro.mid', 'd_dm2ttl.mid'])
      copyFileSync(join(FIXTURE_MIDI, 'freedoom', f), join(midi, f))
    const out = captureLog()
    try {
      expect(
        await importCommand.run([midi, '--dataset', 'doom', '--data', data, ...TINY_SEGMENTS])
      ).toBe(0)
      const args = [
        '--dataset',
        'doom',
        '--preset',
        'test',
        '--epochs',
        '2',
        '--batch-size',
        '1',
        '--backend',
        'wasm'
      ]
      expect(await trainCommand.run([...args, '--run', 'tiny', '--data', data])).toBe(0)
      const end = /^end at step (\d+)$/.exec(out.lines.at(-1) ?? '')
      expect(end).not.toBeNull()
      const ckpt = out.lines.find(
        (l) => l.startsWith('checkpoint ') && l.includes(`step ${end![1]} `)
      )
      expect(ckpt).toBeDefined()
      const file = ckpt!.split(' ')[1]
      // the test preset has 12 pitch rows; pieces need all 17 tracks, which it has
      const dir = join(data, 'gen')
      const gen = [
        '--checkpoint',
        file,
        '--count',
        '2',
        '--seed',
        '7',
        '--out',
        dir,
        '--threshold',
        '0.5'
      ]
      expect(await generateCommand.run(gen)).toBe(0)
      expect(readdirSync(dir).sort()).toEqual([
        'piece-7.f32',
        'piece-7.mid',
        'piece-7.png',
        'piece-8.f32',
        'piece-8.mid',
        'piece-8.png'
      ])
      const png = readFileSync(join(dir, 'piece-7.png'))
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      expect(png.readUInt32BE(16)).toBe(16 * 4)
      expect(readFileSync(join(dir, 'piece-7.mid')).subarray(0, 4).toString()).toBe('MThd')
      expect(readFileSync(join(dir, 'piece-7.f32')).length).toBe(16 * 12 * 17 * 4)
      // --variety 0 draws every z at the mean: two seeds give the same raw output, unlike at variety 1.
      const calm = join(dir, 'calm')
      expect(
        await generateCommand.run([
          ...gen.slice(0, -3),
          calm,
          '--threshold',
          '0.5',
          '--variety',
          '0'
        ])
      ).toBe(0)
      const raw = (d: string, s: number) => readFileSync(join(d, `piece-${s}.f32`))
      expect(raw(calm, 7).equals(raw(calm, 8))).toBe(true)
      expect(raw(dir, 7).equals(raw(dir, 8))).toBe(false)
      await expect(generateCommand.run([...gen, '--variety', '-1'])).rejects.toThrow(/variety/)
      // --transpose moves the pitched notes and leaves the drums; the raw output is the model's own either way
      const up = join(dir, 'up')
      expect(
        await generateCommand.run([
          ...gen.slice(0, -3),
          up,
          '--threshold',
          '0.5',
          '--transpose',
          '2'
        ])
      ).toBe(0)
      expect(raw(up, 7).equals(raw(dir, 7))).toBe(true)
      const notesOf = (d: string) =>
        readMidi('piece-7.mid', readFileSync(join(d, 'piece-7.mid'))).piece.tracks.flatMap((t) =>
          t.notes.map((n) => [t.isDrum, n.pitch, n.start])
        )
      const moved = notesOf(dir).map(([drum, p, t]) => [drum, drum ? p : (p as number) + 2, t])
      expect(notesOf(up).length).toBeGreaterThan(0)
      expect(notesOf(up)).toEqual(moved)
      await expect(generateCommand.run([...gen, '--transpose', '12'])).rejects.toThrow(/transpose/)
    } finally {
      out.restore()
    }
  })

  it('evaluate prints real vs generated metrics for a real dataset', async () => {
    const midi = join(data, 'midi')
    mkdirSync(midi)
    for (const f of fixtureMidiFiles('pop909').slice(0, 3)) copyFileSync(f, join(midi, basename(f)))
    const log = captureLog()
    try {
      expect(await importCommand.run([midi, '--dataset', 'pop3', '--data', data])).toBe(0)
    } finally {
      log.restore()
    }
    const dsDir = datasetFolder('pop3', data)
    await initBackend('wasm')
    const src = await openDatasetSource(dsDir, 'pop3', [64, 84, 17])
    expect(src.count).toBeGreaterThan(4)
    const t = await Trainer.open({
      config: presetConfig('small'),
      source: src,
      dir: join(data, 'runs', 'small')
    })
    const { file } = await t.checkpoint('stop')
    t.dispose()
    const out = captureLog()
    try {
      const args = ['--checkpoint', file, '--dataset', 'pop3', '--count', '4', '--data', data]
      expect(await evaluateCommand.run(args)).toBe(0)
    } finally {
      out.restore()
    }
    expect(out.lines[0]).toMatch(/metric\s+real\s+generated/)
    const poly = out.lines.find((l) => l.startsWith('polyphony '))!
    expect(poly).toMatch(/\d\.\d{3} ± \d\.\d{3}/)
  })
})
