import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, unmount } from 'svelte'
import SsmHeatmap from '../../../src/renderer/src/charts/SsmHeatmap.svelte'
import { viridis } from '../../../src/renderer/src/charts/colorScale'
import { barTicks, matrixPixels } from '../../../src/renderer/src/charts/heatmap'

let mounted: Record<string, any> | null = null
afterEach(() => {
  if (mounted) unmount(mounted)
  mounted = null
})

describe('heatmap pixels', () => {
  it('maps each value to its viridis colour', () => {
    const values = [0, 0.25, 0.5, 1]
    const px = matrixPixels({ n: 2, values })
    values.forEach((v, k) => {
      const [r, g, b] = viridis(Math.round(v * 255) / 255)
      expect([px[k * 4], px[k * 4 + 1], px[k * 4 + 2], px[k * 4 + 3]]).toEqual([r, g, b, 255])
    })
  })

  it('viridis runs from dark purple to yellow and clamps', () => {
    expect(viridis(0)).toEqual([68, 1, 84])
    expect(viridis(1)).toEqual([253, 231, 37])
    expect(viridis(2)).toEqual(viridis(1))
    expect(viridis(NaN)).toEqual(viridis(0))
  })

  it('puts major ticks on bar lines and minor ones on beats', () => {
    const t = barTicks(64, 4, 4)
    expect(t.filter((x) => x.major).map((x) => x.label)).toEqual(['1', '2', '3', '4', '5'])
    expect(t.length).toBe(17)
  })
})

describe('SsmHeatmap', () => {
  it('draws each cell in the colour of its value', () => {
    const n = 8
    const values = new Float32Array(n * n)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) values[i * n + j] = i === j ? 1 : (i + j) / 20
    const target = document.createElement('div')
    document.body.appendChild(target)
    const side = 160
    mounted = mount(SsmHeatmap, {
      target,
      props: { matrix: { n, values }, side, title: 'real' }
    })
    flushSync()
    const canvas = target.querySelector('canvas')!
    const ctx = canvas.getContext('2d')!
    const area = (mounted as any).plotArea()
    const cell = side / n
    for (const [i, j] of [
      [0, 0],
      [3, 5],
      [7, 1],
      [6, 6]
    ]) {
      const x = Math.floor(area.x + (j + 0.5) * cell)
      const y = Math.floor(area.y + (i + 0.5) * cell)
      const d = ctx.getImageData(x, y, 1, 1).data
      const want = viridis(Math.round(values[i * n + j] * 255) / 255)
      expect([d[0], d[1], d[2]]).toEqual(want)
    }
  })
})
