import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetReader, buildDataset, parseLabelCsv } from '../../../../src/main/data/dataset'
import { PAPER_ROLL, pieceToRoll, rollSize } from '@shared/music/pianoroll'
import { beatPiece } from './fixture'

const BAR = 1920
let dir: string

function sources() {
  return [
    { file: 'a.mid', sha256: 'aa', piece: beatPiece(4 * 8) }, // 2 segments
    { file: 'b.mid', sha256: 'bb', piece: beatPiece(4 * 4 + 2) }, // 1 segment
    { file: 'c.mid', sha256: 'cc', piece: beatPiece(2) } // too short: none
  ]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'b2b-dataset-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('dataset cache', () => {
  it('writes a manifest with sources, offsets and family counts, and a bit-packed cache', async () => {
    const m = await buildDataset(sources(), dir, { name: 'tiny' })
    expect(m.segmentCount).toBe(3)
    expect(m.segmentBytes).toBe(rollSize(PAPER_ROLL) / 8)
    expect(m.segments.map((s) => [m.files[s.source].file, s.startTick, s.bar])).toEqual([
      ['a.mid', 0, 0],
      ['a.mid', 4 * BAR, 4],
      ['b.mid', 0, 0]
    ])
    expect(m.segments[0].notes[1]).toBe(32)
    expect(m.totals.filesWithoutSegments).toBe(1)
    expect(m.totals.notesPerFamily[0]).toBe(3 * 16)
    const cache = await stat(join(dir, m.cacheFile))
    expect(cache.size).toBe(3 * m.segmentBytes)
    const onDisk = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    expect(onDisk.segments).toEqual(m.segments)
  })

  it('reads segments back exactly, as Uint8 or Float32 batches', async () => {
    const r = await DatasetReader.open(dir)
    try {
      const want = pieceToRoll(beatPiece(4 * 8), PAPER_ROLL, 4 * BAR).roll
      expect(await r.read(1)).toEqual(want)
      expect(r.source(1)).toEqual({ file: 'a.mid', sha256: 'aa', startTick: 4 * BAR, bar: 4 })
      const batches = []
      for await (const b of r.batches({ batchSize: 2, shuffle: false })) batches.push(b)
      expect(batches.map((b) => b.shape)).toEqual([
        [2, 64, 84, 17],
        [1, 64, 84, 17]
      ])
      expect(batches[0].data).toBeInstanceOf(Float32Array)
      expect(Array.from(batches[0].data.subarray(rollSize(PAPER_ROLL)))).toEqual(Array.from(want))
      await expect(r.read(3)).rejects.toThrow(/out of range/)
    } finally {
      await r.close()
    }
  })

  it('shuffles with a seed: same seed same order, every segment once', async () => {
    const r = await DatasetReader.open(dir)
    try {
      const order = async (seed: number, dropLast = false) => {
        const out: number[] = []
        const it = r.batches({ batchSize: 2, seed, dtype: 'uint8', dropLast })
        for await (const b of it) out.push(...b.indices)
        return out
      }
      const a = await order(7)
      expect(await order(7)).toEqual(a)
      expect([...a].sort()).toEqual([0, 1, 2])
      const orders = new Set<string>()
      for (let s = 0; s < 10; s++) orders.add((await order(s)).join())
      expect(orders.size).toBeGreaterThan(1)
      expect(await order(7, true)).toHaveLength(2)
    } finally {
      await r.close()
    }
  })

  it('filters by labels and replaces the dataset atomically, removing the old cache', async () => {
    const before = await readdir(dir)
    const labels = parseLabelCsv('b.mid,rock\na.mid,jazz\n')
    const m = await buildDataset(sources(), dir, { labels: { labels, include: ['rock'] } })
    expect(m.segmentCount).toBe(1)
    expect(m.totals.filesSkippedByLabel).toBe(2)
    expect(m.labelFilter).toEqual({ include: ['rock'], labelledFiles: 2 })
    const after = await readdir(dir)
    expect(after.filter((f) => f.endsWith('.bin'))).toEqual([m.cacheFile])
    expect(before).not.toContain(m.cacheFile)
    expect(after.filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('an aborted build leaves the previous dataset readable and no stray cache', async () => {
    const ctl = new AbortController()
    async function* slow() {
      yield sources()[0]
      ctl.abort()
      yield sources()[1]
    }
    await expect(buildDataset(slow(), dir, { signal: ctl.signal })).rejects.toThrow()
    const r = await DatasetReader.open(dir)
    expect(r.count).toBe(1)
    await r.close()
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(1)
  })

  it('refuses a cache shorter than the manifest says', async () => {
    const other = await mkdtemp(join(tmpdir(), 'b2b-dataset-'))
    try {
      const m = await buildDataset(sources(), other)
      const { truncate } = await import('node:fs/promises')
      await truncate(join(other, m.cacheFile), m.segmentBytes)
      await expect(DatasetReader.open(other)).rejects.toThrow(/rebuild/)
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
