import { describe, expect, it } from 'vitest'
import { gmDrumName } from '@shared/music/gmDrums'

describe('GM drum names (the drum track’s rows)', () => {
  it('names every GM level 1 percussion note 35..81 and nothing outside', () => {
    expect([36, 38, 42, 46, 49, 51].map(gmDrumName)).toEqual([
      'Kick',
      'Snare',
      'Closed hat',
      'Open hat',
      'Crash',
      'Ride'
    ])
    for (let n = 35; n <= 81; n++) expect(gmDrumName(n)).toMatch(/\S/)
    expect(new Set(Array.from({ length: 47 }, (_, i) => gmDrumName(35 + i))).size).toBe(47)
    expect([34, 82, 0, 127].map(gmDrumName)).toEqual([null, null, null, null])
  })
})
