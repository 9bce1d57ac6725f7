// Nearest training music over a real dataset built from fixture MIDI: exact copies score 1 and are flagged.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDataset, type SourcePiece } from '../../../../src/main/data/dataset'
import {
  BarIndexCache,
  loadBarIndex,
  nearestBars,
  realBaseline,
  segmentRoll,
  type BarIndex
} from '../../../../src/main/data/dataset/nearest'
import { nearestForPiece } from '../../../../src/main/data/dataset/nearestPiece'
import { readMidi } from '../../../../src/main/data/midi/read'
import type { Piece } from '../../../../src/shared/music/piece'
import { rollToPiece } from '../../../../src/shared/music/rollToPiece'
import { FIXTURE_MIDI } from '../../../helpers/fixtures'

const FILES = ['freedoom/d_e1m1.mid', 'freedoom/d_dm01.mid', 'pop909/001.mid', 'pop909/007.mid']
const pieces = new Map<string, Piece>()
let dir: string
let index: BarIndex

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'b2b-nearest-'))
  async function* sources(): AsyncGenerator<SourcePiece> {
    for (const file of FILES) {
      const bytes = await readFile(join(FIXTURE_MIDI, file))
      const piece = readMidi(file, bytes).piece
      pieces.set(file, piece)
      yield { file, sha256: createHash('sha256').update(bytes).digest('hex'), piece }
    }
  }
  await buildDataset(sources(), dir, { name: 'near' })
  index = loadBarIndex(dir)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('nearest training bars', () => {
  it('counts the on-cells of every bar of every segment', () => {
    const { manifest, counts, barsPerSegment } = index
    expect(counts.length).toBe(manifest.segmentCount * barsPerSegment)
    const roll = segmentRoll(index, 3)
    const cells = roll.length / barsPerSegment
    for (let b = 0; b < barsPerSegment; b++) {
      let n = 0
      for (let i = b * cells; i < (b + 1) * cells; i++) n += roll[i]
      expect(counts[3 * barsPerSegment + b]).toBe(n)
    }
  })

  it('finds a training segment itself with similarity 1 and flags it as a possible copy', () => {
    const baseline = realBaseline(index, 60)
    expect(baseline.samples).toBe(60)
    expect(baseline.p99).toBeGreaterThan(0)
    expect(baseline.p99).toBeLessThan(1)
    const seg = 5
    const copy = rollToPiece(segmentRoll(index, seg), index.manifest.config, { threshold: 0.5 })
    const report = nearestForPiece(index, baseline, copy, 2)
    expect(report.bars).toHaveLength(4)
    const source = index.manifest.files[index.manifest.segments[seg].source].file
    for (const b of report.bars.filter((x) => x.cells > 0)) {
      expect(b.matches[0].similarity).toBeCloseTo(1, 6)
      expect(b.matches[0].file).toBe(source)
      expect(b.copying).toBe(true)
    }
    expect(report.flagged.length).toBeGreaterThan(0)
  })

  it('skips empty bars and excludes a file when asked', () => {
    expect(nearestBars(index, new Uint32Array(0), 3)).toEqual([])
    const roll = segmentRoll(index, 0)
    const cells = roll.length / index.barsPerSegment
    const on = Uint32Array.from(
      Array.from(roll.subarray(0, cells)).flatMap((v, i) => (v ? [i] : []))
    )
    const src = index.manifest.segments[0].source
    const other = nearestBars(index, on, 5, src)
    for (const m of other) expect(index.manifest.segments[m.segment].source).not.toBe(src)
    const withOwn = nearestBars(index, on, 1)
    expect(withOwn[0].similarity).toBeGreaterThanOrEqual(other[0]?.similarity ?? 0)
  })

  it('keeps one loaded index per dataset and reloads it when the dataset changes', () => {
    const cache = new BarIndexCache()
    const a = cache.get(dir)
    expect(cache.get(dir).index).toBe(a.index)
    expect(a.baseline()).toBe(a.baseline())
  })
})
