// The exchange format without PyTorch (runs in every CI): layouts both ways, safetensors, npz, and import-run's
// checks on a folder that looks trained (a checkpoint written as train_ddp.py writes it) or is broken.
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore, listRuns } from '../../../../src/main/library/index'
import { initBackend } from '../../../../src/main/ml/backend'
import { loadCheckpoint, type StoredTensor } from '../../../../src/main/ml/checkpoint'
import { exportRun } from '../../../../src/main/ml/torch/exportRun'
import { importRun } from '../../../../src/main/ml/torch/importRun'
import { encodeNpy } from '../../../../src/main/ml/torch/npz'
import {
  decodeSafetensors,
  encodeSafetensors,
  readSafetensors
} from '../../../../src/main/ml/torch/safetensors'
import { fromTorch, mapName, permute, toTorch } from '../../../../src/main/ml/torch/tensorMap'
import { presetConfig } from '../../../../src/main/ml/config'
import { tempDataDir } from '../../../helpers/api'
import { tinyDataset, tinyRun } from './tinyRun'

const data = tempDataDir('b2b-exch-')
afterAll(() => data.cleanup())
const iota = (n: number) => Float32Array.from({ length: n }, (_, i) => i)

describe('tensor layouts', () => {
  it('permute moves axes like numpy.transpose', () => {
    const { data: d, shape } = permute(iota(6), [2, 3], [1, 0])
    expect(shape).toEqual([3, 2])
    expect([...d]).toEqual([0, 3, 1, 4, 2, 5])
  })

  it('every engine tensor of the test preset goes to PyTorch and back unchanged', () => {
    const m = presetConfig('test').model
    const cases: StoredTensor[] = [
      { name: 'g/l1/w', shape: [4, 3, 8, 16], data: iota(4 * 3 * 8 * 16) },
      { name: 'd/c0/w', shape: [3, 3, 17, 4], data: iota(3 * 3 * 17 * 4) },
      { name: 'd/attn/wq', shape: [8, 1], data: iota(8) },
      { name: 'g/attn/gamma', shape: [], data: iota(1) },
      { name: 'd/fc/w', shape: [1 * 3 * 8, 1], data: iota(24) },
      { name: 'optD/v/fc/w', shape: [24, 1], data: iota(24) },
      { name: 'optG/iter', shape: [], data: Int32Array.of(7) }
    ]
    const want: Record<string, [string, number[]]> = {
      'g/l1/w': ['G.l2.conv.weight', [16, 8, 4, 3]],
      'd/c0/w': ['D.c1.conv.weight', [4, 17, 3, 3]],
      'd/attn/wq': ['D.attn.query.weight', [1, 8, 1, 1]],
      'g/attn/gamma': ['G.attn.gamma', [1]],
      'd/fc/w': ['D.fc.weight', [1, 24]],
      'optD/v/fc/w': ['optD.exp_avg_sq.D.fc.weight', [1, 24]],
      'optG/iter': ['optG.step', []]
    }
    for (const t of cases) {
      const p = toTorch(t, m)
      expect([p.name, p.shape], t.name).toEqual(want[t.name])
      const back = fromTorch(p, mapName(t.name), t.shape, m)
      expect(back.name).toBe(t.name)
      expect([...back.data]).toEqual([...t.data])
    }
    // a PyTorch conv weight [out, in, kh, kw]: element [o, i, h, w] is the engine's [h, w, i, o]
    const p = toTorch(cases[1], m)
    const at = (o: number, i: number, h: number, w: number) =>
      p.data[((o * 17 + i) * 3 + h) * 3 + w]
    expect(at(2, 5, 1, 0)).toBe(cases[1].data[((1 * 3 + 0) * 17 + 5) * 4 + 2])
    // fc: the engine flattens [H, W, C], PyTorch [C, H, W]; H = 1, W = 3, C = 8
    const fc = toTorch(cases[4], m)
    expect(fc.data[5 * 3 + 2]).toBe(cases[4].data[(0 * 3 + 2) * 8 + 5])
  })

  it('safetensors and npy encode what they say', () => {
    const buf = Buffer.concat(
      encodeSafetensors([{ name: 'a', shape: [2], data: Float32Array.of(1, 2) }], { k: 'v' })
    )
    const hlen = Number(buf.readBigUInt64LE(0))
    expect((8 + hlen) % 8).toBe(0)
    expect(decodeSafetensors(buf)).toEqual({
      metadata: { k: 'v' },
      tensors: [{ name: 'a', shape: [2], data: Float32Array.of(1, 2) }]
    })
    expect(() => decodeSafetensors(buf.subarray(0, buf.length - 1))).toThrow(/truncated/)
    const npy = Buffer.from(encodeNpy({ shape: [3], data: Int32Array.of(1, 2, 3) }))
    expect(npy.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY')
    const header = npy.subarray(10, 10 + npy.readUInt16LE(8)).toString('latin1')
    expect((10 + header.length) % 64).toBe(0)
    expect(header).toMatch(/'descr': '<i4', 'fortran_order': False, 'shape': \(3,\)/)
  })
})

describe('import-run checks before it writes', () => {
  const out = join(data.dir, 'export')
  let runs = 0
  beforeAll(async () => {
    await initBackend('cpu')
    const store = LibraryStore.open(data.dir)
    const ds = await tinyDataset(store, 'tiny set')
    store.close()
    await tinyRun(data.dir, ds, 'tiny set', 3)
    const s = LibraryStore.open(data.dir)
    await exportRun(s, 'tiny', out)
    runs = listRuns(s.db).length
    s.close()
  })

  const attempt = async (dir: string) => {
    const s = LibraryStore.open(data.dir)
    try {
      return await importRun(s, dir)
    } finally {
      s.close()
    }
  }
  const runCount = () => {
    const s = LibraryStore.open(data.dir)
    const n = listRuns(s.db).length
    s.close()
    return n
  }
  const exported = join(out, 'checkpoints', 'ckpt-0000000003.safetensors')
  /** A checkpoint at `step` as train_ddp.py writes it (here: the exported tensors, with new metadata). */
  const fakeTrained = (step: number, edit?: (t: ReturnType<typeof readSafetensors>) => void) => {
    const st = readSafetensors(exported)
    st.metadata.meta = JSON.stringify({ step, epoch: 1, lr: { g: 3e-4, d: 6e-4 } })
    edit?.(st)
    const file = join(out, 'checkpoints', `ckpt-${String(step).padStart(10, '0')}.safetensors`)
    writeFileSync(file, Buffer.concat(encodeSafetensors(st.tensors, st.metadata)))
    return file
  }

  it('refuses a folder with nothing new, a truncated checkpoint, a misshaped tensor; the library is unchanged', async () => {
    await expect(attempt(data.dir)).rejects.toThrow(/has no run\.json/)
    await expect(attempt(out)).rejects.toThrow(/no checkpoint newer than the exported step 3/)
    const bad = fakeTrained(9)
    truncateSync(bad, 100)
    await expect(attempt(out)).rejects.toThrow(/ckpt-0000000009\.safetensors: truncated/)
    fakeTrained(9, (st) => {
      const t = st.tensors.find((x) => x.name === 'D.fc.weight')!
      t.shape = [t.data.length, 1]
    })
    await expect(attempt(out)).rejects.toThrow(
      /D\.fc\.weight has shape \[24,1\], expected \[1,24\]/
    )
    expect(runCount()).toBe(runs)
    expect(readdirSync(join(data.dir, 'runs'))).toHaveLength(runs)
  })

  it('a good checkpoint comes back as an engine checkpoint equal to the exported state', async () => {
    fakeTrained(9)
    writeFileSync(
      join(out, 'losses.jsonl'),
      readFileSync(join(out, 'losses.jsonl'), 'utf8') + '{"step": 9, "ep'
    )
    const r = await attempt(out)
    expect(r.checkpoints.map((c) => c.step)).toEqual([9])
    expect(r.lossRows).toBe(3) // the torn last line is ignored
    expect(existsSync(r.checkpoints[0].file)).toBe(true)
    const back = loadCheckpoint(r.checkpoints[0].file).tensors
    const s = LibraryStore.open(data.dir)
    const src = listRuns(s.db).find((x) => x.name === 'tiny')!
    const ck = await s.latestValidCheckpoint(src.id)
    const orig = new Map(loadCheckpoint(s.files.toAbs(ck!.file)).tensors.map((t) => [t.name, t]))
    s.close()
    for (const t of back) {
      const o = orig.get(t.name)
      if (o) expect([...t.data], t.name).toEqual([...o.data])
      else expect(t.name).toMatch(/^opt[GD]\/[mv]\//) // Adam moments export-run added as zeros
    }
  })
})
