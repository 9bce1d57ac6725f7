import { describe, expect, it } from 'vitest'
import { FAMILIES, FAMILY_COUNT, familyOf } from '@shared/music/families'

describe('LPD-17 families', () => {
  it('has 17 families in tensor order with their GM programs', () => {
    expect(FAMILIES).toHaveLength(FAMILY_COUNT)
    expect(FAMILIES[0]).toMatchObject({ name: 'Drums', isDrum: true, program: 0 })
    expect(FAMILIES[5]).toMatchObject({ name: 'Bass', isDrum: false, program: 32 })
    expect(FAMILIES[16]).toMatchObject({ name: 'Sound Effects', program: 120 })
  })

  it('maps programs to 1 + floor(p / 8) and drums to 0', () => {
    expect(familyOf(0, false)).toBe(1)
    expect(familyOf(30, false)).toBe(4)
    expect(familyOf(127, false)).toBe(16)
    expect(familyOf(30, true)).toBe(0)
  })
})
