import { describe, expect, it } from 'vitest'
import {
  HELD_OUT_FRACTION,
  MIN_FILES_FOR_SPLIT,
  isHeldOut,
  splitOf,
  splitSegments,
  type Manifest
} from '../../../../src/main/data/dataset'

const hex = (lead: string) => lead.padEnd(64, '0')

describe('held-out split by file hash', () => {
  it('holds out a file when the first 32 bits of its sha256 fall below the share', () => {
    expect(isHeldOut(hex('00000000'))).toBe(true)
    expect(isHeldOut(hex('ffffffff'))).toBe(false)
    const edge = Math.ceil(HELD_OUT_FRACTION * 2 ** 32)
    expect(isHeldOut(hex((edge - 1).toString(16).padStart(8, '0')))).toBe(true)
    expect(isHeldOut(hex(edge.toString(16).padStart(8, '0')))).toBe(false)
  })

  it('is the same for the same files, and holds nothing out of a small set', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ sha256: hex(i < 3 ? '0' : 'f') + i }))
    expect(splitOf(files).heldOutFiles).toEqual([0, 1, 2])
    expect(splitOf(files.slice(0, MIN_FILES_FOR_SPLIT - 1)).heldOutFiles).toEqual([])
  })

  it('serves segments by side; a manifest without a stored split trains on everything', () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ sha256: hex(i === 0 ? '0' : 'f') }))
    const segments = [0, 0, 1, 2].map((source) => ({ source, startTick: 0, bar: 0, notes: [] }))
    const m = { files, segments, split: splitOf(files) } as unknown as Manifest
    expect(splitSegments(m, 'heldout')).toEqual([0, 1])
    expect(splitSegments(m, 'train')).toEqual([2, 3])
    const old = { ...m, split: undefined }
    expect(splitSegments(old, 'train')).toEqual([0, 1, 2, 3])
    expect(splitSegments(old, 'heldout')).toEqual([0, 1])
  })
})
