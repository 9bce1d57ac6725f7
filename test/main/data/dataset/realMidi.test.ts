import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DatasetReader,
  buildDataset,
  datasetStats,
  type Manifest,
  type SourcePiece
} from '../../../../src/main/data/dataset'
import { readMidi } from '../../../../src/main/data/midi/read'
import { PAPER_ROLL, pieceToRoll } from '@shared/music/pianoroll'
import type { Piece } from '@shared/music/piece'
import { FIXTURE_MIDI } from '../../../helpers/fixtures'

const MIDI = FIXTURE_MIDI

// A few files of each group keep the test fast; the whole set is built by the CLI and bench.
const PICK = { pop909: ['001.mid', '007.mid', '013.mid'], freedoom: ['d_e1m1.mid', 'd_bunny.mid'] }
const pieces = new Map<string, Piece>()
let dir: string
let manifest: Manifest

async function* sources(): AsyncGenerator<SourcePiece> {
  for (const [group, names] of Object.entries(PICK)) {
    for (const name of names) {
      const bytes = await readFile(join(MIDI, group, name))
      const piece = readMidi(name, bytes).piece
      pieces.set(`${group}/${name}`, piece)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      yield { file: `${group}/${name}`, sha256, piece }
    }
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'b2b-real-'))
  manifest = await buildDataset(sources(), dir, { name: 'real' })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('dataset from real MIDI files (midi-io reader)', () => {
  it('cuts segments from every 4/4 or 2/4 file and skips the 3/4 one by meter', () => {
    const byFile = new Map(manifest.files.map((f) => [f.file, f]))
    for (const name of PICK.pop909)
      expect(byFile.get(`pop909/${name}`)?.segments).toBeGreaterThan(5)
    expect(byFile.get('freedoom/d_e1m1.mid')?.segments).toBeGreaterThan(5)
    const bunny = byFile.get('freedoom/d_bunny.mid')
    expect(bunny?.segments).toBe(0) // 3/4 throughout
    expect(bunny?.skipped.meter).toBeGreaterThan(0)
    expect(manifest.totals.notesPerFamily[1]).toBeGreaterThan(1000) // POP909 piano
    expect(manifest.totals.notesPerFamily[0]).toBeGreaterThan(100) // Freedoom drums
  })

  it('records real sha256s and stores rolls equal to a fresh encoding at the recorded tick', async () => {
    const f = manifest.files[0]
    const bytes = await readFile(join(MIDI, f.file))
    expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    const r = await DatasetReader.open(dir)
    try {
      for (const i of [0, Math.floor(r.count / 2), r.count - 1]) {
        const src = r.source(i)
        const want = pieceToRoll(pieces.get(src.file)!, PAPER_ROLL, src.startTick)
        expect(await r.read(i)).toEqual(want.roll)
        expect(manifest.segments[i].notes).toEqual(want.notesPerFamily)
      }
    } finally {
      await r.close()
    }
    expect((await readdir(dir)).sort()).toEqual([manifest.cacheFile, 'manifest.json'].sort())
  })

  it('stores LSB-first packed bits that numpy.unpackbits reads back to the same rolls', async () => {
    const code = [
      'import sys, numpy as np',
      'b = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(int(sys.argv[2]), -1)',
      'bits = np.unpackbits(b, axis=1, bitorder="little")[:, : int(sys.argv[3])]',
      'print(",".join(str(int(x)) for x in bits.sum(1)))'
    ].join('\n')
    const args = [join(dir, manifest.cacheFile), String(manifest.segmentCount), '91392']
    const sums = execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' })
    const r = await DatasetReader.open(dir)
    try {
      const ours: number[] = []
      for (let i = 0; i < r.count; i++) ours.push((await r.read(i)).reduce((a, b) => a + b, 0))
      expect(sums.trim().split(',').map(Number)).toEqual(ours)
    } finally {
      await r.close()
    }
  })

  it('gives a real-data metric band with polyphony first', async () => {
    const s = await datasetStats(dir, { maxSegments: 60, seed: 3 })
    expect(s.metrics[0].id).toBe('polyphony')
    expect(s.metrics[0].n).toBe(60)
    expect(s.metrics[0].mean).toBeGreaterThan(1)
    expect(s.metrics[0].sd).toBeGreaterThan(0)
    const sc = s.metrics.find((m) => m.id === 'scale_consistency')!
    expect(sc.mean).toBeGreaterThan(0.7)
    expect(sc.mean).toBeLessThanOrEqual(1)
  })
})
