import { describe, expect, it } from 'vitest'
import {
  barsToTick,
  barsUntil,
  downbeatTicks,
  normalizeSignatures,
  signatureAt,
  stepToTick,
  tickToBars,
  tickToStep
} from '@shared/music/time'

const PPQ = 480

describe('time', () => {
  it('defaults to 4/4 from tick 0 and lets a later event at one tick win', () => {
    expect(normalizeSignatures([])).toEqual([{ tick: 0, numerator: 4, denominator: 4 }])
    const sigs = normalizeSignatures([
      { tick: 0, numerator: 3, denominator: 4 },
      { tick: 0, numerator: 6, denominator: 8 }
    ])
    expect(sigs).toEqual([{ tick: 0, numerator: 6, denominator: 8 }])
  })

  it('lays out bars across signature changes', () => {
    // 2 bars of 4/4 (1920 ticks each), then 3/4 (1440 ticks) from 3840.
    const sigs = [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 3840, numerator: 3, denominator: 4 }
    ]
    expect(downbeatTicks(sigs, PPQ, 3840 + 1440 * 2)).toEqual([0, 1920, 3840, 5280])
    expect(tickToBars(sigs, PPQ, 3840 + 720)).toBe(2.5)
    expect(barsToTick(sigs, PPQ, 3)).toBe(5280)
    expect(barsToTick(sigs, PPQ, 1.5)).toBe(1920 + 960)
    expect(signatureAt(sigs, 4000).numerator).toBe(3)
  })

  it('cuts a bar short when a new signature starts inside it', () => {
    // 4/4 bar from 0, but 2/4 starts at 960: bar 0 is 960 ticks, bar 1 is a 2/4 bar.
    const bars = barsUntil(
      [
        { tick: 0, numerator: 4, denominator: 4 },
        { tick: 960, numerator: 2, denominator: 4 }
      ],
      PPQ,
      1920
    )
    expect(bars.map((b) => [b.start, b.length, b.numerator])).toEqual([
      [0, 960, 4],
      [960, 960, 2]
    ])
  })

  it('6/8 bars are three quarter notes long', () => {
    expect(downbeatTicks([{ tick: 0, numerator: 6, denominator: 8 }], PPQ, 3000)).toEqual([
      0, 1440, 2880
    ])
  })

  it('converts ticks and steps both ways', () => {
    expect(tickToStep(960, PPQ, 4)).toBe(8)
    expect(tickToStep(1080, PPQ, 4, 960)).toBe(1)
    expect(stepToTick(8, PPQ, 4, 120)).toBe(1080)
  })
})
