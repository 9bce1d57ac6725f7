import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, unmount } from 'svelte'
import LossChart from '../../../src/renderer/src/charts/LossChart.svelte'
import type { CurveSeries } from '../../../src/renderer/src/charts/curves'
import { emaSmooth } from '../../../src/renderer/src/charts/smoothing'
import { formatTick } from '../../../src/renderer/src/charts/lineChart'
import { yAxisInk } from './chartInk'

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)))

function run(id: string, n: number, offset: number, color: string, stride = 10): CurveSeries {
  const buckets = Array.from({ length: n }, (_, i) => {
    const mean = Math.cos(i / 5) * 2 + offset
    return { x: i * stride, mean, min: mean - 0.5, max: mean + 0.5 }
  })
  return { id, label: id, color, buckets }
}

let mounted: Record<string, any> | null = null
afterEach(() => {
  if (mounted) unmount(mounted)
  mounted = null
  document.body.innerHTML = ''
})

function mountChart(props: Record<string, unknown>) {
  const target = document.createElement('div')
  document.body.appendChild(target)
  mounted = mount(LossChart, { target, props: props as any })
  flushSync()
  return mounted as unknown as { getPlot: () => any }
}

describe('LossChart', () => {
  it('renders the given series: x values, smoothed means and min/max band columns', async () => {
    const s = run('G loss', 30, 0, '#4fc3f7')
    const c = mountChart({ series: [s], smoothing: 0.6 })
    await frame()
    const u = c.getPlot()
    expect(u.data[0]).toEqual(s.buckets.map((b) => b.x))
    const expected = emaSmooth(
      s.buckets.map((b) => b.mean),
      0.6
    )
    u.data[1].forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i]!, 10))
    expect(u.data[2]).toEqual(s.buckets.map((b) => b.min))
    expect(u.data[3]).toEqual(s.buckets.map((b) => b.max))
    expect(u.series[1].label).toBe('G loss')
    expect(u.bands.length).toBe(1)
    expect(u.root.querySelector('canvas')).not.toBeNull()
  })

  it('overlays runs of different steps on one shared x axis', async () => {
    const a = run('run A', 10, 0, '#f00', 10)
    const b = run('run B', 10, 5, '#0f0', 15)
    const c = mountChart({ series: [a, b], smoothing: 0 })
    await frame()
    const u = c.getPlot()
    const xs = new Set([...a.buckets, ...b.buckets].map((p) => p.x))
    expect(u.data[0].length).toBe(xs.size)
    const at = u.data[0].indexOf(135)
    expect(u.data[4][at]).toBeCloseTo(b.buckets[9].mean!)
    expect(u.data[1][at] ?? null).toBeNull()
  })

  it('labels the x axis with the alignment', async () => {
    const s = run('D', 5, 0, '#fff')
    const c = mountChart({ series: [s], x: 'epoch' })
    await frame()
    const u = c.getPlot()
    expect(u.axes[0].label).toBe('epoch')
  })

  it('uses a log scale for positive data and asinh for signed data', async () => {
    const pos = run('gp', 10, 10, '#fff')
    let c = mountChart({ series: [pos], logScale: true })
    await frame()
    expect(c.getPlot().scales.y.distr).toBe(3)
    unmount(mounted!)
    const signed = run('W', 10, 0, '#fff')
    c = mountChart({ series: [signed], logScale: true })
    await frame()
    expect(c.getPlot().scales.y.distr).toBe(4)
  })

  it('reports the x of a clicked point', async () => {
    const s = run('G', 20, 0, '#fff', 1)
    let picked: number | null = null
    const c = mountChart({ series: [s], x: 'epoch', onPick: (x: number) => (picked = x) })
    await frame()
    const u = c.getPlot()
    const rect = u.over.getBoundingClientRect()
    const left = u.valToPos(s.buckets[12].x, 'x')
    u.over.dispatchEvent(
      new MouseEvent('mousemove', {
        clientX: rect.left + left,
        clientY: rect.top + 10,
        bubbles: true
      })
    )
    u.over.dispatchEvent(
      new MouseEvent('mousedown', {
        clientX: rect.left + left,
        clientY: rect.top + 10,
        bubbles: true
      })
    )
    u.over.dispatchEvent(
      new MouseEvent('mouseup', {
        clientX: rect.left + left,
        clientY: rect.top + 10,
        bubbles: true
      })
    )
    u.over.dispatchEvent(
      new MouseEvent('click', { clientX: rect.left + left, clientY: rect.top + 10, bubbles: true })
    )
    expect(picked).toBeCloseTo(s.buckets[12].x)
  })

  it('formats y ticks with the given formatter', async () => {
    const s = run('lr', 5, 1, '#fff')
    const c = mountChart({ series: [s], yFormat: (v: number) => v.toExponential(1) })
    await frame()
    const u = c.getPlot()
    expect(u.axes[1].values(u, [0.0003, 0.0006], 1, 0, 0)).toEqual(['3.0e-4', '6.0e-4'])
  })
})

describe('LossChart y axis (issue 14: loss charts had no y-axis numbers)', () => {
  it('draws numbered y ticks for a loss curve: labels span the data and ink lies left of the plot', async () => {
    const s = run('G loss', 40, -3, '#4fc3f7')
    const c = mountChart({ series: [s], width: 420, height: 180 })
    await frame()
    const u = c.getPlot()
    const root = document.querySelector('[data-testid="loss-chart"]')!
    const labels = (root.querySelector('[data-y-ticks]') as HTMLElement).dataset.yTicks!.split(' ')
    expect(labels.length).toBeGreaterThanOrEqual(3)
    const nums = labels.map(Number)
    expect(nums.every(Number.isFinite)).toBe(true)
    expect(Math.min(...nums)).toBeLessThanOrEqual(-3)
    expect(Math.max(...nums)).toBeGreaterThanOrEqual(-3)
    expect(u.axes[1]._size).toBeGreaterThan(20)
    expect(yAxisInk(root)).toBeGreaterThan(50)
  })

  it('keeps small and signed values readable', () => {
    expect(formatTick(0)).toBe('0')
    expect(formatTick(-1.23456)).toBe('-1.235')
    expect(formatTick(0.00002)).toBe('2.0e-5')
    expect(formatTick(250)).toBe('250')
  })
})
