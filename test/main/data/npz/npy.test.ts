// .npy header rules (N2): a table of hostile headers, all rejected; and the valid layouts read right.
import { describe, expect, it } from 'vitest'
import { parseNpy } from '../../../../src/main/data/npz/npy'
import { npy, npyRaw } from './npzWriter'

const four = new Uint8Array(16)
const hdr = (text: string, data = four) => npyRaw('', [], data, false, text)

const HOSTILE: [string, Uint8Array][] = [
  ['bad magic', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58, 1, 0, 0, 0])],
  [
    'version 4.0',
    (() => {
      const b = npy('<i4', [4], [1, 2, 3, 4])
      b[6] = 4
      return b
    })()
  ],
  [
    'header length beyond the file',
    (() => {
      const b = npy('<i4', [4], [1, 2, 3, 4])
      b[8] = 0xff
      b[9] = 0xff
      return b
    })()
  ],
  [
    'header over 64 KiB (v2)',
    Uint8Array.from([
      0x93,
      0x4e,
      0x55,
      0x4d,
      0x50,
      0x59,
      2,
      0,
      0,
      0,
      2,
      0,
      ...new Array(70_000).fill(0x20)
    ])
  ],
  ['object dtype |O', hdr("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }")],
  ['complex dtype <c8', hdr("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }")],
  [
    'multi-byte dtype without byte order',
    hdr("{'descr': '|i4', 'fortran_order': False, 'shape': (4,), }")
  ],
  ['negative dimension', hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (-1, 4), }")],
  ['float dimension', hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (2.0, 2), }")],
  [
    'dimension over 2^31',
    hdr("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296,), }")
  ],
  [
    'huge shape, 16 bytes of data',
    hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 128), }")
  ],
  ['shape smaller than the data', hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }")],
  ['missing shape key', hdr("{'descr': '<i4', 'fortran_order': False, }")],
  ['extra key', hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), 'x': 1, }")],
  ['not a dict', hdr("['descr', '<i4']")],
  [
    'Fortran order with 3 dimensions',
    hdr("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2, 4), }")
  ],
  [
    'odd byte length for <i2',
    hdr("{'descr': '<i2', 'fortran_order': False, 'shape': (8,), }", new Uint8Array(15))
  ]
]

describe('.npy header validation (N2)', () => {
  it.each(HOSTILE)('rejects %s', (_name, bytes) => {
    expect(() => parseNpy('x.npz', 'a.npy', bytes)).toThrow(
      expect.objectContaining({ code: 'bad-npy', file: 'x.npz' })
    )
  })

  it('has at least 12 hostile cases', () => expect(HOSTILE.length).toBeGreaterThanOrEqual(12))

  it('reads int64, bool, big-endian and Fortran-order arrays correctly', () => {
    expect(Array.from(parseNpy('f', 'a', npy('<i8', [3], [5, -2, 2 ** 40])).data)).toEqual([
      5,
      -2,
      2 ** 40
    ])
    expect(Array.from(parseNpy('f', 'a', npy('|b1', [2], [1, 0])).data)).toEqual([1, 0])
    const be = npyRaw('>i4', [2], Uint8Array.from([0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe]))
    expect(Array.from(parseNpy('f', 'a', be).data)).toEqual([256, -2])
    // Column-major 2 x 3: memory holds columns [1,4] [2,5] [3,6].
    const fo = npyRaw('|u1', [2, 3], Uint8Array.from([1, 4, 2, 5, 3, 6]), true)
    expect(parseNpy('f', 'a', fo)).toMatchObject({ shape: [2, 3] })
    expect(Array.from(parseNpy('f', 'a', fo).data)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
