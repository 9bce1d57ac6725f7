// An .npz written by numpy itself (np.savez_compressed + appended info.json, as pypianoroll does) reads right.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLpd } from '../../../../src/main/data/npz/lpd'

const PYTHON = '/usr/bin/python3'
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy']).status === 0
if (!hasNumpy)
  console.warn(
    'skipping the numpy-written .npz test: /usr/bin/python3 has no numpy (JS-written files are tested anyway)'
  )

const SCRIPT = `
import json, sys, zipfile, numpy as np
roll = np.zeros((96, 128), dtype=bool); roll[0:24, 60] = True; roll[30:40, 64] = True; roll[5, 36] = True
data, indices, indptr = [], [], [0]
for p in range(128):
    rows = np.nonzero(roll[:, p])[0]
    data += list(roll[rows, p]); indices += list(rows); indptr.append(len(data))
np.savez_compressed(sys.argv[1], pianoroll_0_csc_data=np.array(data, dtype=bool),
    pianoroll_0_csc_indices=np.array(indices, dtype=np.int64), pianoroll_0_csc_indptr=np.array(indptr, dtype=np.int64),
    pianoroll_0_csc_shape=np.array([96, 128]), tempo=np.full((96, 1), 100.0), downbeat=np.zeros((96, 1), dtype=bool))
with zipfile.ZipFile(sys.argv[1], 'a') as z:
    z.writestr('info.json', json.dumps({'beat_resolution': 24, 'name': 'np', '0': {'program': 26, 'is_drum': False, 'name': 'Gtr'}}))
`

describe.skipIf(!hasNumpy)('numpy-written .npz', () => {
  it('decodes notes, program family and tempo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npz-'))
    try {
      const file = join(dir, 'np.npz')
      const run = spawnSync(PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8' })
      expect(run.status, run.stderr).toBe(0)
      const { piece } = await readLpd(file, readFileSync(file))
      expect(piece.tracks).toHaveLength(1)
      expect(piece.tracks[0]).toMatchObject({ name: 'Gtr', family: 4, program: 26 })
      expect(piece.tracks[0].notes.map((n) => [n.pitch, n.start, n.duration])).toEqual([
        [60, 0, 480],
        [36, 100, 20],
        [64, 600, 200]
      ])
      expect(piece.tempos).toEqual([{ tick: 0, bpm: 100 }])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
