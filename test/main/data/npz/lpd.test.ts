// LPD-17 .npz import: resolution keys, dtypes, index widths, uneven tracks, families, and the N3 CSC rules.
import { describe, expect, it } from 'vitest'
import { ImportError } from '../../../../src/main/data/midi/errors'
import { readLpd } from '../../../../src/main/data/npz/lpd'
import { cscMembers, lpdNpz, npy, zip, type LpdTrack, type ZipMember } from './npzWriter'

const drums: LpdTrack = {
  program: 0,
  isDrum: true,
  name: 'Drums',
  steps: 96,
  cells: [
    [0, 36, 1],
    [24, 38, 1]
  ],
  data: '|b1'
}
const piano: LpdTrack = {
  program: 0,
  isDrum: false,
  name: 'Piano',
  steps: 192,
  index: '<i8',
  // C4 held 24 steps, then a one-step gap, then C4 again for 12 steps; E4 at step 100.
  cells: [
    ...Array.from({ length: 24 }, (_, s) => [s, 60, 80] as [number, number, number]),
    ...Array.from({ length: 12 }, (_, s) => [25 + s, 60, 90] as [number, number, number]),
    [100, 64, 70]
  ]
}
const bass: LpdTrack = {
  program: 33,
  isDrum: false,
  name: 'Bass',
  steps: 48,
  cells: [
    [0, 28, 100],
    [1, 28, 100],
    [2, 10, 100]
  ]
}

describe('LPD-17 .npz import', () => {
  it('decodes runs of steps into notes at PPQ 480 with families from info.json', async () => {
    const { piece, report } = await readLpd(
      'song.npz',
      lpdNpz([drums, piano, bass], { tempo: [100, 100, 110] })
    )
    expect(report.division).toBe('steps')
    expect(report.ppq).toBe(24)
    expect(piece.tracks.map((t) => [t.name, t.family, t.isDrum])).toEqual([
      ['Drums', 0, true],
      ['Piano', 1, false],
      ['Bass', 5, false]
    ])
    expect(piece.tracks[0].notes).toEqual([
      { pitch: 36, start: 0, duration: 20, velocity: 100 },
      { pitch: 38, start: 480, duration: 20, velocity: 100 }
    ])
    expect(piece.tracks[1].notes).toEqual([
      { pitch: 60, start: 0, duration: 480, velocity: 80 },
      { pitch: 60, start: 500, duration: 240, velocity: 90 },
      { pitch: 64, start: 2000, duration: 20, velocity: 70 }
    ])
    expect(piece.tempos).toEqual([
      { tick: 0, bpm: 100 },
      { tick: 40, bpm: 110 }
    ])
    expect(report.notesPerFamily).toMatchObject({ Drums: 2, Piano: 3, Bass: 2 })
  })

  it('reads the older beat_resolution key and drops notes outside the pitch range', async () => {
    const bytes = lpdNpz([bass], { key: 'beat_resolution', resolution: 12 })
    const { piece, report } = await readLpd('old.npz', bytes, {
      pitchRange: { low: 24, high: 107 }
    })
    expect(piece.tracks[0].notes).toEqual([{ pitch: 28, start: 0, duration: 80, velocity: 100 }])
    expect(report.notesDropped.outOfRange).toBe(1)
  })

  it('treats a family without arrays as empty and accepts a zero-length track', async () => {
    const members = [...cscMembers(1, { ...piano, steps: 0, cells: [] })]
    const info = {
      resolution: 24,
      0: { program: 0, is_drum: true, name: 'Drums' },
      1: { program: 0, is_drum: false, name: 'Piano' }
    }
    members.push({ name: 'info.json', data: new TextEncoder().encode(JSON.stringify(info)) })
    const { piece, report } = await readLpd('empty.npz', zip(members))
    expect(piece.tracks).toEqual([])
    expect(report.tracks).toHaveLength(2)
    expect(report.warnings.join()).toMatch(/no pianoroll arrays/)
  })
})

/** Replace one member of a valid one-track file. */
function withMember(name: string, data: Uint8Array): Buffer {
  const members: ZipMember[] = cscMembers(0, piano).map((m) =>
    m.name === name ? { name, data } : m
  )
  members.push({
    name: 'info.json',
    data: new TextEncoder().encode('{"resolution": 24, "0": {"program": 0}}')
  })
  return zip(members)
}

const ptr = (f: (a: number[]) => void): number[] => {
  const a = new Array(129).fill(37)
  a[0] = 0
  a.fill(0, 0, 61)
  a[61] = 36
  f(a)
  return a
}

const N3_CASES: [string, string, Uint8Array][] = [
  [
    'indptr too short',
    'pianoroll_0_csc_indptr.npy',
    npy('<i4', [128], ptr(() => {}).slice(0, 128))
  ],
  [
    'indptr not starting at 0',
    'pianoroll_0_csc_indptr.npy',
    npy(
      '<i4',
      [129],
      ptr((a) => (a[0] = 1))
    )
  ],
  [
    'indptr decreasing',
    'pianoroll_0_csc_indptr.npy',
    npy(
      '<i4',
      [129],
      ptr((a) => (a[61] = 40))
    )
  ],
  [
    'indptr not ending at nnz',
    'pianoroll_0_csc_indptr.npy',
    npy(
      '<i4',
      [129],
      ptr((a) => (a[128] = 36))
    )
  ],
  [
    'row index beyond T',
    'pianoroll_0_csc_indices.npy',
    npy('<i8', [37], [...new Array(36).fill(0), 192])
  ],
  [
    'negative row index',
    'pianoroll_0_csc_indices.npy',
    npy('<i8', [37], [...new Array(36).fill(0), -1])
  ],
  [
    'indices and data differ in length',
    'pianoroll_0_csc_indices.npy',
    npy('<i8', [36], new Array(36).fill(0))
  ],
  ['shape not (T, 128)', 'pianoroll_0_csc_shape.npy', npy('<i8', [2], [192, 127])],
  ['T over the 100,000-step cap', 'pianoroll_0_csc_shape.npy', npy('<i8', [2], [100_001, 128])],
  ['shape of 3 numbers', 'pianoroll_0_csc_shape.npy', npy('<i8', [3], [192, 128, 1])]
]

describe('CSC validation (N3)', () => {
  it.each(N3_CASES)('rejects %s', async (_name, member, data) => {
    await expect(readLpd('bad.npz', withMember(member, data))).rejects.toMatchObject({
      code: 'bad-lpd',
      file: 'bad.npz'
    })
  })

  it('rejects a track with some of its arrays missing, and a file without info.json', async () => {
    const partial = zip([
      cscMembers(0, piano)[0],
      { name: 'info.json', data: new TextEncoder().encode('{"resolution":24,"0":{}}') }
    ])
    await expect(readLpd('p.npz', partial)).rejects.toMatchObject({ code: 'bad-lpd' })
    await expect(readLpd('n.npz', zip(cscMembers(0, piano)))).rejects.toMatchObject({
      code: 'bad-lpd'
    })
  })

  it('survives 5,000 mutated LPD files with typed errors only', async () => {
    const seed = lpdNpz([drums, piano, bass], { deflate: false })
    let state = 12345
    const rand = (n: number) => (state = (state * 1103515245 + 12345) >>> 0) % n
    let accepted = 0
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(seed)
      for (let k = 1 + rand(4); k > 0; k--) bytes[rand(bytes.length)] = rand(256)
      try {
        await readLpd(`m${i}.npz`, bytes)
        accepted++
      } catch (err) {
        expect(err).toBeInstanceOf(ImportError)
      }
    }
    expect(accepted).toBeLessThan(5000)
  })
})
