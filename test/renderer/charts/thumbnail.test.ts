import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, unmount } from 'svelte'
import PianoRollThumb from '../../../src/renderer/src/features/thumbnails/PianoRollThumb.svelte'
import { fitWindow, noteRects } from '../../../src/renderer/src/features/thumbnails/thumbnail'
import { FAMILIES } from '../../../src/shared/music/families'
import type { Piece } from '../../../src/shared/music/piece'

const PPQ = 480
function piece(): Piece {
  return {
    title: 't',
    ppq: PPQ,
    tempos: [],
    timeSignatures: [],
    tracks: [
      {
        name: 'bass',
        family: 5,
        program: 33,
        isDrum: false,
        notes: [{ pitch: 40, start: 0, duration: PPQ * 4, velocity: 90 }]
      },
      {
        name: 'piano',
        family: 1,
        program: 0,
        isDrum: false,
        notes: [{ pitch: 71, start: PPQ * 8, duration: PPQ * 8, velocity: 90 }]
      }
    ]
  }
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))

let mounted: Record<string, any> | null = null
afterEach(() => {
  if (mounted) unmount(mounted)
  mounted = null
})

describe('thumbnail layout', () => {
  it('fits the window to the notes', () => {
    expect(fitWindow(piece())).toEqual({
      startTick: 0,
      endTick: PPQ * 16,
      lowPitch: 40,
      highPitch: 71
    })
  })

  it('places notes by time and pitch with their family colour', () => {
    const r = noteRects(piece(), 160, 64)
    expect(r).toHaveLength(2)
    const [bass, pno] = r
    expect(bass.x).toBe(0)
    expect(bass.w).toBeCloseTo(40)
    expect(bass.y).toBeCloseTo(62) // lowest row at the bottom: (71-40) * 64/32
    expect(bass.color).toBe(FAMILIES[5].color)
    expect(pno.x).toBeCloseTo(80)
    expect(pno.y).toBe(0)
    expect(pno.color).toBe(FAMILIES[1].color)
  })
})

describe('PianoRollThumb', () => {
  it('paints notes at the right pixels', () => {
    const target = document.createElement('div')
    document.body.appendChild(target)
    mounted = mount(PianoRollThumb, { target, props: { piece: piece(), width: 160, height: 64 } })
    flushSync()
    const ctx = target.querySelector('canvas')!.getContext('2d')!
    const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))
    expect(px(20, 63)).toEqual(hex(FAMILIES[5].color))
    expect(px(120, 0)).toEqual(hex(FAMILIES[1].color))
    expect(px(60, 30)).toEqual(hex('#15161a'))
  })
})
