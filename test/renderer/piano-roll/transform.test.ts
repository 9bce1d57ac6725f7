import { describe, expect, it } from 'vitest'
import { NoteTransform } from '../../../src/renderer/src/features/piano-roll/transform'

describe('NoteTransform', () => {
  const t = new NoteTransform({
    pixelsPerTick: 0.1,
    pixelsPerKey: 10,
    scrollTick: 0,
    topPitch: 128
  })

  it('maps ticks to x and back', () => {
    expect(t.tickToX(480)).toBeCloseTo(48)
    expect(t.xToTick(48)).toBeCloseTo(480)
    const s = t.with({ scrollTick: 960 })
    expect(s.tickToX(960)).toBe(0)
    expect(s.xToTick(s.tickToX(1234))).toBeCloseTo(1234)
  })

  it('maps pitches to rows, higher pitches above', () => {
    expect(t.pitchToY(127)).toBe(0)
    expect(t.pitchToY(60)).toBe((127 - 60) * 10)
    expect(t.yToPitch(0)).toBe(127)
    expect(t.yToPitch(9.99)).toBe(127)
    expect(t.yToPitch(10)).toBe(126)
    for (const p of [0, 21, 60, 108, 127]) expect(t.yToPitch(t.pitchToY(p) + 5)).toBe(p)
  })

  it('gives a note rectangle', () => {
    const r = t.noteRect({ pitch: 60, start: 480, duration: 240 })
    expect(r).toEqual({ x: 48, y: 670, width: 24, height: 10 })
  })

  it('zooms in time around an anchor that stays put', () => {
    const z = t.with({ scrollTick: 1000 }).zoomX(2, 300)
    const before = t.with({ scrollTick: 1000 }).xToTick(300)
    expect(z.pixelsPerTick).toBeCloseTo(0.2)
    expect(z.xToTick(300)).toBeCloseTo(before)
  })

  it('zooms pitch rows around an anchor that stays put', () => {
    const z = t.zoomY(1.5, 200)
    expect(z.pixelsPerKey).toBeCloseTo(15)
    expect(z.yToPitch(200)).toBe(t.yToPitch(200))
  })

  it('scrolls on both axes and clamps at the edges', () => {
    const s = t.scrollBy(100, 50)
    expect(s.scrollTick).toBeCloseTo(1000)
    expect(s.topPitch).toBeCloseTo(123)
    expect(t.scrollBy(-100, -100).scrollTick).toBe(0)
    expect(t.scrollBy(0, -1000).topPitch).toBe(128)
    expect(t.zoomX(1e9).pixelsPerTick).toBeLessThanOrEqual(2)
    expect(t.zoomY(1e-9).pixelsPerKey).toBeGreaterThanOrEqual(2)
  })

  it('reports the visible window', () => {
    const s = t.with({ scrollTick: 480, topPitch: 100 })
    expect(s.visibleTicks(480)).toEqual({ start: 480, end: 5280 })
    expect(s.visiblePitches(200)).toEqual({ low: 80, high: 99 })
  })
})
