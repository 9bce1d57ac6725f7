import uPlot from 'uplot'
import type { SeriesColumns } from './curves'

/** One line to draw: its columns, name and colour. */
export interface LineSpec {
  label: string
  color: string
  cols: SeriesColumns
}

/** Display options of a LineChart; changing any of them rebuilds the uPlot instance. */
export interface LineChartOptions {
  width: number
  height: number
  /** Log y axis: log10 when every value is positive, asinh (a signed log) otherwise, since WGAN losses go negative. */
  logScale: boolean
  /** Shade each line's min..max band (the downsampled buckets' extremes). */
  showBand: boolean
  xLabel: string
  yLabel?: string
  /** Formats y tick labels (e.g. exponents for learning rates); uPlot's default otherwise. */
  yFormat?: (v: number) => string
  /** Called with the x value and index of the point clicked. */
  onPick?: (x: number, index: number) => void
}

/** A y tick label: up to 4 significant digits, exponents for very small or large values. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a < 1e-3 || a >= 1e5) return v.toExponential(1)
  return String(Number(v.toPrecision(4)))
}

/** Width of the y axis: room for its widest label (8 px a character at 12 px), gap, tick marks and its title. */
function axisSize(values: string[] | null, titled: boolean): number {
  const widest = Math.max(3, ...(values ?? []).map((s) => s.length))
  return Math.ceil(widest * 8 + 20 + (titled ? 18 : 0))
}

/** Flattened uPlot table plus the series count, so a rebuild is needed only when the shape changes. */
function buildData(lines: LineSpec[]): uPlot.AlignedData {
  const tables = lines.map(
    (l) => [l.cols.xs, l.cols.mean, l.cols.min, l.cols.max] as unknown as uPlot.AlignedData
  )
  if (tables.length === 0) return [[]]
  if (tables.length === 1) return tables[0]
  return uPlot.join(tables)
}

function allPositive(lines: LineSpec[]): boolean {
  return lines.every((l) =>
    [l.cols.min, l.cols.mean].every((c) => c.every((v) => v === null || v > 0))
  )
}

function seriesFor(lines: LineSpec[], band: boolean): uPlot.Series[] {
  const out: uPlot.Series[] = [{ label: 'x' }]
  for (const l of lines) {
    out.push({
      label: l.label,
      stroke: l.color,
      width: 1.5,
      spanGaps: true,
      points: { show: false }
    })
    const edge = { stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } }
    out.push({ ...edge, label: `${l.label} min`, show: band })
    out.push({ ...edge, label: `${l.label} max`, show: band })
  }
  return out
}

/**
 * A uPlot chart of several lines with optional min/max bands. Data updates go through
 * scheduleData(), which coalesces them into one setData per animation frame, so a burst of progress
 * events never costs more than one redraw a frame.
 */
export class LineChart {
  plot: uPlot | null = null
  /** The y tick labels of the last draw (also on the element as data-y-ticks, for end-to-end checks). */
  yTicks: string[] = []
  private lines: LineSpec[] = []
  private shapeKey = ''
  private frame = 0

  constructor(
    private readonly el: HTMLElement,
    private opts: LineChartOptions
  ) {}

  /** Change display options (rebuilds on the next update). */
  setOptions(opts: LineChartOptions): void {
    this.opts = opts
    this.scheduleData(this.lines)
  }

  /** Replace the lines; the redraw happens on the next animation frame. */
  scheduleData(lines: LineSpec[]): void {
    this.lines = lines
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.flush()
    })
  }

  /** Draw the current lines now (used by tests and by the rAF callback). */
  flush(): void {
    const data = buildData(this.lines)
    const log = this.opts.logScale
    const key = JSON.stringify([
      this.lines.map((l) => [l.label, l.color]),
      this.opts,
      log && allPositive(this.lines)
    ])
    if (!this.plot || key !== this.shapeKey) {
      this.plot?.destroy()
      this.plot = new uPlot(this.config(), data, this.el)
      this.shapeKey = key
    } else {
      this.plot.setData(data)
    }
  }

  private config(): uPlot.Options {
    const o = this.opts
    const format = o.yFormat ?? formatTick
    const distr = !o.logScale ? 1 : allPositive(this.lines) ? 3 : 4
    const bands: uPlot.Band[] = o.showBand
      ? this.lines.map((l, i) => ({ series: [3 + i * 3, 2 + i * 3], fill: `${l.color}33` }))
      : []
    return {
      width: o.width,
      height: o.height,
      scales: { x: { time: false }, y: { distr: distr as uPlot.Scale.Distr } },
      axes: [
        { label: o.xLabel, stroke: '#aaa', grid: { stroke: '#ffffff14' } },
        {
          label: o.yLabel,
          stroke: '#aaa',
          grid: { stroke: '#ffffff14' },
          // Never `size: undefined`: uPlot copies it over its default and the axis (numbers included) vanishes.
          size: (_u: uPlot, values: string[] | null) => axisSize(values, !!o.yLabel),
          values: (_u: uPlot, splits: number[]) => {
            const labels = splits.map((v) => (v === null ? '' : format(v)))
            this.yTicks = labels
            this.el.dataset.yTicks = labels.join(' ')
            return labels
          }
        }
      ],
      series: seriesFor(this.lines, o.showBand),
      bands,
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      hooks: { ready: [(u) => this.bindClick(u)] }
    }
  }

  private bindClick(u: uPlot): void {
    u.over.addEventListener('click', () => {
      const idx = u.cursor.idx
      if (idx === null || idx === undefined || !this.opts.onPick) return
      const x = u.data[0][idx]
      if (x !== undefined && x !== null) this.opts.onPick(x, idx)
    })
  }

  /** Free the uPlot instance and any pending frame. */
  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame)
    this.frame = 0
    this.plot?.destroy()
    this.plot = null
  }
}
